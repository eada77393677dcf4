"""The course's comparisons: the arithmetic, the charts, and real timed runs through the worker."""

from __future__ import annotations

import time

import pytest

import cnn_demos
from cnn_demos import RunLimits, SpecError
from cnn_demos.worker import RunTimeout, Worker


@pytest.fixture(scope="module")
def worker():
    w = Worker(timeout_s=120)
    yield w
    w.close()


def test_bottleneck_arithmetic_of_the_course_example():
    c = cnn_demos.bottleneck("28x28x192", kernel=5, filters=32, reduce=16)
    direct, reduced = (v.report for v in c.variants)
    assert direct.macs == 120_422_400
    assert reduced.macs == 2_408_448 + 10_035_200 == 12_443_648
    assert (direct.total_params, reduced.total_params) == (153_632, 15_920)
    assert c.mac_ratio == pytest.approx(9.677, abs=1e-3)
    assert any("120,422,400" in line for line in c.working)
    assert c.timing is None and c.device == "meta"


def test_resnets_block_brings_the_channels_back_up_with_a_second_1x1():
    import torch.nn as nn

    c = cnn_demos.bottleneck("56x56x256", kernel=3, filters=256, reduce=64, expand=True, bias=False)
    direct, block = (v.report for v in c.variants)
    convs = (nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, padding=1, bias=False),
             nn.Conv2d(64, 256, 1, bias=False))
    assert block.total_params == sum(p.numel() for m in convs for p in m.parameters()) == 69_632
    assert direct.total_params == 3 * 3 * 256 * 256
    assert block.rows[-1].output_shape == "56x56x256"
    assert c.param_ratio == pytest.approx(8.47, abs=0.01)


def test_pooling_comparison_of_the_blog_head():
    c = cnn_demos.pooling("53x53x64", (64, 32, 10))
    flat, gap = (v.report.total_params for v in c.variants)
    assert flat == 53 * 53 * 64 * 64 + 64 + 64 * 32 + 32 + 330
    assert gap == 64 * 64 + 64 + 64 * 32 + 32 + 330
    assert c.param_ratio == pytest.approx(flat / gap)


@pytest.mark.parametrize("comparison, sides, difference, percent, ratio, direction", [
    (lambda: cnn_demos.pooling("7x7x512", (10,)), ("250,890", "5,130"), "245,760", "97.96", "48.91", "کمتر"),
    (lambda: cnn_demos.stacked("28x28x64", 5), ("102,464", "73,856"), "28,608", "27.92", "1.39", "کمتر"),
    (lambda: cnn_demos.bottleneck("28x28x64", 5, 32, 128), ("51,232", "110,752"), "59,520", "116.18", "2.16",
     "بیشتر"),
])
def test_a_comparison_headline_gives_both_sides_the_difference_the_share_and_the_ratio(
        comparison, sides, difference, percent, ratio, direction):
    headline = comparison().headline
    assert all(side in headline for side in sides)
    assert f"{difference} پارامتر {direction} ({percent}٪، {ratio} برابر" in headline
    # the second having more, the share the other way too («ResNet-18 نسبت به VGG-16 چند درصد کمتر؟»)
    assert ("؛ یعنی" in headline) == (direction == "بیشتر")
    assert headline.endswith("دارد.")  # one sentence, with its verb


def test_stacked_3x3_against_one_7x7():
    c = cnn_demos.stacked("56x56x64", 7)
    big, small = (v.report.total_params for v in c.variants)
    assert (big, small) == (7 * 7 * 64 * 64 + 64, 3 * (9 * 64 * 64 + 64))
    with pytest.raises(SpecError):
        cnn_demos.stacked("56x56x64", 4)


def test_chart_is_a_png():
    c = cnn_demos.bottleneck("14x14x32", 3, 16, 8, chart=True)
    assert c.chart_png.startswith(b"\x89PNG")


def test_real_run_through_the_worker(worker):
    c = cnn_demos.bottleneck("16x16x64", 5, 32, 8, run=True, batch=2, device="cpu", worker=worker, chart=True)
    assert c.device.startswith("cpu")
    assert [t.label for t in c.timing.timings] == [v.label for v in c.variants]
    assert all(t.median_ms > 0 and t.repeats >= 3 for t in c.timing.timings)
    assert c.measured_speedup > 0
    assert "ms" in c.text() and c.to_json()["timing"]["measured_speedup"] == c.measured_speedup


def test_work_too_large_is_not_run_but_the_theory_still_answers(worker):
    for kwargs in ({"run_limits": RunLimits(max_macs_cpu=1000)}, {"batch": 10_000}):
        c = cnn_demos.bottleneck("28x28x192", run=True, worker=worker, **kwargs)
        assert c.timing is None and c.note and c.note in c.text()
        assert "153,632" in c.text()  # the arithmetic is all there


def test_a_reduction_wider_than_the_input_is_called_out():
    c = cnn_demos.bottleneck("28x28x64", 3, 32, 128)
    assert c.param_ratio < 1 and "کاهش نیست" in c.text()
    # the ratio is said the way round it is: «… بیشتر از کانولوشن مستقیم دارد», never «0.24 برابر کمتر»
    assert "برابر پارامتر بیشتر" in c.text() and "برابر پارامتر کمتر" not in c.text()


@pytest.mark.parametrize("comparison, sentence", [
    (lambda: cnn_demos.pooling("7x7x512", (10,)), "نسبت: GAP 48.91 برابر پارامتر کمتر و 49.00 برابر MAC کمتر از Flatten دارد."),
    (lambda: cnn_demos.stacked("56x56x64", 5), "نسبت: 2 لایه‌ی 3x3 1.39 برابر پارامتر کمتر"),
    (lambda: cnn_demos.bottleneck("28x28x192", 5, 32, 16), "نسبت: نسخه‌ی با گلوگاه 1x1 9.65 برابر پارامتر کمتر"),
])
def test_the_ratio_line_is_a_sentence_with_its_subject_and_verb(comparison, sentence):
    assert any(line.startswith(sentence) and line.endswith("دارد.") for line in comparison().working)


def test_worker_time_limit_kills_and_recovers(worker):
    started = time.monotonic()
    with pytest.raises(RunTimeout):
        worker.call(time.sleep, 30, timeout_s=1)
    assert time.monotonic() - started < 10
    assert worker.call(max, 2, 3) == 3  # a fresh worker takes the next job


@pytest.mark.parametrize("size", ["28xx28", "28x28xC", "28x192", "0x28x192", "28"])
def test_a_malformed_input_size_is_refused_in_persian(size):
    with pytest.raises(SpecError, match="اندازه‌ی معتبری نیست"):
        cnn_demos.bottleneck(size)


def test_the_warm_up_counts_every_example_and_readies_the_worker(worker):
    from cnn_demos import commands

    commands.warm(worker)  # raises if any command's own example does not compute
    c = cnn_demos.stacked("14x14x8", 5, run=True, batch=2, worker=worker)
    assert c.timing is not None and c.timing.device.startswith(("cpu", "cuda"))


def test_separable_against_standard_counts_what_torch_counts():
    from torch import nn

    c = cnn_demos.separable("28x28x32", 3, 64, bias=False)
    standard, split = (v.report for v in c.variants)
    depthwise, pointwise = nn.Conv2d(32, 32, 3, groups=32, bias=False), nn.Conv2d(32, 64, 1, bias=False)
    assert standard.total_params == 3 * 3 * 32 * 64
    assert split.total_params == sum(p.numel() for m in (depthwise, pointwise) for p in m.parameters()) == 2_336
    assert split.macs == 28 * 28 * (3 * 3 * 32 + 32 * 64)
    with_bias = cnn_demos.separable("28x28x32", 3, 64)  # Keras SeparableConv2D: one bias, on the pointwise part
    assert with_bias.variants[1].report.total_params == 2_336 + 64


@pytest.mark.parametrize("cell, framework", [("lstm", "keras"), ("gru", "keras"), ("rnn", "keras"),
                                             ("lstm", "pytorch"), ("gru", "pytorch"), ("rnn", "pytorch")])
def test_a_recurrent_count_is_the_frameworks_own_and_names_its_bias_sets(cell, framework):
    from torch import nn

    from cnn_demos.explained import recurrent

    found = recurrent(cell, 20, 7, framework)
    torch_count = sum(p.numel() for p in getattr(nn, cell.upper())(7, 20).parameters())
    keras_count = {"lstm": 4 * (20 * 27 + 20), "gru": 3 * (20 * 27 + 2 * 20), "rnn": 20 * 27 + 20}[cell]
    assert (found.total, found.other_total) == ((keras_count, torch_count) if framework == "keras"
                                                else (torch_count, keras_count))
    assert any(f"{2 if framework == 'pytorch' or cell == 'gru' else 1}×20" in line for line in found.lines)
