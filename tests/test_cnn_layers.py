"""Keras layers beyond Conv/Dense/pooling: each count pinned to Keras' own figure, with the arithmetic written out.

Every parameter count, trainable split and output shape below was also checked once against Keras 3.15's
``model.summary()`` (torch backend).  Where Keras and PyTorch agree (Embedding, ConvTranspose, LayerNorm),
the count is compared with PyTorch's own module too; where they differ (nn.LSTM has two biases) Keras'
formula is what we count.  Everything runs on the ``meta`` device, so no test allocates real weights.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

import cnn_demos
from cnn_demos import SpecError
from cnn_demos import spec as spec_module
from cnn_demos.build import module
from cnn_demos.shapes import merge
from cnn_demos.spec import Dense, Ignored, Input, Merge, Recurrent, guess_layout, keras_layer, parse


def keras(shape: tuple[int, ...], *layers: str) -> cnn_demos.Report:
    """The call notation, one layer per line, after a Keras Input."""
    return cnn_demos.params(f"Input(shape={shape})\n" + "\n".join(layers))


def rows(report: cnn_demos.Report) -> list[tuple[str, int]]:
    return [(r.output_shape, r.params) for r in report.rows[1:]]


def torch_count(mod: nn.Module) -> int:
    return sum(p.numel() for p in mod.parameters())


# ---------------------------------------------------------------- sequences


def test_embedding_lstm_dense_as_in_the_keras_rnn_guide():
    report = keras((100,), "Embedding(1000, 64)", "LSTM(128)", "Dense(1)")
    assert rows(report) == [
        ("100x64", 1000 * 64),                      # T x D, channels-last like Keras' (None, 100, 64)
        ("128", 4 * (128 * (64 + 128) + 128)),      # 98,816: 4 gates x (kernel + recurrent kernel + bias)
        ("1", 128 + 1),
    ]
    assert report.total_params == 64_000 + 98_816 + 129
    lstm_macs = 100 * 4 * 128 * (64 + 128)          # per step: input and recurrent matmuls
    assert report.rows[2].macs == lstm_macs
    assert report.macs == lstm_macs + 128 and report.flop_counter_flops == report.flops
    assert report.rows[1].params == torch_count(nn.Embedding(1000, 64, device="meta"))


@pytest.mark.parametrize("layer, params", [
    ("SimpleRNN(8)", 8 * (16 + 8) + 8),                        # u(in+u) + u = 200
    ("SimpleRNN(8, use_bias=False)", 8 * (16 + 8)),
    ("LSTM(8)", 4 * (8 * (16 + 8) + 8)),                       # 800
    ("GRU(8)", 3 * (8 * (16 + 8) + 2 * 8)),                    # TF2's reset_after=True: two biases, 624
    ("GRU(8, reset_after=False)", 3 * (8 * (16 + 8) + 8)),     # 600
    ("Bidirectional(LSTM(8))", 2 * 4 * (8 * (16 + 8) + 8)),    # two LSTMs
])
def test_recurrent_layers_count_like_keras(layer, params):
    report = keras((20, 16), layer)
    assert report.rows[1].params == params
    assert report.flop_counter_flops == report.flops  # the matmuls, counted alike by both


def test_recurrent_macs_are_the_input_and_recurrent_matmuls_per_step():
    steps, features, units = 20, 16, 8
    assert keras((steps, features), "GRU(8)").macs == steps * 3 * units * (features + units)
    assert keras((steps, features), "SimpleRNN(8)").macs == steps * units * (features + units)


def test_pytorch_lstm_has_a_second_bias_that_keras_lacks():
    ours = keras((20, 16), "LSTM(8)").rows[1].params
    assert torch_count(nn.LSTM(16, 8, device="meta")) == ours + 4 * 8


def test_sequences_and_bidirectional_merge_modes():
    report = keras((20, 16), "Bidirectional(LSTM(10, return_sequences=True))",
                   "Bidirectional(LSTM(10), merge_mode='sum')")
    assert rows(report) == [("20x20", 2 * 4 * (10 * (16 + 10) + 10)),   # concat doubles the width: 2,160
                            ("10", 2 * 4 * (10 * (20 + 10) + 10))]      # sum keeps it: 2,480
    assert keras((20, 16), "SimpleRNN(8, return_sequences=True)").rows[1].output_shape == "20x8"


def test_sequences_compose_with_conv1d_pooling_and_dense_on_the_last_axis():
    report = keras((100,), "Embedding(1000, 64)", "Conv1D(32, 5, padding='causal')", "MaxPooling1D()",
                   "GRU(16, return_sequences=True)", "Dense(4)", "GlobalAveragePooling1D()")
    assert rows(report) == [("100x64", 64_000), ("100x32", 5 * 64 * 32 + 32), ("50x32", 0),
                            ("50x16", 3 * (16 * (32 + 16) + 2 * 16)), ("50x4", 16 * 4 + 4), ("4", 0)]


def test_repeat_vector_and_time_distributed_dense():
    assert rows(keras((32,), "RepeatVector(5)", "TimeDistributed(Dense(4))")) == [("5x32", 0), ("5x4", 32 * 4 + 4)]


def test_dense_on_a_sequence_applies_to_the_last_axis():
    report = keras((10, 128), "Dense(64)")
    assert rows(report) == [("10x64", 128 * 64 + 64)]
    assert report.macs == 10 * 128 * 64
    with pytest.raises(SpecError, match="Flatten"):  # the compact notation still asks for Flatten first
        cnn_demos.params("input 28x28x1 | conv 8 3 | dense 10")


# ---------------------------------------------------------------- transposed and separable convolutions


@pytest.mark.parametrize("layer, out", [
    ("Conv2DTranspose(32, 3, strides=2, padding='same')", "14x14x32"),                  # same: in*s
    ("Conv2DTranspose(32, 3, strides=2)", "15x15x32"),                                  # valid: (in-1)*s + k
    ("Conv2DTranspose(32, 2, strides=3)", "21x21x32"),                                  # valid, k < s: in*s
    ("Conv2DTranspose(32, 4, strides=2, padding='same', output_padding=1)", "13x13x32"),  # (7-1)*2 + 4 - 2*2 + 1
])
def test_conv_transpose_output_sizes_follow_keras(layer, out):
    report = keras((7, 7, 64), layer)
    assert report.rows[1].output_shape == out
    kernel = 2 if "2, strides=3" in layer else 4 if "4," in layer else 3
    weights = kernel * kernel * 64 * 32 + 32
    assert report.rows[1].params == weights == torch_count(nn.ConvTranspose2d(64, 32, kernel, device="meta"))


def test_conv_transpose_flops_count_each_input_pixel_times_the_kernel():
    report = keras((7, 7, 64), "Conv2DTranspose(32, 3, strides=2, padding='same')")
    assert report.flop_counter_flops == 2 * (7 * 7) * 64 * 32 * 3 * 3


def test_conv_transpose_macs_agree_with_flop_counter():
    report = keras((7, 7, 64), "Conv2DTranspose(32, 3, strides=2, padding='same')")
    assert report.macs == (7 * 7) * 64 * 32 * 3 * 3  # input pixels x kernel, as flop_counter counts
    assert report.flops == report.flop_counter_flops


def test_pytorch_conv_transpose_and_the_1d_3d_forms():
    report = cnn_demos.params("input 3x16x16 | nn.ConvTranspose2d(3, 8, 3, stride=2, padding=1, output_padding=1)")
    assert rows(report) == [("8x32x32", 3 * 8 * 9 + 8)]  # (16-1)*2 - 2*1 + 3 + 1 = 32
    assert rows(keras((30, 5), "Conv1DTranspose(4, 3, strides=2)")) == [("61x4", 3 * 5 * 4 + 4)]
    assert rows(keras((9, 9, 9, 2), "Conv3DTranspose(3, 3, strides=2)")) == [("19x19x19x3", 27 * 2 * 3 + 3)]


def test_separable_and_depthwise_convolutions():
    report = keras((28, 28, 3), "SeparableConv2D(16, 3, padding='same')",
                   "SeparableConv2D(8, 3, strides=2, depth_multiplier=2)", "DepthwiseConv2D(3, depth_multiplier=3)")
    assert rows(report) == [
        ("28x28x16", 3 * 3 * 3 + 3 * 16 + 16),          # depthwise without bias + pointwise + bias = 91
        ("13x13x8", 3 * 3 * 16 * 2 + 16 * 2 * 8 + 8),   # 552
        ("11x11x24", 3 * 3 * 8 * 3 + 8 * 3),            # depthwise k*k*in*m + in*m bias = 240
    ]
    assert report.rows[1].macs == 28 * 28 * 3 * 9 + 28 * 28 * 16 * 3
    assert report.flop_counter_flops == report.flops
    assert rows(keras((30, 5), "SeparableConv1D(3, 3)")) == [("28x3", 3 * 5 + 5 * 3 + 3)]


# ---------------------------------------------------------------- resizing layers


def test_upsampling_padding_and_cropping_forms():
    report = keras((28, 28, 3), "UpSampling2D()", "ZeroPadding2D(((1, 2), (3, 4)))", "ZeroPadding2D(1)",
                   "Cropping2D(2)", "Cropping2D(((1, 0), (0, 2)))", "UpSampling2D((2, 3), interpolation='bilinear')")
    assert [r.output_shape for r in report.rows[1:]] == ["56x56x3", "59x63x3", "61x65x3", "57x61x3", "56x59x3",
                                                         "112x177x3"]
    assert report.total_params == 0
    one_d = keras((30, 5), "UpSampling1D(3)", "ZeroPadding1D((1, 2))", "Cropping1D((2, 1))")
    assert [r.output_shape for r in one_d.rows[1:]] == ["90x5", "93x5", "90x5"]
    three_d = keras((8, 8, 8, 2), "UpSampling3D()", "ZeroPadding3D(2)", "Cropping3D()")
    assert [r.output_shape for r in three_d.rows[1:]] == ["16x16x16x2", "20x20x20x2", "18x18x18x2"]


def test_reshape_and_permute_work_in_keras_order():
    report = keras((12, 12, 4), "Reshape((-1, 16))", "Permute((2, 1))", "Flatten()")
    assert [r.output_shape for r in report.rows[1:]] == ["36x16", "16x36", "576"]


# ---------------------------------------------------------------- normalisation and activations


def test_layer_normalization_matches_pytorch_and_keras_axes():
    report = keras((10, 128), "LayerNormalization()")
    assert report.rows[1].params == 2 * 128 == torch_count(nn.LayerNorm(128, device="meta"))
    axes = keras((6, 10, 8), "LayerNormalization(axis=[1, 2])", "LayerNormalization(center=False)")
    assert [r.params for r in axes.rows[1:]] == [2 * 6 * 10, 8]


def test_normalization_statistics_are_non_trainable_like_batch_norm():
    report = keras((10, 64), "Normalization()")
    assert report.rows[1].params == 2 * 64 + 1  # mean and variance per feature, and the count
    assert (report.trainable_params, report.non_trainable_params) == (0, 129)
    assert keras((10, 8), "Normalization(axis=None)").total_params == 3
    assert keras((10, 8), "Normalization(mean=0.5, variance=0.25)").total_params == 0


def test_batch_norm_after_dense_and_keras_axes():
    report = cnn_demos.params("input 10 | dense 8 | bn")
    assert (report.total_params, report.trainable_params, report.non_trainable_params) == (10 * 8 + 8 + 4 * 8, 104, 16)
    axis = keras((6, 10, 8), "BatchNormalization(axis=1)", "BatchNormalization(center=False, scale=False)")
    assert [(r.params, r.trainable) for r in axis.rows[1:]] == [(4 * 6, 2 * 6), (2 * 8, 0)]


def test_prelu_has_one_alpha_per_element_unless_shared():
    report = keras((28, 28, 32), "PReLU()", "PReLU(shared_axes=[1, 2])")
    assert [r.params for r in report.rows[1:]] == [28 * 28 * 32, 32]  # 25,088 and 32
    assert cnn_demos.params("input 8x4x4 cf | nn.PReLU(8)").total_params == 8


@pytest.mark.parametrize("layer", [
    "Rescaling(1./255)", "GaussianNoise(0.1)", "GaussianDropout(0.2)", "AlphaDropout(0.1)", "SpatialDropout2D(0.2)",
    "ActivityRegularization(l1=0.01)", "LeakyReLU(0.1)", "ReLU(max_value=6)", "Softmax()", "ELU()",
    "Activation(tf.nn.relu)", "Activation(keras.activations.swish)", "Masking()",
])
def test_layers_without_weights_pass_the_shape_through(layer):
    report = keras((8, 8, 3), layer)
    assert rows(report) == [("8x8x3", 0)]


def test_global_pooling_variants():
    assert rows(keras((10, 6), "GlobalMaxPooling1D()")) == [("6", 0)]
    assert rows(keras((10, 6), "GlobalAveragePooling1D()")) == [("6", 0)]
    assert rows(keras((6, 6, 5), "GlobalMaxPooling2D()")) == [("5", 0)]
    assert rows(keras((6, 6, 5), "GlobalAveragePooling2D(keepdims=True)")) == [("1x1x5", 0)]


def test_trainable_false_freezes_the_layer():
    report = keras((28, 28, 1), "Conv2D(8, 3, trainable=False)", "Dense(2)")
    assert report.total_params == 80 + 8 * 2 + 2
    assert (report.trainable_params, report.non_trainable_params) == (18, 80)


# ---------------------------------------------------------------- merge layers (several inputs)


def test_merge_rules_and_modules():
    cat = merge(Merge(op="concatenate"), [(4, 5, 5), (6, 5, 5)], "channels_last")
    assert cat.out_shape == (10, 5, 5) and cat.in_shapes == ((4, 5, 5), (6, 5, 5))  # Keras: 5x5x4 + 5x5x6
    along_h = merge(Merge(op="concatenate", axis=1), [(4, 2, 5), (4, 3, 5)], "channels_last")
    assert along_h.out_shape == (4, 5, 5)  # Keras axis 1 (batch = 0): the height
    added = merge(Merge(op="add"), [(4, 7), (4, 1)], "channels_last")
    assert added.out_shape == (4, 7)       # a 1 broadcasts, as in Keras
    for shaped in (cat, along_h, added):
        out = module(shaped)(*(torch.empty((1, *s), device="meta") for s in shaped.in_shapes))
        assert tuple(out.shape[1:]) == shaped.out_shape
    for op in ("subtract", "multiply", "average", "maximum", "minimum"):
        shaped = merge(Merge(op=op), [(3, 4), (3, 4)], "channels_last")
        assert module(shaped)(torch.empty(1, 3, 4), torch.empty(1, 3, 4)).shape == (1, 3, 4)


@pytest.mark.parametrize("node, shapes, fragment", [
    (Merge(op="add"), [(4, 5, 5), (6, 5, 5)], "هم‌شکل نیستند"),
    (Merge(op="add"), [(4, 5)], "دست‌کم"),
    (Merge(op="subtract"), [(4,), (4,), (4,)], "Subtract"),
    (Merge(op="concatenate"), [(4, 5, 5), (6, 3, 5)], "جز در محور"),
    (Merge(op="concatenate", axis=4), [(4, 5, 5), (6, 5, 5)], "محور 4"),
    (Merge(op="multiply"), [(4, 5, 5), (4, 5)], "هم‌شکل نیستند"),
])
def test_merge_errors_are_persian(node, shapes, fragment):
    with pytest.raises(SpecError) as err:
        merge(node, shapes, "channels_last")
    assert fragment in str(err.value)


def test_a_merge_layer_in_a_stack_is_explained():
    with pytest.raises(SpecError, match="functional|تابعی"):
        keras((4, 4, 3), "Add()")


# ---------------------------------------------------------------- the input's layout


@pytest.mark.parametrize("shape, layout", [
    ((192, 28, 28), "channels_first"), ((28, 28, 192), "channels_last"), ((3, 224, 224), "channels_first"),
    ((224, 224, 3), "channels_last"), ((3, 224, 200), "channels_first"), ((200, 224, 3), "channels_last"),
    ((4, 4, 4), "channels_last"), ((100, 1), "channels_last"), ((3, 100), "channels_first"),
    ((16, 112, 112, 3), "channels_last"), ((3, 16, 112, 112), "channels_first"), ((784,), "channels_last"),
])
def test_layout_read_from_the_shape(shape, layout):
    assert guess_layout(shape) == layout


def test_192x28x28_is_channels_first_not_28_channels():
    assert cnn_demos.params("input 192x28x28 | conv 64 1").total_params == 192 * 64 + 64  # 12,352, not 1,856


def test_an_ambiguous_input_asks_for_cf_or_cl():
    with pytest.raises(SpecError) as err:
        cnn_demos.params("input 64x32x16 | conv 8 3")
    assert "cf" in str(err.value) and "cl" in str(err.value) and "۶۴" in str(err.value)
    with pytest.raises(SpecError):
        cnn_demos.params("input 100x7 | conv1d 8 3")
    with pytest.raises(SpecError):
        guess_layout((64, 32, 16))


def test_what_settles_an_ambiguous_input():
    assert cnn_demos.params("input 64x32x16 cf | conv 8 3").rows[1].output_shape == "8x30x14"
    assert cnn_demos.params("input 64x32x16 cl | conv 8 3").rows[1].output_shape == "62x30x8"
    torch_style = cnn_demos.params("input 64x32x16 | nn.Conv2d(16, 8, 3)")   # 16 channels: the last axis
    assert torch_style.layout == "channels_last" and torch_style.total_params == 9 * 16 * 8 + 8
    assert cnn_demos.params("input 64x32x16 | nn.Conv2d(64, 8, 3)").layout == "channels_first"
    assert cnn_demos.params("input 100x7 | Conv1D(16, 3)").layout == "channels_last"  # Keras' default


def test_stated_channels_that_match_neither_end_are_named():
    with pytest.raises(SpecError) as err:
        cnn_demos.params("input 64x32x16 | nn.Conv2d(8, 8, 3)")
    assert "8" in str(err.value) and "64x32x16" in str(err.value)
    with pytest.raises(SpecError) as err:
        cnn_demos.params("input 28x28x3 | nn.Conv2d(1, 8, 3)")
    assert "1" in str(err.value) and "3" in str(err.value)


def test_a_marked_input_is_never_second_guessed():
    with pytest.raises(SpecError):  # cl says 3 channels; the layer's 28 does not overrule it
        cnn_demos.params("input 28x28x3 cl | nn.Conv2d(28, 8, 3)")


def test_keras_data_format_channels_first_is_honoured_or_refused():
    report = keras((3, 32, 32), "Conv2D(8, 3, data_format='channels_first')",
                   "MaxPooling2D(data_format='channels_first')", "BatchNormalization(axis=1)")
    assert report.layout == "channels_first"
    assert rows(report) == [("8x30x30", 3 * 9 * 8 + 8), ("8x15x15", 0), ("8x15x15", 4 * 8)]
    with pytest.raises(SpecError, match="data_format"):
        cnn_demos.params("input 32x32x3 cl | Conv2D(8, 3, data_format='channels_first')")


# ---------------------------------------------------------------- the keras_layer contract


def test_keras_layer_takes_evaluated_values_and_ignores_what_changes_no_count():
    base = {"number": 4, "path": (), "source": "Dense(...)"}
    nodes = keras_layer("layers.Dense", [10], {"activation": "relu", "kernel_regularizer": Ignored("l2"),
                                               "kernel_initializer": "he_normal", "name": "fc"}, base)
    assert nodes == [Dense(units=10, activation="relu", last_axis=True, **base)]
    lstm = keras_layer("LSTM", [8], {"dropout": 0.2, "recurrent_dropout": 0.1, "unroll": False}, base)[0]
    both = keras_layer("Bidirectional", [lstm], {"merge_mode": "ave"}, base)
    assert both[0] == Recurrent(cell="LSTM", units=8, merge="ave", **base)
    first = keras_layer("Conv2D", [8, 3], {"input_shape": (28, 28, 1)}, base)
    assert isinstance(first[0], Input) and first[0].shape == (28, 28, 1)
    cat = keras_layer("concatenate", [["a", "b"]], {"axis": 1}, base)[0]
    assert cat == Merge(op="concatenate", axis=1, **base)


@pytest.mark.parametrize("name, args, kwargs, fragment", [
    ("Dense", ["a"], {}, "«units»"),
    ("Dense", [8], {"lora_rank": 4}, "lora_rank"),       # changes the count: refused, not ignored
    ("Conv2D", [8], {}, "kernel_size"),
    ("Dense", [8], {"activation": "relux"}, "relux"),
    ("LSTM", [8], {"return_state": True}, "return_state"),
    ("Bidirectional", [Dense(units=3)], {}, "LSTM"),
    ("Dropout", [1.5], {}, "۰"),
    ("nn.LSTM", [8, 16], {}, "forward"),
    ("Frobnicate", [], {}, "«Frobnicate»"),
    ("Input", [], {"shape": (None, 8)}, "None"),
    ("Reshape", [(0, 4)], {}, "target_shape"),
    ("ZeroPadding2D", [(1, 2, 3)], {}, "padding"),
])
def test_keras_layer_refuses_wrong_arguments_in_persian(name, args, kwargs, fragment):
    with pytest.raises(SpecError) as err:
        keras_layer(name, args, kwargs, {"number": 2, "path": (), "source": name})
    assert fragment in str(err.value)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(err.value))


@pytest.mark.parametrize("layers, fragment", [
    (["LSTM(4)", "LSTM(4)"], "LSTM"),                          # the second gets a flat (4,)
    (["Reshape((7, 7))"], "Reshape"),
    (["Permute((1, 1))"], "dims"),
    (["Cropping1D((10, 10))"], "برش"),
    (["Conv1DTranspose(4, 3, strides=2, output_padding=2)"], "output_padding"),
    (["RepeatVector(3)"], "RepeatVector"),
    (["LayerNormalization(axis=5)"], "محور 5"),
])
def test_shape_errors_of_new_layers_are_persian(layers, fragment):
    with pytest.raises(SpecError) as err:
        keras((20, 16), *layers)
    assert fragment in str(err.value)


def test_pasted_keras_with_nested_calls_and_arithmetic():
    code = """model = keras.Sequential([
    layers.Embedding(5000, 32, input_length=40),
    layers.Bidirectional(layers.LSTM(16, kernel_regularizer=keras.regularizers.l2(1e-4))),
    layers.Dense(2 * 8, activation=tf.nn.relu),
    layers.Dense(1, activation='sigmoid'),
])"""
    nodes = parse(code)  # the line reader (cnn_demos.reader reads whole programs through keras_layer too)
    assert nodes[0].shape == (40,)  # Keras 2's input_length on the first layer
    report = cnn_demos.count_nodes(nodes)
    assert [r.params for r in report.rows] == [0, 5000 * 32, 2 * 4 * (16 * (32 + 16) + 16), 32 * 16 + 16, 17]


# ---------------------------------------------------------------- attention, ConvLSTM2D, TimeDistributed, Resizing
#
# Each (layers, input) → (output shape, parameters) below is what Keras 3.15.1 (torch backend) printed for the
# same model; test_keras_itself_agrees rebuilds them in Keras when it is installed and compares again.

KERAS_FIGURES = [
    ((10, 64), ["MultiHeadAttention(num_heads=4, key_dim=16)"], [("10x64", 16_640)]),  # 3·(64·64+64) + 64·64+64
    ((10, 64), ["MultiHeadAttention(num_heads=2, key_dim=8, value_dim=12, output_shape=32, use_bias=False)"],
     [("10x32", 64 * 16 * 2 + 64 * 24 + 24 * 32)]),                                     # 4,352
    ((5, 32, 32, 3), ["ConvLSTM2D(16, 3)"], [("30x30x16", 4 * (9 * 3 * 16 + 9 * 16 * 16) + 4 * 16)]),  # 11,008
    ((5, 32, 32, 3), ["ConvLSTM2D(16, (3, 3), padding='same', return_sequences=True)"],
     [("5x32x32x16", 11_008)]),
    ((5, 32, 32, 3), ["TimeDistributed(Conv2D(8, 3))"], [("5x30x30x8", 9 * 3 * 8 + 8)]),
    ((5, 32, 32, 3), ["TimeDistributed(MaxPooling2D())", "TimeDistributed(Flatten())"],
     [("5x16x16x3", 0), ("5x768", 0)]),
    ((5, 16), ["TimeDistributed(Dense(10))"], [("5x10", 170)]),
    ((4, 10, 6), ["TimeDistributed(LSTM(8))"], [("4x8", 4 * (8 * (6 + 8) + 8))]),  # one LSTM for every step
    ((32, 32, 3), ["Resizing(64, 48)", "Rescaling(1 / 255)"], [("64x48x3", 0), ("64x48x3", 0)]),
    ((20,), ["Embedding(20, 32)"], [("20x32", 20 * 32)]),  # a position table: one vector per position
]


@pytest.mark.parametrize("shape, layers, expected", KERAS_FIGURES)
def test_new_keras_layers_count_like_keras(shape, layers, expected):
    report = keras(shape, *layers)
    assert rows(report) == expected
    assert report.flop_counter_flops == report.flops  # attention's matmuls and the convolutions, counted alike


KERAS_BLOCK = """
inputs = keras.Input(shape=(20, 32))
attention = layers.MultiHeadAttention(num_heads=4, key_dim=8)(inputs, inputs)
x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([inputs, attention]))
ffn = layers.Dense(64, activation="relu")(x)
ffn = layers.Dense(32)(ffn)
outputs = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, ffn]))
model = keras.Model(inputs, outputs)
"""


def test_keras_transformer_block_counts_like_keras():
    report = cnn_demos.params("from tensorflow import keras\nfrom tensorflow.keras import layers\n" + KERAS_BLOCK)
    assert [(r.output_shape, r.params) for r in report.rows] == [  # Keras' model.summary(), row by row
        ("20x32", 4_224), ("20x32", 0), ("20x32", 64), ("20x64", 2_112), ("20x32", 2_080), ("20x32", 0),
        ("20x32", 64)]
    assert report.total_params == 8_544
    projections = 20 * 32 * 32 * 4                  # query, key, value and output: 20 steps, 32 → 32 each
    scores = 4 * 20 * 20 * (8 + 8)                   # per head: Q·Kᵀ and the weighted sum of V
    assert report.rows[0].macs == projections + scores
    assert report.flop_counter_flops == report.flops


@pytest.mark.parametrize("layer, reference", [
    ("nn.MultiheadAttention(64, 4)", lambda: nn.MultiheadAttention(64, 4)),
    ("nn.MultiheadAttention(64, 8, bias=False)", lambda: nn.MultiheadAttention(64, 8, bias=False)),
    ("nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, batch_first=True)",
     lambda: nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, batch_first=True)),
    ("nn.TransformerEncoderLayer(d_model=64, nhead=2, norm_first=True, activation='gelu')",
     lambda: nn.TransformerEncoderLayer(d_model=64, nhead=2, norm_first=True, activation="gelu")),
    ("nn.TransformerEncoderLayer(64, 4, 256, bias=False)", lambda: nn.TransformerEncoderLayer(64, 4, 256, bias=False)),
    ("nn.LayerNorm(64)", lambda: nn.LayerNorm(64)),
    ("nn.LayerNorm(64, elementwise_affine=False)", lambda: nn.LayerNorm(64, elementwise_affine=False)),
])
def test_pytorch_attention_layers_count_like_torch(layer, reference):
    report = keras((10, 64), layer)
    with torch.device("meta"):
        expected = torch_count(reference())
    assert rows(report) == [("10x64", expected)]
    assert report.flop_counter_flops == report.flops


def test_transformer_encoder_layer_output_is_torchs():
    """Our encoder layer on real numbers: the same output shape as torch's own, (N, T, E)."""
    ours = module(shapes_of("Input(shape=(10, 64))\nnn.TransformerEncoderLayer(64, 4, 128)")[1], device="cpu")
    out = ours(torch.randn(2, 64, 10))  # internal order (N, E, T)
    theirs = nn.TransformerEncoderLayer(64, 4, 128, batch_first=True)(torch.randn(2, 10, 64))
    assert tuple(out.transpose(1, 2).shape) == tuple(theirs.shape) == (2, 10, 64)


def shapes_of(text: str):
    from cnn_demos.shapes import infer

    return infer(parse(text))


@pytest.mark.parametrize("layers, fragment", [
    (["nn.LayerNorm(32)"], "32"),                                   # the input has 64 features
    (["nn.MultiheadAttention(32, 4)"], "32"),
    (["nn.MultiheadAttention(64, 5)"], "num_heads"),                # 64 does not split into 5 heads
    (["Flatten()", "MultiHeadAttention(2, 8)"], "MultiHeadAttention"),  # a flat input is no sequence
    (["ConvLSTM2D(4, 3)"], "ConvLSTM2D"),                           # a sequence of vectors, not of images
])
def test_attention_and_conv_lstm_errors_are_persian(layers, fragment):
    with pytest.raises(SpecError) as err:
        keras((10, 64), *layers)
    assert fragment in str(err.value)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(err.value))


def test_keras_itself_agrees():
    """The figures above, rebuilt in Keras 3 when it is installed (KERAS_BACKEND=torch)."""
    keras_mod = pytest.importorskip("keras")
    from keras import layers as kl

    namespace = {name: getattr(kl, name) for name in dir(kl) if name[:1].isupper()}
    for shape, texts, expected in KERAS_FIGURES:
        x = keras_mod.Input(shape)
        y = x
        for text in texts:
            layer = eval(text, namespace)  # our own literals
            y = layer(y, y) if isinstance(layer, kl.MultiHeadAttention) else layer(y)  # self-attention
        model = keras_mod.Model(x, y)
        shown = "x".join(str(s) for s in model.output.shape[1:])
        assert (shown, model.count_params()) == (expected[-1][0], sum(p for _, p in expected)), texts


# ---------------------------------------------------------------- every layer type, everywhere it must be handled

EVERY_TYPE = [  # a model using each node type; counting one runs the shape rules, the builder and the counter
    ("input 28x28x3 | conv 8 3 | maxpool 2 | bn | relu | dropout 0.2 | concat{conv 4 1 ; conv 4 1} "
     "| residual{conv 8 3 same ; } | gap | dense 10"),
    "input 28x28x3 | conv 8 3 | flatten | dense 10",
    ("Input(shape=(28, 28, 3))\nConv2DTranspose(4, 3)\nSeparableConv2D(4, 3)\nUpSampling2D()\nZeroPadding2D(1)\n"
     "Cropping2D(1)\nPReLU()\nNormalization()\nResizing(16, 16)\nRescaling(0.5)\nReshape((16, 64))\n"
     "Permute((2, 1))\nLayerNormalization()\nMultiHeadAttention(2, 4)\nTimeDistributed(LayerNormalization())\n"
     "nn.TransformerEncoderLayer(16, 2, 32)\nLSTM(4)\nRepeatVector(3)"),
    "Input(shape=(10,))\nEmbedding(50, 8)",
    "Input(shape=(4, 16, 16, 3))\nConvLSTM2D(4, 3)",
]


def _node_types(nodes) -> set[type]:
    """Every node class in a parsed model, children (branches, bodies, wrapped layers) included."""
    found: set[type] = set()
    for node in nodes:
        found.add(type(node))
        for value in vars(node).values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                inner = item if isinstance(item, tuple) else (item,)
                found |= _node_types([n for n in inner if isinstance(n, spec_module.Node)])
    return found


def test_every_layer_type_is_shaped_built_and_counted():
    """A new layer type must reach the shape rules, the builder and the counter: the examples in its registry
    record (:mod:`cnn_demos.layers`) are counted here too, with EVERY_TYPE's models."""
    from cnn_demos import zoo
    from cnn_demos.layers import LAYERS

    seen = set()
    for text in EVERY_TYPE + [e for layer in LAYERS for e in layer.examples if isinstance(e, str)]:
        nodes = parse(text)
        assert cnn_demos.count_nodes(nodes).total_params >= 0
        seen |= _node_types(nodes)
    seen |= _node_types(zoo.MODELS["googlenet-aux"].build())  # Aux and Block: a side head in stages
    efficientnet = zoo.MODELS["keras_efficientnetb0"].build()  # Gate: squeeze-and-excitation, only the zoo's
    assert cnn_demos.count_nodes(efficientnet).total_params == 5_330_571
    seen |= _node_types(efficientnet)
    convnext = zoo.keras_convnext("Tiny")   # LayerScale: ConvNeXt's, only the zoo's
    assert cnn_demos.count_nodes(convnext).total_params == 28_589_128   # Keras 3's count_params()
    seen |= _node_types(convnext)
    code = "from tensorflow import keras\nfrom tensorflow.keras import layers\n" + KERAS_BLOCK.replace(
        "ffn = layers.Dense(32)(ffn)", "ffn = layers.Dense(32)(layers.Lambda(lambda t: t, output_shape=(20, 64))(ffn))")
    kinds = {r.kind for r in cnn_demos.params(code).rows}
    own = ("import keras\nclass Scale(keras.layers.Layer):\n    def build(self, input_shape):\n"
           "        self.w = self.add_weight(shape=(input_shape[-1], 4))\n"
           "    def call(self, x):\n        return keras.ops.matmul(x, self.w)\n"
           "inputs = keras.Input(shape=(8,))\nmodel = keras.Model(inputs, Scale()(inputs))\n")
    kinds |= {r.kind for r in cnn_demos.params(own).rows}  # a custom layer's add_weight weights
    kinds |= {r.kind for r in cnn_demos.params(_SCORED_ATTENTION.format(call="Attention()([q, v])")).rows}
    every = {layer.node for layer in LAYERS}  # every Node subclass is registered: tests/test_layer_registry.py
    seen |= {t for t in every if t.__name__ in kinds}  # Merge and Lambda exist only in whole programs
    assert every - seen == set()


# Keras' Attention and AdditiveAttention on [query 7x16, value 5xV(, key 5x16)]: Keras 3.15.1's count_params()
# and output shape.  Their only weights are a scale (AdditiveAttention's one per query feature, by default).
_SCORED_ATTENTION = ("import keras\nfrom keras import layers\nq = keras.Input(shape=(7, 16))\n"
                     "v = keras.Input(shape=(5, 16))\nv8 = keras.Input(shape=(5, 8))\n"
                     "a = layers.{call}\nmodel = keras.Model([q, v, v8], a)\n")


SCORED_ATTENTION_FIGURES = [
    ("Attention()([q, v])", 0, "7x16"),
    ("Attention(use_scale=True)([q, v8, v])", 1, "7x8"),          # [query, value, key]: the value's features
    ("Attention(score_mode='concat')([q, v])", 1, "7x16"),
    ("Attention(use_scale=True, score_mode='concat', dropout=0.1)([q, v])", 2, "7x16"),
    ("AdditiveAttention()([q, v])", 16, "7x16"),
    ("AdditiveAttention()([q, v8, v])", 16, "7x8"),
    ("AdditiveAttention(use_scale=False)([q, v])", 0, "7x16"),
    ("AdditiveAttention()([q, q])", 16, "7x16"),                   # self-attention
]


@pytest.mark.parametrize("call, params, output", SCORED_ATTENTION_FIGURES)
def test_keras_attention_and_additive_attention_count_like_keras(call, params, output):
    report = cnn_demos.params(_SCORED_ATTENTION.format(call=call))
    assert (report.total_params, report.trainable_params, report.rows[-1].output_shape) == (params, params, output)
    assert report.flop_counter_flops == report.flops  # dot scores and the weighted sum are matmuls


def test_keras_itself_agrees_on_attention_and_additive_attention():
    """The figures above, rebuilt in Keras 3 when it is installed (KERAS_BACKEND=torch)."""
    keras_mod = pytest.importorskip("keras")
    from keras import layers as kl

    namespace = {name: getattr(kl, name) for name in dir(kl) if name[:1].isupper()}
    for call, params, output in SCORED_ATTENTION_FIGURES:
        inputs = {"q": keras_mod.Input((7, 16)), "v": keras_mod.Input((5, 16)), "v8": keras_mod.Input((5, 8))}
        out = eval(call, {**namespace, **inputs})  # our own literals
        model = keras_mod.Model(list(inputs.values()), out)
        assert (model.count_params(), "x".join(map(str, out.shape[1:]))) == (params, output), call


# keras.layers.Attention's own docstring example (Conv1D encodings of two token sequences), with a sigmoid head
_KERAS_DOC_ATTENTION = """import keras
from keras import layers
query_input = keras.Input(shape=(None,), dtype='int32')
value_input = keras.Input(shape=(None,), dtype='int32')
token_embedding = layers.Embedding(input_dim=1000, output_dim=64)
query_embeddings = token_embedding(query_input)
value_embeddings = token_embedding(value_input)
cnn_layer = layers.Conv1D(filters=100, kernel_size=4, padding='same')
query_seq_encoding = cnn_layer(query_embeddings)
value_seq_encoding = cnn_layer(value_embeddings)
query_value_attention_seq = layers.KIND()([query_seq_encoding, value_seq_encoding])
query_encoding = layers.GlobalAveragePooling1D()(query_seq_encoding)
query_value_attention = layers.GlobalAveragePooling1D()(query_value_attention_seq)
input_layer = layers.Concatenate()([query_encoding, query_value_attention])
out = layers.Dense(1, activation='sigmoid')(input_layer)
model = keras.Model([query_input, value_input], out)
"""


@pytest.mark.parametrize("kind, total", [("Attention", 89_901), ("AdditiveAttention", 90_001)])
def test_keras_docstring_attention_example_counts_like_keras(kind, total):
    report = cnn_demos.params(_KERAS_DOC_ATTENTION.replace("KIND", kind))
    assert (report.total_params, report.rows[-1].output_shape) == (total, "1")


def test_bahdanau_attention_between_two_lstms_counts_like_keras():
    code = ("import keras\nfrom keras import layers\nenc_in = keras.Input((20, 32))\n"
            "enc = layers.LSTM(64, return_sequences=True)(enc_in)\ndec_in = keras.Input((10, 32))\n"
            "dec = layers.LSTM(64, return_sequences=True)(dec_in)\natt = layers.AdditiveAttention()([dec, enc])\n"
            "x = layers.Concatenate()([dec, att])\nout = layers.Dense(5, activation='softmax')(x)\n"
            "model = keras.Model([enc_in, dec_in], out)\n")
    report = cnn_demos.params(code)
    assert (report.total_params, report.rows[-1].output_shape) == (50_373, "10x5")   # Keras 3.15.1


@pytest.mark.parametrize("code, total, outputs", [
    # Attention's scores are (Tq, Tv): 7x5, flattened to 35
    ("a, w = layers.Attention(use_scale=True)([q, v8, v], return_attention_scores=True)\n"
     "model = keras.Model([q, v, v8], [a, layers.Flatten()(w)])\n", 1, ["7x8", "7x5", "35"]),
    # MultiHeadAttention's are per head; self-attention, where Keras' symbolic shape is its real one
    ("a, w = layers.MultiHeadAttention(2, 4)(q, q, return_attention_scores=True)\n"
     "model = keras.Model(q, [a, layers.Dense(3)(layers.Flatten()(w))])\n", 849, None),
])
def test_attention_scores_returned_as_a_second_output_count_like_keras(code, total, outputs):
    report = cnn_demos.params(_SCORED_ATTENTION.split("a = layers")[0] + code)
    assert report.total_params == total
    assert outputs is None or [r.output_shape for r in report.rows] == outputs


@pytest.mark.parametrize("code, fragment", [
    ("model = keras.Sequential([keras.Input(shape=(7, 16)), layers.Attention()])\n", "[query, value]"),
    ("a = layers.AdditiveAttention()(q)\nmodel = keras.Model(q, a)\n", "[query, value]"),
    ("a = layers.Attention()([q, v8])\nmodel = keras.Model([q, v8], a)\n", "query 7x16، value 5x8، key 5x8"),
    # Keras 3's functional graph says MultiHeadAttention's scores are (Tq, Tq), its run (Tq, Tk): not guessed
    ("a, w = layers.MultiHeadAttention(2, 4)(q, v, return_attention_scores=True)\n"
     "model = keras.Model([q, v], [a, layers.Flatten()(w)])\n", "return_attention_scores"),
])
def test_attention_called_as_keras_refuses_it_is_refused_in_persian(code, fragment):
    with pytest.raises(SpecError) as err:
        cnn_demos.params(_SCORED_ATTENTION.split("a = layers")[0] + code)
    assert fragment in str(err.value) and "خط" in str(err.value)


def test_cross_attention_sizes_key_and_value_by_the_memory():
    """Keras' call order (query, value): key and value projections read the memory's 24 features, not 64."""
    report = cnn_demos.params("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
                              "inputs = keras.Input(shape=(10, 64))\nmemory = keras.Input(shape=(7, 24))\n"
                              "x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(inputs, memory)\n"
                              "model = keras.Model([inputs, memory], x)")
    assert report.total_params == (64 * 16 + 16) + 2 * (24 * 16 + 16) + (16 * 64 + 64) == 2_928  # Keras 3.15.1
    assert report.rows[-1].output_shape == "10x64"              # one output per query step
    assert report.macs == 10 * 64 * 16 + 2 * 7 * 24 * 16 + 10 * 16 * 64 + 2 * 10 * 7 * (8 + 8)
