"""Whole notebook cells pasted: only what builds the model is read, and nothing is silently wrong.

PyTorch truth is taken in each test by running the same model code with real torch; the Keras numbers
are those Keras 3 itself reports for the same code (``benchmarks/data/pasted_code_reader_truth.py`` runs
them: ``pasted_code_reader.jsonl`` holds the cases).
"""

from __future__ import annotations

import pytest
import torch

import cnn_demos
from cnn_demos import messages as msg
from cnn_demos.report import table


def torch_truth(code: str, name: str = "model") -> tuple[int, int]:
    """Total and trainable parameters of ``name`` once ``code`` runs with real torch."""
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the test's own model code, to take the framework's truth
    model = namespace[name]
    return (sum(p.numel() for p in model.parameters()),
            sum(p.numel() for p in model.parameters() if p.requires_grad))


SMALL_CNN = """
import torch
import torch.nn as nn

class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                                      nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 5)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.features(x)), 1))

model = SmallCNN()
"""

PLOT_CELL = """
train_losses = []
for epoch in range(10):
    running = 0.0
    for images, labels in train_loader:
        running += criterion(model(images), labels).item()
    train_losses.append(running / len(train_loader))
plt.plot(train_losses)
plt.title(“Training loss – SmallCNN”)
plt.legend(loc=«best»)
"""


def test_plot_cell_with_typographic_quotes_and_a_loop_over_runtime_totals_do_not_sink_the_paste():
    report = cnn_demos.params(SMALL_CNN + "summary(model, input_size=(1, 3, 224, 224))\n" + PLOT_CELL)
    assert (report.total_params, report.trainable_params) == torch_truth(SMALL_CNN)
    assert report.input_shape == "3x224x224"
    out = torch_truth_output(SMALL_CNN, (1, 3, 224, 224))
    assert report.rows[-1].output_shape == "x".join(map(str, out))


def torch_truth_output(code: str, shape: tuple[int, ...]) -> tuple[int, ...]:
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the test's own model code
    return tuple(namespace["model"].eval()(torch.zeros(shape)).shape[1:])


def test_a_pasted_fit_log_is_skipped_and_named_but_a_broken_model_line_is_refused():
    code = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "model = keras.Sequential([layers.Input((784,)), layers.Dense(256, activation='relu'),\n"
            "                          layers.Dense(10)])\n"
            "history = model.fit(x_train, y_train, epochs=3)\n"
            "Epoch 1/3\n938/938 [==============================] - 4s 3ms/step - loss: 0.2795\n")
    report = cnn_demos.params(code)
    assert report.total_params == 784 * 256 + 256 + 256 * 10 + 10   # Keras 3: 203,530
    assert "۶–۷" in report.input_note
    broken = code.replace("layers.Dense(10)])", "layers.Dense(10)]")
    with pytest.raises(cnn_demos.SpecError, match="پایتون درستی نیست"):
        cnn_demos.params(broken)


@pytest.mark.parametrize("line, shape", [
    ("summary(model, (1, 28, 28))", "1x28x28"),                 # torchsummary: no batch axis
    ("summary(model, input_size=(64, 1, 28, 28))", "1x28x28"),  # torchinfo: with the batch axis
])
def test_summary_lines_give_the_input(line, shape):
    code = ("import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Conv2d(1, 8, 5), nn.ReLU(), "
            "nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 12 * 12, 10))\n")
    report = cnn_demos.params(code + line)
    assert report.input_shape == shape
    assert report.total_params == torch_truth(code)[0]


LENET = """
import torch
import torch.nn as nn

class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))

model = LeNet()
"""


def test_a_demo_tensor_that_does_not_fit_is_reported_as_that_not_as_an_error_in_the_model():
    report = cnn_demos.params(LENET + "X = torch.rand(size=(1, 3, 32, 32))\ny = model(X)\n")
    assert (report.total_params, report.trainable_params) == torch_truth(LENET)
    assert "3x32x32" in report.input_note and "نمی‌خورد" in report.input_note


RESNET_BLOCK = """
import torch
import torch.nn as nn
import torch.nn.functional as F

class Block(nn.Module):
    weights: list[torch.Tensor]
    width: int = 2

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.scale = nn.Parameter(torch.ones(cout))
        self.frozen = nn.Parameter(torch.zeros(cout, 8, 8), requires_grad=False)
        if stride != 1 or cin != cout:
            self.shortcut = nn.Conv2d(cin, cout, 1, stride, bias=False)

    def forward(self, x):
        out = self.conv(x) * self.scale.view(1, -1, 1, 1)
        if hasattr(self, 'shortcut'):
            out = out + self.shortcut(x)
        elif isinstance(self.conv, nn.Conv2d):
            out = out + x
        return F.relu(out)

model = nn.Sequential(Block(3, 3), Block(3, 16, stride=2), nn.Flatten(), nn.Linear(16 * 8 * 8, 10))
"""


def test_hasattr_annotations_and_frozen_parameters_follow_the_real_model():
    report = cnn_demos.params(RESNET_BLOCK + "out = model(torch.randn(4, 3, 16, 16))\n")
    total, trainable = torch_truth(RESNET_BLOCK)
    assert (report.total_params, report.trainable_params, report.non_trainable_params) == (
        total, trainable, total - trainable)
    assert report.input_shape == "3x16x16" and report.rows[-1].output_shape == "10"


def test_a_lambda_that_may_change_the_width_is_refused_naming_it_not_assumed():
    code = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "model = keras.Sequential([layers.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3), "
            "layers.MaxPooling2D(), LAMBDA, layers.Flatten(), layers.Dense(10)])\n")
    with pytest.raises(cnn_demos.SpecError, match="Lambda") as caught:
        cnn_demos.params(code.replace("LAMBDA", "layers.Lambda(lambda t: tf.reduce_mean(t, axis=-1))"))
    assert "tf.reduce_mean(t, axis=-1)" in str(caught.value)
    sliced = cnn_demos.params(code.replace("LAMBDA", "layers.Lambda(lambda t: t[:, :, :, :16], "
                                                     "output_shape=(13, 13, 16))"))
    assert sliced.total_params == 27_370            # Keras 3 runs the slice: 320 + 13*13*16*10 + 10
    scaled = cnn_demos.params(code.replace("LAMBDA", "layers.Lambda(lambda t: t / 255.0)"))
    assert scaled.total_params == 320 + 13 * 13 * 32 * 10 + 10
    assert "lambda (Lambda)" in [row.name for row in scaled.rows]  # as model.summary() prints it


# what Keras 3 itself counts with each slice (it runs the function): Conv2D 320 + the Dense on what is left
@pytest.mark.parametrize("function, total", [
    ("lambda t: t[:, :, :, :16]", 27_370), ("lambda t: t[..., 0]", 2_020),
    ("lambda t: t[:, 1:-1, ::2, None, :4]", 3_410),
])
def test_a_lambda_that_slices_its_input_is_counted_on_the_slice(function, total):
    code = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "model = keras.Sequential([layers.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3), "
            f"layers.MaxPooling2D(), layers.Lambda({function}), layers.Flatten(), layers.Dense(10)])\n")
    assert cnn_demos.params(code).total_params == total


def test_a_lambda_taking_the_last_step_of_a_sequence_is_counted():
    code = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "inputs = keras.Input(shape=(20, 8))\nx = layers.LSTM(16, return_sequences=True)(inputs)\n"
            "def last(t):\n    return t[:, -1, :]\nx = layers.Lambda(last)(x)\n"
            "model = keras.Model(inputs, layers.Dense(3)(x))\n")
    report = cnn_demos.params(code)
    assert report.total_params == 1_651 and report.rows[-2].output_shape == "16"   # Keras 3


@pytest.mark.parametrize("function, says", [("lambda t: t[0]", "batch"), ("lambda t: t[:, 30:]", "صفر")])
def test_a_lambda_slice_that_cannot_be_a_layer_is_refused_saying_why(function, says):
    code = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "model = keras.Sequential([layers.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3), "
            f"layers.Lambda({function}), layers.Flatten(), layers.Dense(10)])\n")
    with pytest.raises(cnn_demos.SpecError, match=says):
        cnn_demos.params(code)


def test_rows_show_the_wrapped_layer_not_an_object_repr():
    code = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "model = keras.Sequential([keras.Input(shape=(200,)), layers.Embedding(20000, 64),\n"
            "    layers.Bidirectional(layers.LSTM(32)), layers.Dense(1, activation='sigmoid')])\n")
    report = cnn_demos.params(code)
    assert report.total_params == 1_304_897    # Keras 3 (r5-keras-bidirectional-imdb-plot, one BiLSTM less): 1,329,729 - 24,832
    assert "bidirectional (Bidirectional)" in [row.name for row in report.rows]  # as model.summary() prints it
    assert not any("KLayer" in row.name or "object at" in row.name for row in report.rows)


def test_input_from_x_train_reshape():
    code = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
            "x_train = x_train.reshape(60000, 28, 28, 1).astype('float32') / 255\n"
            "y_train = y_train.reshape(-1, 1)\n"
            "model = keras.Sequential()\nmodel.add(layers.Conv2D(32, (3, 3)))\nmodel.add(layers.MaxPooling2D())\n"
            "model.add(layers.Flatten())\nmodel.add(layers.Dense(10))\nmodel.fit(x_train, y_train)\n")
    report = cnn_demos.params(code)
    assert report.input_shape == "28x28x1"
    assert report.total_params == 54_410     # Keras 3: 320 + 13*13*32*10 + 10


def test_unindented_layer_lines_count_like_indented_ones():
    lines = ("keras.layers.Input(shape=(28, 28, 1)),\nkeras.layers.Conv2D(16, (3, 3), activation='relu'),\n"
             "keras.layers.Flatten(),\nkeras.layers.Dense(10),\n")
    indented = "".join("    " + line + "\n" for line in lines.splitlines())
    assert cnn_demos.params(lines).total_params == cnn_demos.params(indented).total_params == 108_330


_KERAS_LINES = ("keras.layers.Conv2D(16, 3, activation='relu', input_shape=(28, 28, 1)),\n"
                "keras.layers.Conv2D(16, 3, name='second'),\nkeras.layers.MaxPooling2D(2),\n"
                "keras.layers.Conv2D(8, 3),\nkeras.layers.GlobalAveragePooling2D(),\nkeras.layers.Dense(10),\n")
# what Keras 3's model.summary() prints for these layers, in order
_KERAS_TITLES = ["conv2d (Conv2D)", "second (Conv2D)", "max_pooling2d (MaxPooling2D)", "conv2d_1 (Conv2D)",
                 "global_average_pooling2d (GlobalAveragePooling2D)", "dense (Dense)"]


@pytest.mark.parametrize("code", [
    _KERAS_LINES,
    "".join("    " + line + "\n" for line in _KERAS_LINES.splitlines()),
    "from tensorflow import keras\nmodel = keras.Sequential([\n" + _KERAS_LINES + "])\n",
])
def test_keras_rows_are_named_as_model_summary_names_them(code):
    report = cnn_demos.params(code)
    assert [row.name for row in report.rows][1:] == _KERAS_TITLES   # the first row is the input
    assert "max_pooling2d (MaxPooling2D) " in table(report)        # shown whole, not clipped


def test_torch_layer_lines_are_named_by_position_as_nn_sequential_prints_them():
    lines = "input 1x28x28\nnn.Conv2d(1, 8, 3)\nnn.ReLU()\nnn.Flatten()\nnn.Linear(8*26*26, 10)\n"
    assert [row.name for row in cnn_demos.params(lines).rows][1:] == ["0: Conv2d", "1: ReLU", "2: Flatten",
                                                                      "3: Linear"]


@pytest.mark.parametrize("code", [
    ("from collections import namedtuple\nimport torch.nn as nn\nC = namedtuple('C', ['d', 'k'])\ncfg = C(32, 3)\n"
     "class M(nn.Module):\n    def __init__(self, cfg):\n        super().__init__()\n"
     "        self.fc = nn.Linear(cfg.d, cfg.k)\nmodel = M(cfg)\n"),
    ("import torch.nn as nn\nclass Models:\n    class CNN(nn.Module):\n        def __init__(self):\n"
     "            super().__init__()\n            self.fc = nn.Linear(4, 2)\nmodel = Models.CNN()\n"),
    ("import torch\nimport torch.nn as nn\nclass Swish(nn.Module):\n    def forward(self, x):\n"
     "        return x * torch.sigmoid(x)\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
     "        self.fc1 = nn.Linear(20, 50)\n        self.act = torch.jit.script(Swish())\n"
     "        self.fc2 = nn.Linear(50, 2)\nmodel = Net()\n"),
])
def test_refused_constructs_are_refused_in_persian_never_counted_wrong(code):
    try:
        report = cnn_demos.params(code)
    except cnn_demos.SpecError as exc:
        assert any("\u0600" <= ch <= "\u06ff" for ch in str(exc))
        return
    namespace: dict = {}
    exec(code.replace("torch.jit.script(Swish())", "Swish()"), namespace)  # noqa: S102 - the truth
    assert report.total_params == sum(p.numel() for p in namespace["model"].parameters())


def test_forward_taking_a_dict_counts_parameters_without_inventing_shapes():
    code = ("import torch\nimport torch.nn as nn\nclass Fusion(nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n        self.tab = nn.Linear(12, 8)\n        self.head = nn.Linear(8, 2)\n"
            "    def forward(self, batch):\n        return self.head(self.tab(batch['features']))\nmodel = Fusion()\n")
    report = cnn_demos.params(code)
    assert report.total_params == torch_truth(code)[0]
    assert not report.shapes_known



def test_example_data_sliced_and_written_into_is_left_alone():
    """keras.io's ConvLSTM example makes its movies with np.zeros, slices and fills them, then fits on them:
    data the model does not need, which once sank the whole paste ('_EagerTensor' object is not
    subscriptable)."""
    import json
    from pathlib import Path

    cases = Path(__file__).parent.parent / "benchmarks" / "data" / "pasted_code_heldout.jsonl"
    case = next(c for c in map(json.loads, cases.read_text("utf-8").splitlines())
                if c["id"].startswith("keras2-conv-lstm"))
    assert cnn_demos.params(case["code"]).total_params == case["total"]


# ---- found by the fifth set (benchmarks/data/pasted_code_fifth.jsonl); Keras numbers from Keras 3 itself
# (KERAS_BACKEND=torch, count_params() and the trainable weights), PyTorch numbers by running the code.

KW_TRANSFORMER = """
import keras
from keras import layers

class Encoder(keras.Layer):
    def __init__(self, hidden_dim, intermediate_dim, num_heads):
        super().__init__()
        self.attention = layers.MultiHeadAttention(num_heads, hidden_dim // num_heads)
        self.norm = layers.LayerNormalization()
        self.dense = layers.Dense(intermediate_dim, activation="relu")
        self.out = layers.Dense(hidden_dim)

    def call(self, source, source_mask):
        mask = source_mask[:, None, :]
        x = self.norm(source + self.attention(query=source, key=source, value=source, attention_mask=mask))
        return self.out(self.dense(x))

tokens = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(5000, 64)(tokens)
x = Encoder(64, 128, 4)(source=x, source_mask=tokens != 0)
outputs = layers.Dense(3, activation="softmax")(layers.GlobalAveragePooling1D()(x))
model = keras.Model(tokens, outputs)
"""


def test_a_block_called_with_keyword_inputs_and_a_mask_is_followed():
    report = cnn_demos.params(KW_TRANSFORMER)
    assert (report.total_params, report.non_trainable_params) == (353_539, 0)   # Keras 3


GAN = """
import keras
from keras import layers

latent_dim = 16
g_in = keras.Input(shape=(latent_dim,))
x = layers.Dense(7 * 7 * 32)(g_in)
x = layers.LeakyReLU()(x)
x = layers.Reshape((7, 7, 32))(x)
x = layers.Conv2DTranspose(16, 4, strides=2, padding="same")(x)
x = layers.Conv2D(1, 3, padding="same", activation="tanh")(x)
generator = keras.Model(g_in, x)

d_in = keras.Input(shape=(14, 14, 1))
y = layers.Conv2D(32, 3, strides=2)(d_in)
y = layers.BatchNormalization()(y)
y = layers.Flatten()(y)
y = layers.Dense(1, activation="sigmoid")(y)
discriminator = keras.Model(d_in, y)
discriminator.compile(optimizer="adam", loss="binary_crossentropy")

discriminator.trainable = False
gan_input = keras.Input(shape=(latent_dim,))
gan = keras.Model(gan_input, discriminator(generator(gan_input)))
"""


def test_a_frozen_functional_model_inside_a_gan_is_non_trainable_not_silently_trainable():
    report = cnn_demos.params(GAN)
    assert (report.total_params, report.trainable_params, report.non_trainable_params) == (36_610, 35_009, 1_601)


def test_an_embedding_first_sequential_without_a_length_is_counted_and_a_length_that_decides_is_asked_for():
    code = ("from keras.models import Sequential\nfrom keras.layers import Embedding, SimpleRNN, Flatten, Dense\n"
            "model = Sequential()\nmodel.add(Embedding(10000, 32))\nREST")
    rnn = cnn_demos.params(code.replace("REST", "model.add(SimpleRNN(32, return_sequences=True))\n"
                                                "model.add(SimpleRNN(16))\nmodel.add(Dense(1, activation='sigmoid'))\n"))
    assert rnn.total_params == 322_881                       # Keras 3, built on (None, 100): any length gives it
    assert "None" in rnn.input_note
    with pytest.raises(cnn_demos.SpecError, match="Flatten"):   # Keras cannot build it without the length either
        cnn_demos.params(code.replace("REST", "model.add(Flatten())\nmodel.add(Dense(1))\n"))
    functional = ("import keras\nfrom keras import layers\ninputs = keras.Input(shape=(None,))\n"
                  "x = layers.Embedding(100, 8)(inputs)\nx = layers.Flatten()(x)\n"
                  "model = keras.Model(inputs, layers.Dense(1)(x))\n")
    with pytest.raises(cnn_demos.SpecError, match="Flatten"):
        cnn_demos.params(functional)


POSITIONS = """
import keras
from keras import ops, layers

class TokenAndPosition(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        positions = ops.arange(start=0, stop=ops.shape(x)[-1], step=1)
        return self.token_emb(x) + self.pos_emb(positions)

inputs = layers.Input(shape=(80,))
x = TokenAndPosition(80, 2000, 16)(inputs)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""


def test_a_position_embedding_over_keras_ops_positions_is_counted_with_a_note():
    report = cnn_demos.params(POSITIONS)
    assert report.total_params == 33_314                     # Keras 3: 2000*16 + 80*16 + 16*2 + 2
    assert "positions" in report.input_note
    with pytest.raises(cnn_demos.SpecError):                  # a Dense on such positions would need their width
        cnn_demos.params(POSITIONS.replace("self.pos_emb(positions)", "layers.Dense(16)(positions)"))


NAMEDTUPLE = """
from collections import namedtuple
import torch.nn as nn

Config = namedtuple("Config", "in_dim hidden classes dropout", defaults=(0.1,))
cfg = Config(20, hidden=48, classes=4)

class Models:
    class MLP(nn.Module):
        def __init__(self, cfg):
            super().__init__()
            self.fc1 = nn.Linear(cfg.in_dim, cfg.hidden)
            self.drop = nn.Dropout(cfg.dropout)
            self.fc2 = nn.Linear(cfg[1], cfg.classes)

        def forward(self, x):
            return self.fc2(self.drop(self.fc1(x).relu()))

model = Models.MLP(cfg)
"""


def test_namedtuple_configurations_and_a_class_nested_in_a_plain_class_are_followed():
    report = cnn_demos.params(NAMEDTUPLE)
    assert (report.total_params, report.trainable_params) == torch_truth(NAMEDTUPLE)
    with pytest.raises(cnn_demos.SpecError):                  # a field the record does not have is not guessed
        cnn_demos.params(NAMEDTUPLE.replace("cfg.classes", "cfg.n_classes"))


WRAPPED_LAYERS = """
import torch
import torch.nn as nn
from torch.nn.utils.parametrizations import weight_norm

@torch.jit.script
def swish(x):
    return x * torch.sigmoid(x)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.jit.script(nn.Linear(10, 16))
        self.fc2 = nn.utils.weight_norm(nn.Linear(16, 8))
        self.fc3 = weight_norm(nn.Linear(8, 6))
        self.fc4 = nn.utils.spectral_norm(nn.Linear(6, 3))
        self.out = torch.compile(nn.Linear(3, 2))

    def forward(self, x):
        return self.out(self.fc4(self.fc3(self.fc2(swish(self.fc1(x))))))

model = Net()
"""


def test_scripted_compiled_and_weight_normed_layers_keep_their_weights_not_silently_zero():
    report = cnn_demos.params(WRAPPED_LAYERS)
    # torch cannot script a function defined by exec (no source file): the truth runs it unscripted, same weights
    truth = torch_truth(WRAPPED_LAYERS.replace("@torch.jit.script\n", ""))
    assert (report.total_params, report.trainable_params) == truth   # weight_norm adds a g per output
    assert report.rows[-1].output_shape == "2"


FINE_TUNING = """
import copy
import torch
import torch.nn as nn

vectors = torch.randn(500, 24)

class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding.from_pretrained(vectors, freeze=True)
        self.trainable_emb = nn.Embedding.from_pretrained(vectors, freeze=False, padding_idx=0)
        block = nn.Sequential(nn.Linear(48, 48), nn.ReLU())
        self.blocks = nn.Sequential(*[copy.deepcopy(block) for _ in range(3)])
        self.shared = copy.copy(self.blocks[0])   # shares the first block's weights: counted once
        self.head = nn.Linear(48, 5)

    def forward(self, x):
        h = torch.cat([self.emb(x), self.trainable_emb(x)], dim=-1)
        return self.head(self.shared(self.blocks(h)))

model = Tagger()
for name, param in model.named_parameters():
    if name.startswith("blocks.0"):
        param.requires_grad = False
"""


def test_pretrained_embeddings_copies_and_freezing_by_name_follow_the_real_model():
    report = cnn_demos.params(FINE_TUNING)
    total, trainable = torch_truth(FINE_TUNING)
    assert (report.total_params, report.trainable_params, report.non_trainable_params) == (
        total, trainable, total - trainable)


def test_layers_frozen_through_get_layer_are_non_trainable_and_an_unknown_name_is_refused():
    functional = ("import keras\nfrom keras import layers\ninputs = keras.Input(shape=(20,))\n"
                  "x = layers.Dense(32, activation='relu', name='hidden')(inputs)\n"
                  "x = layers.BatchNormalization(name='bn')(x)\noutputs = layers.Dense(3, name='out')(x)\n"
                  "model = keras.Model(inputs, outputs)\nmodel.get_layer('hidden').trainable = False\n"
                  "model.get_layer(index=-1).trainable = False\n")
    report = cnn_demos.params(functional)
    assert (report.total_params, report.trainable_params) == (899, 64)     # Keras 3: only BatchNorm's gamma/beta
    sequential = ("import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((10,)), "
                  "layers.Dense(20, name='d1'), layers.Dense(2, name='out')])\nmodel.get_layer('d1').trainable = False\n")
    report = cnn_demos.params(sequential)
    assert (report.total_params, report.trainable_params) == (262, 42)      # Keras 3
    with pytest.raises(cnn_demos.SpecError, match="get_layer"):
        cnn_demos.params(sequential.replace("get_layer('d1')", "get_layer('dense_7')"))


def test_freezing_we_cannot_follow_is_said_not_silently_dropped():
    torch_code = ("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))\n"
                  "for p in frozen_params(model):\n    p.requires_grad = False\n")
    report = cnn_demos.params(torch_code)
    assert report.total_params == 325 and "خط ۳" in report.input_note and "آموزش" in report.input_note
    keras_code = ("import keras\nfrom keras import layers\nbase = load_pretrained()\nbase.trainable = False\n"
                  "model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])\n")
    assert "خط ۴" in cnn_demos.params(keras_code).input_note
    plain = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(10, 20))\n"
    assert "آموزش" not in cnn_demos.params(plain).input_note


@pytest.mark.parametrize(("first", "example", "line", "total"), [
    ("layers.GRU(32, input_shape=(None, data.shape[-1]))", "120x14", "input 120x14", 4_641),   # Keras 3 (reset_after: 2 bias sets)
    ("layers.Dense(64, input_shape=(data.shape[1],))", "input 13", "input 13", 961),
    ("layers.Conv2D(8, 3, input_shape=data.shape[1:])", "32x32x3", "input 32x32x3", 7_425),
])
def test_a_missing_input_is_asked_for_with_an_example_of_the_models_own_kind(first, example, line, total):
    code = f"from keras import layers, models\nmodel = models.Sequential()\nmodel.add({first})\n" \
           "model.add(layers.Flatten())\nmodel.add(layers.Dense(1))\n"
    with pytest.raises(cnn_demos.SpecError) as caught:
        cnn_demos.params(code)
    assert example in str(caught.value) and "224x224x3" not in str(caught.value)
    assert cnn_demos.params(line + "\n" + code).total_params == total   # the suggested line gives the count


MODEL_FILE = """
import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, in_planes, planes):
        super().__init__()
        self.conv = nn.Conv2d(in_planes, planes, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(planes)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))

class Net(nn.Module):
    def __init__(self, widths, num_classes=10):
        super().__init__()
        layers, in_planes = [], 3
        for w in widths:
            layers.append(Block(in_planes, w))
            in_planes = w
        self.features = nn.Sequential(*layers)
        self.linear = nn.Linear(in_planes, num_classes)

    def forward(self, x):
        return self.linear(self.features(x).mean((2, 3)))

def NetSmall():
    return Net([16, 32])

def NetLarge():
    return Net([64, 128, 256, 512])

net = NetSmall()
"""


def test_the_model_the_paste_builds_is_counted_not_a_larger_helper_defined_after_its_class():
    report = cnn_demos.params(MODEL_FILE)   # kuangliu/pytorch-cifar files: ResNet18() ... ResNet152() helpers
    assert (report.total_params, report.trainable_params) == torch_truth(MODEL_FILE, "net")


GRAPH_CONV = """
import torch
from torch import nn

class GraphConv(nn.Module):
    def __init__(self, input_dim, output_dim, use_bias=False):
        super().__init__()
        self.kernel = nn.Parameter(torch.Tensor(input_dim, output_dim))
        nn.init.xavier_normal_(self.kernel)
        self.bias = nn.Parameter(torch.FloatTensor(output_dim)) if use_bias else None
        self.scale = nn.Parameter(torch.FloatTensor([0.5, 0.5]))

    def forward(self, x, adj):
        return torch.spmm(adj, x @ self.kernel)

model = GraphConv(1433, 16, use_bias=True)
"""


def test_legacy_tensor_constructors_size_parameters_and_an_unknown_parameter_is_refused():
    report = cnn_demos.params(GRAPH_CONV)
    assert (report.total_params, report.trainable_params) == torch_truth(GRAPH_CONV)   # was 0 with no word
    with pytest.raises(cnn_demos.SpecError):
        cnn_demos.params(GRAPH_CONV.replace("torch.Tensor(input_dim, output_dim)", "load_matrix(input_dim)"))


BOTTLE = """
import torch
import torch.nn as nn
from types import SimpleNamespace

class Bottle(nn.Module):
    def forward(self, input):
        if len(input.size()) <= 2:
            return super(Bottle, self).forward(input)
        size = input.size()[:2]
        out = super(Bottle, self).forward(input.view(size[0] * size[1], -1))
        return out.view(size[0], size[1], -1)

class Linear(Bottle, nn.Linear):
    pass

class MyNorm(nn.LayerNorm):
    pass

config = SimpleNamespace(d_embed=12, d_proj=20, d_out=3)
model = nn.Sequential(Linear(config.d_embed, config.d_proj), MyNorm(config.d_proj), nn.ReLU(),
                      Linear(config.d_proj, config.d_out))
"""


def test_subclasses_of_torch_layers_keep_torchs_weights_and_forward():
    report = cnn_demos.params("input 7x12\n" + BOTTLE)     # pytorch/examples' SNLI Bottle/Linear, on a sequence
    assert (report.total_params, report.trainable_params) == torch_truth(BOTTLE)   # each Linear was 0, silently
    assert report.rows[-1].output_shape == "7x3"



MASKED_CONV = """
import torch
import torch.nn as nn

class MaskedConv2d(nn.Conv2d):
    def __init__(self, mask_type, *args, **kwargs):
        super(MaskedConv2d, self).__init__(*args, **kwargs)
        self.register_buffer('mask', self.weight.data.clone())
        _, _, h, w = self.weight.size()
        self.mask.fill_(1)
        self.mask[:, :, h // 2, w // 2 + (mask_type == 'B'):] = 0
        self.mask[:, :, h // 2 + 1:] = 0

    def forward(self, x):
        self.weight.data *= self.mask
        return super(MaskedConv2d, self).forward(x)

class Gate(nn.Linear):
    def __init__(self, n):
        super().__init__(n, 2 * n, bias=False)
        self.norm = nn.LayerNorm(2 * n)

model = nn.Sequential(MaskedConv2d('A', 1, 16, 7, 1, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(True),
                      MaskedConv2d("B", 16, 16, 7, 1, 3, bias=False), nn.Flatten(), Gate(64))
"""


def test_a_torch_layer_subclass_with_its_own_init_gets_torchs_weights_from_super_init():
    report = cnn_demos.params(MASKED_CONV)   # PixelCNN's MaskedConv2d: super().__init__(*args, **kwargs)
    assert (report.total_params, report.trainable_params) == torch_truth(MASKED_CONV)


GAN_SCRIPT = """
import torch
import torch.nn as nn
import numpy as np
import matplotlib.pyplot as plt

BATCH_SIZE = 64
N_IDEAS = 5
ART_COMPONENTS = 15
PAINT_POINTS = np.vstack([np.linspace(-1, 1, ART_COMPONENTS) for _ in range(BATCH_SIZE)])

def artist_works():
    a = np.random.uniform(1, 2, size=BATCH_SIZE)[:, np.newaxis]
    paintings = a * np.power(PAINT_POINTS, 2) + (a-1)
    return torch.from_numpy(paintings).float()

G = nn.Sequential(nn.Linear(N_IDEAS, 128), nn.ReLU(), nn.Linear(128, ART_COMPONENTS))
D = nn.Sequential(nn.Linear(ART_COMPONENTS, 128), nn.ReLU(), nn.Linear(128, 1), nn.Sigmoid())
opt_D = torch.optim.Adam(D.parameters(), lr=0.0001)
"""
GAN_LOOP = """
for step in range(10000):
    artist_paintings = artist_works()
    G_ideas = torch.randn(BATCH_SIZE, N_IDEAS, requires_grad=True)
    prob_artist0 = D(artist_paintings)
    D_loss = - torch.mean(torch.log(prob_artist0))
    opt_D.zero_grad()
    D_loss.backward(retain_graph=True)
    opt_D.step()
    if step % 50 == 0:
        plt.cla()
"""


def test_a_training_loop_calling_a_data_helper_does_not_sink_the_model():
    """MorvanZhou's GAN: the loop calls the student's ``artist_works()`` (data, no layers), then ``backward``."""
    report = cnn_demos.params(GAN_SCRIPT + GAN_LOOP)
    total, trainable = torch_truth(GAN_SCRIPT, "D")
    assert (report.total_params, report.trainable_params) == (total, trainable) == (2_177, 2_177)


def test_a_first_lambda_carrying_input_shape_gives_the_model_its_input():
    """keras.io's Breakout DQN: a Lambda transposing channels-first frames takes ``input_shape=(4, 84, 84)``."""
    code = ("import keras\nfrom keras import layers\n"
            "model = keras.Sequential([\n"
            "    layers.Lambda(lambda tensor: keras.ops.transpose(tensor, [0, 2, 3, 1]),\n"
            "                  output_shape=(84, 84, 4), input_shape=(4, 84, 84)),\n"
            "    layers.Conv2D(32, 8, strides=4, activation='relu', input_shape=(4, 84, 84)),\n"
            "    layers.Flatten(), layers.Dense(4)])\n")
    report = cnn_demos.params(code)
    assert report.total_params == 59_428           # Keras 3: the Conv2D's own input_shape is ignored
    assert report.input_shape == "4x84x84" and report.rows[-1].output_shape == "4"


ANOMALY_CELL = """
TIME_STEPS = 288
def create_sequences(values, time_steps=TIME_STEPS):
    output = []
    for i in range(len(values) - time_steps + 1):
        output.append(values[i : (i + time_steps)])
    return np.stack(output)
x_train = create_sequences(df_training_value.values)
model = keras.Sequential([
    layers.Input(shape=(x_train.shape[1], x_train.shape[2])),
    layers.Conv1D(filters=32, kernel_size=7, padding="same", strides=2, activation="relu"),
    layers.Conv1DTranspose(filters=1, kernel_size=7, padding="same"),
])
"""


def test_a_sequential_whose_input_comes_from_the_data_asks_for_it_and_counts_with_it():
    """keras.io's anomaly detection: ``Input(shape=(x_train.shape[1], x_train.shape[2]))`` in a Sequential."""
    with pytest.raises(cnn_demos.SpecError) as caught:
        cnn_demos.params(ANOMALY_CELL)
    assert "«x_train» در خط " + msg.fa(8) in str(caught.value)   # the line that takes it from the data
    assert cnn_demos.params("input 288x1\n" + ANOMALY_CELL).total_params == 481  # Keras 3: 256 + 225


BN_SETATTR = """
import torch
from torch import nn
N_HIDDEN = 8

class Net(nn.Module):
    def __init__(self, batch_normalization=False):
        super(Net, self).__init__()
        self.do_bn = batch_normalization
        self.fcs = []
        self.bns = []
        self.bn_input = nn.BatchNorm1d(1, momentum=0.5)
        for i in range(N_HIDDEN):
            input_size = 1 if i == 0 else 10
            fc = nn.Linear(input_size, 10)
            setattr(self, 'fc%i' % i, fc)       # IMPORTANT set layer to the Module
            self.fcs.append(fc)
            if self.do_bn:
                bn = nn.BatchNorm1d(10, momentum=0.5)
                setattr(self, 'bn%i' % i, bn)
                self.bns.append(bn)
        self.predict = nn.Linear(10, 1)

    def forward(self, x):
        if self.do_bn: x = self.bn_input(x)
        for i in range(N_HIDDEN):
            x = self.fcs[i](x)
            if self.do_bn: x = self.bns[i](x)
            x = torch.tanh(x)
        return self.predict(x)

model = Net(batch_normalization=True)
"""


def test_layers_registered_with_setattr_in_a_loop_are_counted():
    """MorvanZhou's batch-normalisation script: ``setattr(self, 'fc%i' % i, fc)`` registers each hidden layer."""
    report = cnn_demos.params(BN_SETATTR)
    assert (report.total_params, report.trainable_params) == torch_truth(BN_SETATTR) == (963, 963)


def test_setattr_is_held_to_what_an_assignment_may_do():
    code = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(2, 2))\nsetattr(model, '__class__', nn.Linear)\n"
    with pytest.raises(cnn_demos.SpecError, match="__class__"):
        cnn_demos.params(code)


OCR_HEAD = """
import keras
from keras import layers
characters = sorted(set("2345678bcdefgmnpwxy"))
char_to_num = layers.StringLookup(vocabulary=list(characters), mask_token=None)
num_to_char = layers.StringLookup(vocabulary=char_to_num.get_vocabulary(), mask_token=None, invert=True)
inputs = layers.Input(shape=(50, 64))
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(inputs)
outputs = layers.Dense(len(char_to_num.get_vocabulary()) + 1, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""


def test_a_string_lookup_given_its_words_sizes_the_layer_after_it():
    """keras.io's captcha OCR: ``Dense(len(char_to_num.get_vocabulary()) + 1)``; Keras puts one "[UNK]" first
    (its docstring: vocabulary ["a", "b", "c", "d"] → ['[UNK]', 'a', 'b', 'c', 'd']), so 19 characters give 21."""
    report = cnn_demos.params(OCR_HEAD)
    assert report.total_params == 66_048 + 128 * 21 + 21 and report.rows[-1].output_shape == "50x21"
    refused = OCR_HEAD.replace("mask_token=None)\nnum", "mask_token=None, output_mode='one_hot')\nnum")
    with pytest.raises(cnn_demos.SpecError, match="char_to_num"):   # one-hot lookups: not followed, said so
        cnn_demos.params(refused)


PIXEL = """
import numpy as np
import keras
from keras import layers
from keras import ops

class PixelConvLayer(layers.Layer):
    def __init__(self, mask_type, **kwargs):
        super().__init__()
        self.mask_type = mask_type
        self.conv = layers.Conv2D(**kwargs)

    def build(self, input_shape):
        self.conv.build(input_shape)
        kernel_shape = ops.shape(self.conv.kernel)
        self.mask = np.zeros(shape=kernel_shape)
        self.mask[: kernel_shape[0] // 2, ...] = 1.0
        self.mask[kernel_shape[0] // 2, : kernel_shape[1] // 2, ...] = 1.0
        if self.mask_type == "B":
            self.mask[kernel_shape[0] // 2, kernel_shape[1] // 2, ...] = 1.0

    def call(self, inputs):
        self.conv.kernel.assign(self.conv.kernel * self.mask)
        return self.conv(inputs)

inputs = keras.Input(shape=(28, 28, 1))
x = PixelConvLayer(mask_type="A", filters=16, kernel_size=5, activation="relu", padding="same")(inputs)
x = PixelConvLayer(mask_type="B", filters=16, kernel_size=1, padding="valid")(x)
out = keras.layers.Conv2D(filters=1, kernel_size=1, activation="sigmoid")(x)
model = keras.Model(inputs, out)
"""


def test_a_custom_layer_masking_its_conv_kernel_counts_the_conv():
    """keras.io's PixelCNN: ``self.conv.kernel.assign(self.conv.kernel * self.mask)`` changes values, not sizes."""
    assert cnn_demos.params(PIXEL).total_params == 705   # Keras 3: 416 + 272 + 17


def test_a_size_read_from_a_layer_kernel_is_refused_naming_it():
    code = ("import keras\nfrom keras import layers\nconv = layers.Conv2D(8, 3)\n"
            "model = keras.Sequential([keras.Input((8, 8, 1)), conv, layers.Flatten(),\n"
            "                          layers.Dense(conv.kernel.shape[-1])])\n")
    with pytest.raises(cnn_demos.SpecError, match="kernel"):
        cnn_demos.params(code)


DDPG_CRITIC = """
import gymnasium as gym
import keras
from keras import layers
env = gym.make("Pendulum-v1")
num_states = env.observation_space.shape[0]
num_actions = env.action_space.shape[0]
state_input = layers.Input(shape=(num_states,))
state_out = layers.Dense(16, activation="relu")(state_input)
action_input = layers.Input(shape=(num_actions,))
action_out = layers.Dense(32, activation="relu")(action_input)
concat = layers.Concatenate()([state_out, action_out])
model = keras.Model([state_input, action_input], layers.Dense(1)(concat))
"""


def test_input_sizes_from_an_environment_are_named_where_the_code_takes_them():
    """keras.io's DDPG critic: the sizes come from gym's spaces; an example size alone would not say so."""
    with pytest.raises(cnn_demos.SpecError) as caught:
        cnn_demos.params(DDPG_CRITIC)
    assert "«num_states» در خط " + msg.fa(6) in str(caught.value)
    written = DDPG_CRITIC.replace("(num_states,)", "(3,)").replace("(num_actions,)", "(1,)")
    assert cnn_demos.params(written).total_params == 64 + 64 + 49   # Keras 3: Dense 16, Dense 32, Dense 1


HIERARCHICAL_RNN = """
import keras
from keras import layers
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(x_train.shape[0], 28, 28, 1)
x_train = x_train.astype('float32')
x_train /= 255
row, col, pixel = x_train.shape[1:]
x = layers.Input(shape=(row, col, pixel))
encoded_rows = layers.TimeDistributed(layers.LSTM(32))(x)
encoded_columns = layers.LSTM(16)(encoded_rows)
model = keras.Model(x, layers.Dense(10, activation='softmax')(encoded_columns))
"""


def test_the_shape_the_code_reshapes_its_data_to_sizes_the_input_taken_from_that_data():
    """Keras 2's mnist_hierarchical_rnn: ``x_train.reshape(x_train.shape[0], 28, 28, 1)`` then
    ``row, col, pixel = x_train.shape[1:]``: the batch size is the data's, the rest is written in the code."""
    report = cnn_demos.params(HIERARCHICAL_RNN)
    assert report.total_params == 7_658 and report.input_shape == "28x28x1"   # Keras 3 on the same code


CUT_AT_NAMED_INPUT = """
import keras
from keras import layers
input_img = layers.Input(shape=(32, 16, 1), name="image")
labels = layers.Input(name="label", shape=(None,))
x = layers.Conv2D(8, (3, 3), padding="same", name="Conv1")(input_img)
x = layers.Reshape(target_shape=(32, 16 * 8), name="reshape")(x)
x = layers.Dense(11, activation="softmax", name="dense2")(x)
model = keras.models.Model(inputs=[input_img, labels], outputs=x)
prediction_model = keras.models.Model(
    model.get_layer(name="image").input, model.get_layer(name="dense2").output
)
prediction_model.summary()
"""


def test_a_model_cut_at_a_named_input_layer_counts_from_that_input():
    """tf.keras' captcha OCR: ``model.get_layer(name="image").input`` is the Input named "image" (Keras 3 gives
    the same model from ``model.input[0]``: 80 + 1,419)."""
    report = cnn_demos.params(CUT_AT_NAMED_INPUT)
    assert report.total_params == 1_499 and report.input_shape == "32x16x1"


TIMESERIES_TRANSFORMER = '''input 10x1
from tensorflow import keras
from tensorflow.keras import layers

def block(inputs):
    x = layers.LayerNormalization(epsilon=1e-6)(inputs)
    x = layers.MultiHeadAttention(key_dim=8, num_heads=2)(x, x)
    res = x + inputs
    x = layers.Conv1D(filters=4, kernel_size=1, activation="relu")(res)
    x = layers.Conv1D(filters=inputs.shape[-1], kernel_size=1)(x)
    return x + res

inputs = keras.Input(shape=x_train.shape[1:])
x = block(inputs)
x = layers.GlobalAveragePooling1D(data_format="channels_first")(x)
outputs = layers.Dense(1)(layers.Dense(16, activation="relu")(x))
model = keras.Model(inputs, outputs)
'''


def test_the_input_line_sizes_an_input_the_code_takes_from_data():
    """keras.io's time-series transformer: ``Input(shape=x_train.shape[1:])`` with the student's ``input 10x1``,
    so ``inputs.shape[-1]`` has its size; its ``GlobalAveragePooling1D(data_format="channels_first")`` averages
    the features of each step (Keras 3 on the same code: 321, the pooling's output (None, 10))."""
    report = cnn_demos.params(TIMESERIES_TRANSFORMER)
    assert report.total_params == 321
    assert [row.output_shape for row in report.rows][-3:] == ["10", "16", "1"]


CUSTOM_DENSE_AND_RELU = '''
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 28 * 28).astype("float32") / 255.0

class Dense(layers.Layer):
    def __init__(self, units):
        super(Dense, self).__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[-1], self.units), trainable=True)
        self.b = self.add_weight(name="b", shape=(self.units,), trainable=True)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

class MyReLU(layers.Layer):
    def call(self, x):
        return tf.math.maximum(x, 0)

class MyModel(keras.Model):
    def __init__(self, num_classes=10):
        super(MyModel, self).__init__()
        self.dense1 = Dense(64)
        self.dense2 = Dense(num_classes)
        self.relu = MyReLU()

    def call(self, x):
        return self.dense2(self.relu(self.dense1(x)))

model = MyModel()
model.fit(x_train, y_train, batch_size=32, epochs=2)
'''


def test_a_custom_relu_and_data_reshaped_to_a_product():
    """aladdinpersson's custom layers: ``x_train.reshape(-1, 28 * 28)`` sizes the input, ``tf.math.maximum(x, 0)``
    keeps the shape (Keras 3 on the same model: 50,890)."""
    assert cnn_demos.params(CUSTOM_DENSE_AND_RELU).total_params == 50_890


def test_the_type_of_a_config_entry_picks_the_layer():
    """A VGG config loop: ``if type(x) == int`` a conv, ``elif type(x) is str`` a pooling (torch: 75,648)."""
    report = cnn_demos.params('''input 3x32x32
import torch.nn as nn
cfg = [64, "M", 128]
layers, c = [], 3
for x in cfg:
    if type(x) == int:
        layers += [nn.Conv2d(c, x, 3, padding=1), nn.ReLU()]
        c = x
    elif type(x) is str:
        layers.append(nn.MaxPool2d(2))
model = nn.Sequential(*layers)''')
    assert report.total_params == 75_648
    assert [row.output_shape for row in report.rows][2] == "64x16x16"


def test_a_parameter_copied_from_a_tensor_is_counted():
    """rasbt's weight sharing: ``nn.Parameter(torch.tensor(torch.zeros(10), dtype=...))`` is 10 more."""
    report = cnn_demos.params('''import torch
class Net(torch.nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.linear_1 = torch.nn.Linear(392, 1, bias=False)
        self.bias = torch.nn.Parameter(torch.tensor(torch.zeros(num_classes), dtype=self.linear_1.weight.dtype))
    def forward(self, x):
        return self.linear_1(x) + self.bias
model = Net(10)''')
    assert report.total_params == 402


def test_a_part_of_a_functional_model_not_followed_is_said_without_pythons_error():
    with pytest.raises(cnn_demos.SpecError) as refused:
        cnn_demos.params('''from tensorflow import keras
from tensorflow.keras import layers
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(4)
    def call(self, x):
        return self.dense(x)
    def model(self):
        x = keras.Input(shape=(8,))
        return keras.Model(inputs=[x], outputs=self.call(x))
model = Net().model()
base_input = model.layers[0].input
output = layers.Dense(2)(model.layers[1].output)
model = keras.Model(base_input, output)
''')
    assert "object" not in str(refused.value) and "model.layers[0]" in str(refused.value)


def test_a_sequential_of_subclassed_blocks_inside_a_subclassed_model():
    """dragen1860's Inception: ``self.blocks = Sequential(); self.blocks.add(InceptionBlk(…))``, called in ``call``
    (it crashed on the blocks' missing nodes).  Keras 3 on the same model: 2,522."""
    report = cnn_demos.params('''from tensorflow import keras
class Block(keras.Model):
    def __init__(self, ch):
        super().__init__()
        self.conv = keras.layers.Conv2D(ch, 3, padding="same")
    def call(self, x, training=None):
        return self.conv(x)
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.blocks = keras.models.Sequential()
        for ch in (8, 16):
            self.blocks.add(Block(ch))
        self.pool = keras.layers.GlobalAveragePooling2D()
        self.fc = keras.layers.Dense(10)
    def call(self, x, training=None):
        return self.fc(self.pool(self.blocks(x, training=training)))
model = Net()
model.build(input_shape=(None, 28, 28, 1))''')
    assert report.total_params == 80 + 1_168 + 170


def test_sizes_the_question_gives_for_data_the_code_reads():
    """«vocab_len برای PennTreeBank میشه 10001»: the number stands in for ``len(lang.word2id)`` (and the
    padding index from the same data changes no count); the tied weight is counted once."""
    report = cnn_demos.params('''vocab_len برای PennTreeBank میشه 10001. این مدل چند تا پارامتر داره؟

import torch.nn as nn
class LM(nn.Module):
    def __init__(self, emb_size, output_size, pad_index=0):
        super().__init__()
        self.embedding = nn.Embedding(output_size, emb_size, padding_idx=pad_index)
        self.output = nn.Linear(emb_size, output_size)
        self.output.weight = self.embedding.weight
vocab_len = len(lang.word2id)
model = LM(300, vocab_len, pad_index=lang.word2id["<pad>"])''')
    assert report.total_params == 10_001 * 300 + 10_001
    assert "10001" in report.input_note


def test_the_length_of_data_the_question_sizes():
    report = cnn_demos.params('''vocab برای دیتاست آهنگ‌ها 83 تا کاراکتر شد. این مدل چند پارامتر داره؟

import tensorflow as tf
vocab = sorted(set(songs_joined))
model = tf.keras.Sequential([tf.keras.Input(shape=(100,)), tf.keras.layers.Embedding(len(vocab), 8),
                             tf.keras.layers.Dense(len(vocab))])''')
    assert report.total_params == 83 * 8 + 8 * 83 + 83


def test_keras_2_model_keywords_and_a_star_imported_concatenate():
    report = cnn_demos.params('''from keras.models import *
from keras.layers import *
inputs = Input((8, 8, 1))
a = Conv2D(4, 3, padding="same")(inputs)
b = Conv2D(4, 3, padding="same")(inputs)
merged = concatenate([a, b], axis=3)
out = Conv2D(1, 1)(merged)
model = Model(input=inputs, output=out)''')
    assert report.total_params == 40 + 40 + 9


def test_a_branch_on_a_prediction_after_training_is_not_part_of_the_model():
    report = cnn_demos.params('''import torch, torch.nn as nn
if __name__ == "__main__":
    model = nn.Linear(4, 2)
    predict = model(test_batch).data.max(1, keepdim=True)[1]
    if predict[0][0] == 0:
        print("bad")
    else:
        print("good")''')
    assert report.total_params == 10


def test_a_custom_layer_built_on_a_shape_is_counted_once():
    """MIT 6.S191's dense layer: ``layer.build((1, 2))`` then a weight and a row bias (2·3 + 1·3)."""
    report = cnn_demos.params('''import tensorflow as tf
class OurDenseLayer(tf.keras.layers.Layer):
    def __init__(self, n_output_nodes):
        super().__init__()
        self.n_output_nodes = n_output_nodes
    def build(self, input_shape):
        d = int(input_shape[-1])
        self.W = self.add_weight("weight", shape=[d, self.n_output_nodes])
        self.b = self.add_weight("bias", shape=[1, self.n_output_nodes])
    def call(self, x):
        z = tf.matmul(x, self.W) + self.b
        return tf.sigmoid(z)
layer = OurDenseLayer(3)
layer.build((1, 2))''')
    assert report.total_params == 9


def test_a_layer_of_a_class_not_pasted_is_named_not_pythons_type():
    with pytest.raises(cnn_demos.SpecError) as refused:
        cnn_demos.params('''import torch.nn as nn
from collections import OrderedDict
model = nn.Sequential(OrderedDict([("conv", nn.Conv2d(3, 8, 3)), ("pool", darknet.MaxPoolStride1())]))''')
    assert "darknet" in str(refused.value) and "cnn_demos" not in str(refused.value)


POETRY = '''import torch.nn as nn
class PoetryModel(nn.Module):
    def __init__(self, vocab_size, embedding_dim=16, hidden_dim=32):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, num_layers=2)
        self.linear1 = nn.Linear(hidden_dim, vocab_size)
    def forward(self, x):
        return self.linear1(self.lstm(self.embeddings(x))[0])
'''


def test_a_model_the_question_builds_with_the_pastes_own_class():
    """«PoetryModel(8293) چند پارامتر داره؟»: the paste has the class and no instance; the question makes it."""
    report = cnn_demos.params("مدل PoetryModel(8293) چند پارامتر داره؟\n" + POETRY)
    assert report.total_params == torch_truth(POETRY + "model = PoetryModel(8293)")[0]


VGG_BUILDERS = '''import torch.nn as nn
def make_layers(cfg, batch_norm=False):
    layers, c = [], 3
    for v in cfg:
        layers.append(nn.Conv2d(c, v, 3, padding=1))
        if batch_norm:
            layers.append(nn.BatchNorm2d(v))
        c = v
    return nn.Sequential(*layers)
def vgg_small_bn():
    return make_layers([8, 16], batch_norm=True)
def vgg_big_bn():
    return make_layers([8, 16, 32], batch_norm=True)
model = vgg_big_bn()
'''


def test_the_call_the_question_names_wins_over_the_pastes_last_model():
    """pytorch-cifar100 pasted whole with «برای `vgg_small_bn()`»: its own last line builds another variant."""
    report = cnn_demos.params("پارامترهای vgg_small_bn() چندتاست؟\n" + VGG_BUILDERS)
    assert report.total_params == torch_truth(VGG_BUILDERS + "small = vgg_small_bn()", "small")[0]


def test_a_while_loop_that_builds_a_stage_is_followed():
    """pytorch-cifar100's ``while block_num - 1:`` adds blocks; a loop on data still fails only if needed."""
    code = '''import torch.nn as nn
class Stage(nn.Module):
    def __init__(self, block_num):
        super().__init__()
        self.stage = nn.Sequential()
        self.stage.add_module("first", nn.Conv2d(3, 8, 3))
        while block_num - 1:
            self.stage.add_module(f"block{block_num}", nn.Conv2d(8, 8, 3))
            block_num -= 1
    def forward(self, x):
        return self.stage(x)
model = Stage(4)
'''
    assert cnn_demos.params(code).total_params == torch_truth(code)[0] == 224 + 3 * 584
    data_loop = code + "while not done:\n    batch = next(loader)\n"
    assert cnn_demos.params(data_loop).total_params == 224 + 3 * 584


def test_a_keras_bidirectional_with_its_own_backward_layer():
    report = cnn_demos.params('''from tensorflow.keras import layers, models
model = models.Sequential([
    layers.Input((10, 8)),
    layers.Bidirectional(layers.LSTM(4), backward_layer=layers.LSTM(4, go_backwards=True)),
])''')
    assert report.total_params == 2 * 4 * (4 * (8 + 4) + 4)  # Keras 3: 320


def test_an_input_the_question_states_sizes_pasted_code():
    """«ورودی مدل ۳۲×۳۲×۳ هست» in the question stands for an ``input`` line: shapes and MACs come out."""
    report = cnn_demos.params('''ورودی مدل ۳۲×۳۲×۳ هست، خروجی هر لایه چه شکلیه؟
import torch.nn as nn
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.MaxPool2d(2))''')
    assert report.rows[-1].output_shape == "8x15x15"
    assert report.macs == 8 * 27 * 30 * 30


def test_copy_and_math_from_a_cell_not_pasted():
    code = '''import torch.nn as nn
layer = nn.Linear(4, int(math.sqrt(16)))
model = nn.Sequential(layer, copy.deepcopy(layer))'''
    assert cnn_demos.params(code).total_params == 20 + 20


PRINTED_GPT = """GPT(
  (wte): Embedding(100, 16)
  (wpe): Embedding(8, 16)
  (blocks): ModuleList(
    (0-1): 2 x Block(
      (ln): LayerNorm((16,), eps=1e-05, elementwise_affine=True)
      (fc): Linear(in_features=16, out_features=16, bias=True)
    )
  )
  (lm_head): Linear(in_features=16, out_features=100, bias=False)
)"""


def test_a_printed_head_shaped_like_the_embedding_says_the_tied_count():
    """GPT prints lm_head and wte both; with weight tying they are one tensor, so the other count is said."""
    report = cnn_demos.params(PRINTED_GPT)
    assert report.total_params == 1600 + 128 + 2 * (32 + 272) + 1600
    assert "⚠" in report.input_note and f"{report.total_params - 1600:,}" in report.input_note
    assert "دقیق‌اند" not in report.input_note  # a doubted count is not called exact


def test_a_printed_module_of_the_students_own_is_doubted():
    """The Annotated Transformer's ``LayerNorm()`` is its own class: print shows no size and no parameters."""
    report = cnn_demos.params("""Net(
  (norm): LayerNorm()
  (fc): Linear(in_features=4, out_features=2, bias=True)
)""")
    assert report.total_params == 10
    assert "«LayerNorm»" in report.input_note and "⚠" in report.input_note
    exact = cnn_demos.params("""Net(
  (fc1): Linear(in_features=4, out_features=8, bias=True)
  (act): ReLU()
  (fc2): Linear(in_features=8, out_features=2, bias=True)
)""")
    assert "⚠" not in exact.input_note


TWO_MODELS = '''import torch.nn as nn
model_4 = nn.Sequential(nn.Linear(100, 50), nn.Linear(50, 1))
model_5 = nn.Sequential(nn.Linear(100, 2))
'''


def test_the_model_the_question_counts_wins_over_one_it_only_mentions():
    """«model_4 خیلی پارامتر داشت، بعد model_5 رو ساختم. model_5 چند تا پارامتر داره؟»: both named, model_5 counted."""
    question = "model_4 خیلی پارامتر داشت، بعد model_5 رو ساختم. model_5 چند تا پارامتر داره؟\n"
    assert cnn_demos.params(question + TWO_MODELS).total_params == 202
    question = "model_4 چند تا پارامتر داره؟ model_5 هم جزوش حساب میشه؟\n"
    assert cnn_demos.params(question + TWO_MODELS).total_params == 5050 + 51


def test_a_class_count_the_question_gives_sizes_len_of_class_names():
    """FashionMNIST's ``class_names = train_data.classes``: «۱۰ کلاس» in the question is its length."""
    report = cnn_demos.params('''سلام، این مدل روی FashionMNIST هست (۱۰ کلاس). model_2 چند پارامتر داره؟
import torch
from torch import nn
from torchvision import datasets
train_data = datasets.FashionMNIST(root="data", train=True, download=True)
class_names = train_data.classes
model_2 = nn.Sequential(nn.Flatten(), nn.Linear(784, len(class_names)))
conv_layer = nn.Conv2d(3, 10, 3)''')
    assert report.total_params == 7850


def test_a_model_the_question_counts_that_failed_is_explained_not_replaced():
    with pytest.raises(cnn_demos.SpecError) as refused:
        cnn_demos.params('''model_2 چند پارامتر داره؟
import torch.nn as nn
model_2 = nn.Sequential(nn.Linear(784, len(train_data.classes)))
conv_layer = nn.Conv2d(3, 10, 3)''')
    assert "train_data" in str(refused.value) or "classes" in str(refused.value)


def test_a_class_built_with_its_defaults_while_the_code_uses_other_arguments_is_warned():
    """NeRF's class defaults (use_viewdirs=False) are not what ``create_nerf(args)`` builds."""
    report = cnn_demos.params('''import torch.nn as nn
class Net(nn.Module):
    def __init__(self, width=8, heads=False):
        super().__init__()
        self.fc = nn.Linear(4, width)
        if heads:
            self.head = nn.Linear(width, 2)
def create(args):
    return Net(width=args.width, heads=args.heads)''')
    assert report.total_params == 40
    assert "⚠" in report.input_note and "Net" in report.input_note
