"""The layer-spec language: both notations, the shape rules, and every error path (in Persian)."""

from __future__ import annotations

import pytest

import cnn_demos
from cnn_demos import Limits, SpecError
from cnn_demos.shapes import infer
from cnn_demos.spec import parse


def shapes_of(spec: str) -> list[str]:
    return [r.output_shape for r in cnn_demos.params(spec).rows]


def params_of(spec: str) -> list[int]:
    return [r.params for r in cnn_demos.params(spec).rows]


@pytest.mark.parametrize("layer, out", [
    ("conv 8 5x5", "28x28x8"),                 # valid
    ("conv 8 5x5 same", "32x32x8"),
    ("conv 8 5x5 s2", "14x14x8"),              # floor((32-5)/2)+1
    ("conv 8 5x5 s2 same", "16x16x8"),         # ceil(32/2), asymmetric padding
    ("conv 8 3x3 d2", "28x28x8"),              # effective kernel 5
    ("conv 8 3x3 p1", "32x32x8"),
    ("conv 8 3x5 p1", "32x30x8"),
    ("maxpool 2", "16x16x3"),
    ("maxpool 3 s2", "15x15x3"),
    # option names written out, as the usage says them: «stride=2» is not «s» with the value «tride=2»
    ("maxpool 3 stride=2", "15x15x3"),
    ("conv 8 5x5 stride=2", "14x14x8"),
    ("conv 8 3x3 dilation=2", "28x28x8"),
    ("conv 8 3x3 padding=1", "32x32x8"),
    ("avgpool 3 s2 same", "16x16x3"),
    ("gap", "3"),
])
def test_output_shape_rules(layer, out):
    assert shapes_of(f"input 32x32x3 | {layer}")[1] == out


def test_keras_same_with_stride_matches_tensorflow():
    assert shapes_of("input 224x224x3 | conv 64 7x7 s2 same")[1] == "112x112x64"
    assert shapes_of("input 7x7x1 | conv 1 3 s2 same")[1] == "4x4x1"


def test_grouped_depthwise_and_bias_off():
    assert params_of("input 16x16x8 | conv 16 3x3 g4")[1] == 3 * 3 * 2 * 16 + 16
    assert params_of("input 16x16x8 | dwconv 3x3")[1] == 3 * 3 * 8 + 8
    assert params_of("input 16x16x8 | DepthwiseConv2D((3,3), depth_multiplier=2, use_bias=False)")[1] == 144
    assert params_of("input 16x16x8 | conv 16 3x3 nobias")[1] == 3 * 3 * 8 * 16
    assert params_of("input 16x16x8 | Conv2D(16, 3, use_bias=False)")[1] == 3 * 3 * 8 * 16


def test_conv1d_and_conv3d():
    # the homework's Conv1D: 7 input channels, 16 filters, kernel 3 -> (16*3*7)+16 = 352
    report = cnn_demos.params("input 100x7 | Conv1D(16, 3) | Conv1D(32, 5)")
    assert [r.params for r in report.rows] == [0, 352, 32 * 5 * 16 + 32]
    assert report.rows[1].output_shape == "98x16"
    report = cnn_demos.params("input 16x32x32x3 | conv3d 8 3x3x3 | maxpool3d 2")
    assert report.rows[1].params == 27 * 3 * 8 + 8
    assert [r.output_shape for r in report.rows[1:]] == ["14x30x30x8", "7x15x15x8"]


def test_channels_first_and_last_are_both_accepted():
    first = cnn_demos.params("input 3x224x224 | conv 64 3x3 p1")
    last = cnn_demos.params("input 224x224x3 | conv 64 3x3 p1")
    assert first.layout == "channels_first" and last.layout == "channels_last"
    assert first.rows[1].output_shape == "64x224x224" and last.rows[1].output_shape == "224x224x64"
    assert first.total_params == last.total_params == 1792
    assert cnn_demos.params("input 4x4x4 cf | flatten").layout == "channels_first"


def test_pasted_keras_model_with_wrappers():
    code = """
from tensorflow import keras
model = keras.Sequential([
    keras.layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)),
    keras.layers.MaxPooling2D(pool_size=(2, 2)),
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation='softmax'),
])
model.summary()
"""
    assert params_of(code) == [0, 320, 0, 0, 13 * 13 * 32 * 10 + 10]
    added = "model.add(Input(shape=(28, 28, 1)))\nmodel.add(Flatten())\nmodel.add(Dense(10))"
    assert params_of(added)[-1] == 7850


def test_pytorch_modules():
    report = cnn_demos.params("input 3x32x32 | nn.Conv2d(3, 32, 3, padding=1) | nn.ReLU() | nn.MaxPool2d(2) | "
                              "nn.AdaptiveAvgPool2d(1) | nn.Linear(32, 10)")
    assert [r.params for r in report.rows] == [0, 896, 0, 0, 0, 330]


def test_branches_concat_and_residual():
    spec = ("input 28x28x192 | concat{conv 64 1 ; conv 96 1 -> conv 128 3 same ; conv 16 1 -> conv 32 5 same ;"
            " maxpool 3 s1 same -> conv 32 1}")
    report = cnn_demos.params(spec)
    assert report.rows[1].output_shape == "28x28x256"  # inception 3a
    assert report.rows[1].params == 163_328 + 368
    res = cnn_demos.params("input 8x8x16 | residual{conv 16 3 same -> bn -> relu -> conv 16 3 same}")
    assert res.rows[1].output_shape == "8x8x16"


@pytest.mark.parametrize("spec, fragments", [
    ("input 5x5x3 | conv 8 7x7", ["لایه ۲", "7x7", "5x5", "بزرگ‌تر"]),
    ("input 5x5x3 | conv 8 3x3 d4", ["لایه ۲", "9x9"]),
    ("input 28x28x1 | conv 8 3 | dense 10", ["لایه ۳", "Flatten"]),
    ("input 28x28x1 | conv 8 3 | foo 3", ["لایه ۳", "«foo»"]),
    ("input 28x28x1 | conv eight 3", ["لایه ۲", "«eight»"]),
    ("input 28x28x1 | conv 8", ["لایه ۲", "کرنل"]),
    ("conv 8 3", ["input"]),
    ("input 28x28x1 | input 28x28x1", ["لایه ۲", "input"]),
    ("input 28x28x3 | nn.Conv2d(1, 8, 3)", ["لایه ۲", "1", "3"]),
    ("input 10x10x4 | conv 6 3 g4", ["groups"]),
    ("input 28x28x1 | dropout 2", ["Dropout"]),
    ("input 28x28x1 | Dense(n_classes)", ["«n_classes»"]),
    ("input 28x28x1 | Conv2D(8, (3,3)", ["پرانتز"]),
    ("input 8x8x3 | residual{conv 4 3 same}", ["میان‌بر"]),
    ("input 8x8x3 | concat{conv 4 3 ; conv 4 1}", ["شاخه"]),
    ("input 28x28x1 | flatten | conv 8 3", ["لایه ۳", "784"]),
    ("input 8x8x1 | maxpool 2 p2", ["پدینگ"]),
    ("", ["خالی"]),
])
def test_errors_point_at_the_layer_and_token_in_persian(spec, fragments):
    with pytest.raises(SpecError) as err:
        cnn_demos.params(spec)
    for fragment in fragments:
        assert fragment in str(err.value), str(err.value)


@pytest.mark.parametrize("spec", [
    "input 28x28x1 | conv 3000000 3",
    "input 100000x100000x3 | conv 8 3",
    "input 28x28x1 | flatten | dense 999999 | dense 999999",
    "input 28x28x1 | conv 8 2000x2000",
    "input 28x28x1 | " + " | ".join(["relu"] * 1200),
])
def test_absurd_sizes_are_refused_by_the_pure_python_pass(spec):
    """The check runs in shapes.infer, before any torch module or tensor exists."""
    with pytest.raises(SpecError):
        infer(parse(spec), Limits())


def test_limits_are_configurable():
    with pytest.raises(SpecError):
        cnn_demos.params("input 28x28x1 | conv 64 3", Limits(max_channels=32))


def test_explain_the_output_size_rule():
    e = cnn_demos.explain(28, 5, 1, 2)
    assert e.output == 28
    assert "⌊(28 + 2×2 − 1×(5−1) − 1) / 1⌋ + 1" in e.steps[1]
    assert cnn_demos.explain(32, 3, 2, "same").padding == (0, 1)
    assert cnn_demos.explain(112, 3, 2, 0, ceil=True).output == 56  # GoogLeNet's ceil_mode pooling
    layers = cnn_demos.shapes("input 32x32x3 | conv 16 5x5 s2 same | flatten")
    assert [len(layer.rule) for layer in layers] == [0, 1, 0]  # H and W share one explanation


def test_depthwise_with_explicit_filters_is_a_channel_multiplier():
    report = cnn_demos.params("input 16x16x8 | conv 16 3x3 dw")
    assert report.rows[1].params == 3 * 3 * 16 + 16 and report.rows[1].output_shape == "14x14x16"
