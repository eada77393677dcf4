"""`daneshyar calc`: JSON shapes, text output and Persian errors, through click in-process."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from daneshyar.cli import cli


def run(*args: str, ok: bool = True, stdin: str | None = None):
    result = CliRunner().invoke(cli, ["calc", *args], input=stdin, catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_params_json():
    out = json.loads(run("params", "input 28x28x1 | conv 8 3x3 same relu | maxpool 2 | flatten | dense 10",
                         "--json").output)
    assert out["total_params"] == out["trainable_params"] == 80 + 14 * 14 * 8 * 10 + 10
    assert out["device"] == "meta"
    assert out["flops"] == 2 * out["macs"] == out["flop_counter_flops"]
    assert [layer["output_shape"] for layer in out["layers"]] == ["28x28x1", "28x28x8", "14x14x8", "1568", "10"]


def test_params_from_stdin_keras_code():
    code = "Conv2D(8, kernel_size=(1, 1), padding='same', input_shape=(256, 256, 3))\nFlatten()\nDense(2)\n"
    out = json.loads(run("params", "-", "--json", stdin=code).output)
    assert out["total_params"] == 32 + 256 * 256 * 8 * 2 + 2


def test_params_error_is_persian_and_points_at_the_layer():
    result = run("params", "input 5x5x3 | conv 8 7x7", ok=False)
    assert "لایه ۲" in result.output and "7x7" in result.output
    assert "Traceback" not in result.output


def test_model_list_and_model_json():
    models = json.loads(run("model", "--list", "--json").output)["models"]
    assert {"lenet5", "resnet50", "googlenet", "vgg16", "mobilenetv2", "blog-flatten"} <= {m["name"] for m in models}
    out = json.loads(run("model", "resnet50", "--json").output)
    assert out["total_params"] == out["learnable_params"] == out["published_params"] == 25_557_032
    assert out["convention"] == "pytorch"
    assert out["keras_params"] == 25_557_032 + 53_120  # Keras would count BatchNorm statistics too
    assert len(out["layers"]) > 10
    assert "ResNet-50" in run("model", "resnet50").output
    assert "resnet50" in run("model", "resnet5000", ok=False).output


def test_two_models_are_compared_in_one_sentence():
    """«ResNet-50 چند برابر MobileNetV2 پارامتر داره؟» was answered with MobileNetV2's count alone."""
    out = run("model", "resnet50", "vs", "mobilenet_v2").output
    headline = out.splitlines()[0]
    assert "MobileNet-v2 با 3,504,872 پارامتر" in headline and "ResNet-50 با 25,557,032 پارامتر" in headline
    assert "22,052,160 پارامتر کمتر (86.29٪، 7.29 برابر)" in headline and headline.endswith("دارد.")
    data = json.loads(run("model", "resnet50,", "mobilenetv2", "--json").output)
    assert [v["label"] for v in data["variants"]] == ["resnet50", "mobilenetv2"]
    assert round(data["param_ratio"], 2) == 7.29
    assert "resnet5000" in run("model", "resnet50", "vs", "resnet5000", ok=False).output


def test_an_embedding_layer_counts_one_vector_a_token():
    out = json.loads(run("layer", "embedding", "20000", "128", "--json").output)
    assert out["params"] == out["other_framework_params"] == 2_560_000
    assert "اندازه‌ی واژگان و بعد" in run("layer", "embedding", "20000", ok=False).output
    assert "اندازه‌ی واژگان باید عدد صحیح مثبت باشد" in run("layer", "embedding", "0", "128", ok=False).output
    assert "resnet50 vs vgg16 vs lenet5" in run("model", "resnet50", "vs", "vgg16", "vs", "lenet5", ok=False).output


def test_stacked_recurrent_layers_count_each_layer_on_the_one_before():
    out = json.loads(run("layer", "lstm", "256", "in=300", "layers=2", "pytorch", "--json").output)
    assert out["params"] == 1_097_728 and out["other_framework_params"] == 1_095_680  # nn.LSTM(300, 256, num_layers=2)
    assert "2 لایه روی هم" in run("layer", "lstm", "256", "in=300", "layers=2").output
    assert "(layers) باید عدد صحیح مثبت باشد، نه «0»" in run("layer", "lstm", "256", "in=300", "layers=0", ok=False).output


def test_bottleneck_json_without_running(tmp_path):
    plot = tmp_path / "b.png"
    out = json.loads(run("bottleneck", "28x28x192", "5", "32", "16", "--no-run", "--plot", str(plot),
                         "--json").output)
    assert [v["macs"] for v in out["variants"]] == [120_422_400, 12_443_648]
    assert out["timing"] is None and out["device"] == "meta"
    assert plot.read_bytes().startswith(b"\x89PNG") and out["plot"] == str(plot)


def test_pooling_and_stacked_text():
    assert "1751" in run("pooling", "53x53x64", "64,32,10", "--no-run").output
    assert "110,784" in run("stacked", "56x56x64", "7", "--no-run").output
    assert "pooling 53x53x64" in run("pooling", "53x53x64", "ten", "--no-run", ok=False).output  # the usage


def test_shape_rule_and_spec():
    out = json.loads(run("shape", "28", "5", "1", "2", "--json").output)
    assert out["output"] == "28" and len(out["steps"]) == 3
    text = run("shape", "input 32x32x3 | conv 16 5x5 s2 same | maxpool 2").output
    assert "16x16x16" in text and "8x8x16" in text and "⌊" in text
    assert "صفر" in run("shape", "2", "5", ok=False).output


def test_one_layer_with_its_formula_and_a_question_back_when_a_number_is_missing():
    out = json.loads(run("layer", "conv", "128", "3x3", "in=64", "--json").output)
    assert out["params"] == 73_856 and out["formula"].endswith("= 73,856")
    assert "کانال" in run("layer", "conv", "128", "3x3", ok=False).output  # asks for the input channels


def test_a_bad_input_option_is_named_and_nothing_is_read():
    result = run("params", "-", "--input", "abc", ok=False, stdin="import torch.nn as nn\nnet = nn.Linear(3, 3)\n")
    assert result.exit_code == 2 and "--input" in result.output


def test_every_command_of_the_table_is_a_cli_command_with_its_example():
    from cnn_demos.commands import COMMANDS

    for name, command in COMMANDS.items():
        result = run(name, "--help")
        assert command.example.split()[0] in result.output


def test_bottleneck_real_run_in_a_real_process(tmp_path):
    """The installed command end to end: a subprocess, the worker process under it, a real timed run."""
    proc = subprocess.run(
        [sys.executable, "-m", "daneshyar", "calc", "bottleneck", "14x14x64", "3", "16", "8", "--batch", "2",
         "--device", "cpu", "--json"],
        check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["device"].startswith("cpu") and out["timing"]["measured_speedup"] > 0


def test_the_cli_does_not_load_hazm_until_persian_is_read():
    """hazm (with scikit-learn) took 3 of `daneshyar calc`'s 4.4 s at start-up; a calculation never needs it.
    benchmarks/calc_startup.py has the timings; this only checks which modules a fresh start loads."""
    code = ("import sys, daneshyar.cli; from knowledge.intent import is_not_a_question; "
            "loaded = 'hazm' in sys.modules; print(loaded, is_not_a_question('مرسی'), 'hazm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["False", "True", "True"]  # loaded on the first Persian word, and the word list works


def test_daneshyar_calc_loads_neither_the_knowledge_base_nor_torchs_meta_machinery():
    """A cold `daneshyar calc model resnet18` pays for torch and the calculator only: the knowledge base
    (0.3-0.7 s) is for the other commands, and torch._dynamo with sympy (about 3 s, imported by the first
    operation on a meta tensor) is not needed for a model this small (cnn_demos.count_device)."""
    code = ("import sys; from daneshyar.cli import cli\n"
            "cli(['calc', 'model', 'resnet18', '--json'], standalone_mode=False)\n"
            "print(*[name in sys.modules for name in ('knowledge', 'torch._dynamo', 'sympy')])")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert json.loads(out[:out.rindex("}") + 1])["total_params"] == 11_689_512
    assert out.split()[-3:] == ["False", "False", "False"]
