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


# ---------------------------------------------------------------- where the pass runs (cnn_demos.count_device)

# Layers of every family a small model may have, in the course's Keras code.
CPU_SPECS = {
    "image": """keras.layers.Input(shape=(32, 32, 3)),
keras.layers.Conv2DTranspose(8, 3, strides=2),
keras.layers.SeparableConv2D(16, 3, padding='same'),
keras.layers.DepthwiseConv2D(3),
keras.layers.UpSampling2D(),
keras.layers.ZeroPadding2D(1),
keras.layers.Cropping2D(1),
keras.layers.LayerNormalization(),
keras.layers.PReLU(),
keras.layers.BatchNormalization(),
keras.layers.Conv2D(4, 3, dilation_rate=2, activation='swish'),
keras.layers.AveragePooling2D(),
keras.layers.GlobalMaxPooling2D(),
keras.layers.Dense(10, activation='softmax')""",
    "tokens": """keras.layers.Input(shape=(50,)),
keras.layers.Embedding(1000, 16),
keras.layers.Conv1D(8, 3),
keras.layers.MaxPooling1D(2),
keras.layers.Flatten(),
keras.layers.Dense(1)""",
    "volume": """keras.layers.Input(shape=(8, 16, 16, 1)),
keras.layers.Conv3D(4, 3),
keras.layers.MaxPooling3D(2),
keras.layers.Flatten(),
keras.layers.Dense(2)""",
}
CPU_ZOO = ["lenet5", "resnet18", "mobilenetv2", "googlenet-aux", "squeezenet1_1", "nin", "keras_mobilenet",
           "blog-flatten"]


def _shaped_and_rows(nodes):
    from cnn_demos.build import module
    from cnn_demos.shapes import infer

    shaped = infer(nodes)
    return shaped, [module(s) for s in shaped]


@pytest.mark.parametrize("case", CPU_ZOO + list(CPU_SPECS))
def test_a_count_on_the_cpu_equals_the_count_on_meta(case):
    """Every figure of the report (rows, shapes, MACs, flop_counter's total, memory) is the same whichever
    device ran the pass; and each of these models is one the CPU would be chosen for."""
    from cnn_demos.count_device import fits_cpu
    from cnn_demos.counting import count_shaped
    from cnn_demos.spec import parse

    entry = zoo.MODELS.get(case)
    nodes = entry.build() if entry else parse(CPU_SPECS[case])
    convention = entry.convention if entry else "keras"
    shaped, rows = _shaped_and_rows(nodes)
    assert fits_cpu(shaped, rows)
    on_cpu = count_shaped(shaped, case, convention, device="cpu")
    assert on_cpu == count_shaped(shaped, case, convention, device="meta")
    assert on_cpu.flop_counter_flops == on_cpu.flops > 0


@pytest.mark.parametrize("key", ["vgg16", "resnet34", "keras_xception", "alexnet"])
def test_large_models_stay_on_meta(key):
    """VGG-16 would allocate 553 MB of weights and compute 15 G MACs just to be counted."""
    from cnn_demos.count_device import fits_cpu

    assert not fits_cpu(*_shaped_and_rows(zoo.MODELS[key].build()))


def test_recurrent_layers_stay_on_meta():
    """A recurrent layer runs all its steps in one call on meta, a Python loop of them on the CPU."""
    from cnn_demos.count_device import fits_cpu
    from cnn_demos.spec import parse

    lstm = "keras.layers.Input(shape=(20, 16)),\nkeras.layers.LSTM(8),\nkeras.layers.Dense(2)"
    assert not fits_cpu(*_shaped_and_rows(parse(lstm)))


def test_flop_count_agrees_with_flop_counter_mode_on_torch_modules():
    """cnn_demos.flops counts as torch.utils.flop_counter does, composites (attention, linear) included."""
    import torch
    from torch import nn
    from torch.utils.flop_counter import FlopCounterMode

    from cnn_demos.flops import FlopCount

    with torch.device("meta"):
        model = nn.Sequential(nn.TransformerEncoderLayer(64, 4, 128, batch_first=True), nn.Flatten(),
                              nn.Linear(64 * 10, 3)).eval()
    x = torch.empty(2, 10, 64, device="meta")
    theirs, ours = FlopCounterMode(display=False), FlopCount()
    with torch.no_grad(), theirs:
        model(x)
    with torch.no_grad(), ours:
        model(x)
    assert ours.get_total_flops() == theirs.get_total_flops() > 0


def test_a_fresh_process_counts_resnet18_without_torch_dynamo_or_sympy():
    """The cold ``daneshyar calc model resnet18`` pays for importing torch, not for torch's meta machinery
    (about 3 s: benchmarks/calc_startup.py); the figures are the published ones all the same."""
    import subprocess
    import sys

    code = ("import sys, cnn_demos\n"
            "r = cnn_demos.model('resnet18')\n"
            "print(r.total_params, r.macs, r.flop_counter_flops, 'torch._dynamo' in sys.modules, 'sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert out == ["11689512", "1814073344", "3628146688", "False", "False"]


def test_the_warm_up_pays_for_meta_so_a_warm_bot_counts_there():
    """The bot's warm-up imports what the first meta operation imports; no student waits for it later."""
    import subprocess
    import sys

    code = ("import sys\nfrom cnn_demos import commands\nfrom cnn_demos.count_device import counting_device\n"
            "from cnn_demos.build import module\nfrom cnn_demos.shapes import infer\nfrom cnn_demos.zoo import lenet5\n"
            "shaped = infer(lenet5())\nrows = [module(s) for s in shaped]\nbefore = counting_device(shaped, rows)\n"
            "commands.warm(run=False)\nprint(before, counting_device(shaped, rows))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert out == ["cpu", "meta"]


def test_counts_on_the_cpu_in_several_threads_leave_torchs_thread_count_as_it_was():
    """A count on the CPU uses one thread; counts from the bot's calculation threads take turns."""
    from concurrent.futures import ThreadPoolExecutor

    import torch

    from cnn_demos.counting import count_shaped
    from cnn_demos.shapes import infer

    before = torch.get_num_threads()
    shaped = infer(zoo.lenet5())
    with ThreadPoolExecutor(4) as pool:
        reports = list(pool.map(lambda _: count_shaped(shaped, "lenet5", device="cpu"), range(8)))
    assert torch.get_num_threads() == before
    assert {r.total_params for r in reports} == {61_706}
