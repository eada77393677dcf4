import tensorflow as tf
from tensorflow_examples.models.pix2pix import pix2pix

OUTPUT_CHANNELS = 3

def Generator():
  inputs = tf.keras.layers.Input(shape=[256, 256, 3])

  down_stack = [
    pix2pix.downsample(64, 4, apply_norm=False),  # (batch_size, 128, 128, 64)
    pix2pix.downsample(128, 4),  # (batch_size, 64, 64, 128)
    pix2pix.downsample(256, 4),  # (batch_size, 32, 32, 256)
    pix2pix.downsample(512, 4),  # (batch_size, 16, 16, 512)
    pix2pix.downsample(512, 4),  # (batch_size, 8, 8, 512)
    pix2pix.downsample(512, 4),  # (batch_size, 4, 4, 512)
    pix2pix.downsample(512, 4),  # (batch_size, 2, 2, 512)
    pix2pix.downsample(512, 4),  # (batch_size, 1, 1, 512)
  ]

  up_stack = [
    pix2pix.upsample(512, 4, apply_dropout=True),  # (batch_size, 2, 2, 1024)
    pix2pix.upsample(512, 4, apply_dropout=True),  # (batch_size, 4, 4, 1024)
    pix2pix.upsample(512, 4, apply_dropout=True),  # (batch_size, 8, 8, 1024)
    pix2pix.upsample(512, 4),  # (batch_size, 16, 16, 1024)
    pix2pix.upsample(256, 4),  # (batch_size, 32, 32, 512)
    pix2pix.upsample(128, 4),  # (batch_size, 64, 64, 256)
    pix2pix.upsample(64, 4),  # (batch_size, 128, 128, 128)
  ]

  initializer = tf.random_normal_initializer(0., 0.02)
  last = tf.keras.layers.Conv2DTranspose(OUTPUT_CHANNELS, 4,
                                         strides=2,
                                         padding='same',
                                         kernel_initializer=initializer,
                                         activation='tanh')  # (batch_size, 256, 256, 3)

  x = inputs

  # Downsampling through the model
  skips = []
  for down in down_stack:
    x = down(x)
    skips.append(x)

  skips = reversed(skips[:-1])

  # Upsampling and establishing the skip connections
  for up, skip in zip(up_stack, skips):
    x = up(x)
    x = tf.keras.layers.Concatenate()([x, skip])

  x = last(x)

  return tf.keras.Model(inputs=inputs, outputs=x)

generator = Generator()
generator.summary()
