"""Counts against published figures and hand arithmetic; every count is also cross-checked by
torch.utils.flop_counter inside the report (flop_counter_flops == flops)."""

from __future__ import annotations

import pytest

import cnn_demos
from cnn_demos import zoo

# MACs usually quoted for the torchvision models (conv + linear, batch 1).
PUBLISHED_MACS = {"alexnet": 0.714e9, "vgg16": 15.47e9, "resnet18": 1.814e9, "resnet50": 4.09e9,
                  "mobilenetv2": 0.30e9, "googlenet": 1.50e9}


@pytest.mark.parametrize("key", [k for k, m in zoo.MODELS.items() if m.published_params])
def test_zoo_model_matches_its_published_count(key):
    entry = zoo.MODELS[key]
    report = cnn_demos.model(key)
    # The headline follows the model's framework: the blog's Keras models count BatchNorm statistics,
    # torchvision's are sum(p.numel() for p in model.parameters()).
    assert report.total_params == entry.published_params
    keras = key in {"blog-flatten", "blog-gap", "homework-1x1"} or key.startswith("keras_")
    assert report.convention == ("keras" if keras else "pytorch")
    assert report.flop_counter_flops == report.flops == 2 * report.macs


@pytest.mark.parametrize("key", PUBLISHED_MACS)
def test_zoo_macs_match_published_figures(key):
    assert cnn_demos.model(key).macs == pytest.approx(PUBLISHED_MACS[key], rel=0.01)


def test_every_zoo_model_builds_and_agrees_with_flop_counter():
    for key in zoo.MODELS:
        report = cnn_demos.model(key)
        assert report.flop_counter_flops == report.flops, key
        assert report.rows[-1].output_shape in ("1000", "10", "2"), key


def test_blog_toy_network_keras_summary():
    flat = cnn_demos.model("blog-flatten")
    assert (flat.total_params, flat.trainable_params, flat.non_trainable_params) == (11_574_090, 11_573_898, 192)
    assert flat.rows[-1].params == 330  # "dense_6 (Dense) (None, 10) 330"
    gap = cnn_demos.model("blog-gap")
    assert (gap.total_params, gap.trainable_params, gap.non_trainable_params) == (66_602, 66_410, 192)
    assert gap.rows[-1].params == 650


def test_homework_1x1_model_layer_by_layer():
    report = cnn_demos.model("homework-1x1")
    assert [r.params for r in report.rows if r.params] == [32, 144, 2_097_154]
    assert report.total_params == 2_097_330
    assert [r.output_shape for r in report.rows] == ["256x256x3", "256x256x8", "256x256x16", "1048576", "2"]


def test_googlenet_paper_inception_3a_by_hand():
    report = cnn_demos.model("googlenet-paper")
    row = next(r for r in report.rows if r.name == "inception 3a")
    weights = 192 * 64 + 192 * 96 + 96 * 9 * 128 + 192 * 16 + 16 * 25 * 32 + 192 * 32
    assert row.params == weights + (64 + 96 + 128 + 16 + 32 + 32)
    assert row.output_shape == "256x28x28"


def test_aux_classifiers_add_parameters_but_not_main_path_shapes():
    plain, aux = cnn_demos.model("googlenet"), cnn_demos.model("googlenet-aux")
    assert aux.learnable_params - plain.learnable_params == 6_379_984
    assert plain.rows[-1].output_shape == aux.rows[-1].output_shape == "1000"


def test_zoo_lookup_is_forgiving_and_unknown_names_are_explained():
    assert cnn_demos.model("ResNet-50").learnable_params == 25_557_032
    with pytest.raises(cnn_demos.UnknownModel) as err:
        cnn_demos.model("resnet1000")
    assert "resnet1000" in str(err.value) and "resnet50" in str(err.value)


def test_json_has_the_documented_fields():
    data = cnn_demos.params("input 28x28x1 | conv 8 3x3 | flatten | dense 10").to_json()
    for key in ("total_params", "trainable_params", "macs", "flops", "device", "layers"):
        assert key in data
    assert data["layers"][1] == {"name": "conv 8 3x3", "kind": "Conv", "output_shape": "26x26x8", "params": 80,
                                 "macs": 26 * 26 * 8 * 9}


def test_memory_figures():
    report = cnn_demos.params("input 28x28x1 | flatten | dense 10")
    assert report.weight_bytes_fp32 == 4 * 7850 and report.weight_bytes_fp16 == 2 * 7850
    # the input (784) and the Dense output (10); Flatten is a view
    assert report.activation_bytes_fp32 == 4 * (784 + 10)


def test_text_table_is_monospace_ascii_with_persian_notes():
    text = cnn_demos.model("lenet5").text()
    table, _, notes = text.partition("\n\n")
    assert table.isascii()
    assert "61,706" in table
    assert "FLOPs = 2 × MACs" in notes and "channels-first" in notes
