"""Calculations asked in a sentence: routed to the right command with the student's numbers, or left to
the course material, or answered with a question when a number is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnn_demos import commands
from cnn_demos.prose import normalise, route

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev_styles.jsonl"
ROUTER = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "router.jsonl"


def answer(question: str) -> str:
    found = route(question)
    assert found is not None and found.command, question
    result = commands.run(found.command, found.args)
    return (result.headline + "\n" + result.text()).replace("×", "x")


def test_numbers_are_read_in_every_script():
    assert normalise("۳ در ۳ و ۲۸×۲۸ و سه در سه و 1,024") == "3x3 و 28x28 و 3x3 و 1024"


@pytest.mark.parametrize("question, number", [
    ("یه کانولوشن با ۱۲۸ فیلتر ۳ در ۳ روی ورودی ۶۴ کاناله چند تا وزن داره؟", "73,856"),
    ("How many parameters does a Conv2D layer with 64 filters of size 3x3 have on an RGB input?", "1,792"),
    ("chand ta parameter dare ye conv ba 16 filter 5x5 roye voroodi 3 kanale?", "1,216"),
    ("how many weights in a dense layer from 512 to 10 without bias", "5,120"),
    ("پارامترهای یه لایه خطی با ورودی ۷۸۴ و خروجی ۱۲۸ چنده؟", "100,480"),
    ("params in nn.Conv2d(3, 16, 5)?", "1,216"),
    ("What is the output size of a 7x7 convolution with stride 2 and padding 3 on a 224x224 image?", "112x112"),
    ("avg pooling سه در سه با گام ۲ روی نقشه ویژگی ۵۵x۵۵ خروجی چی میده؟", "27x27"),
    ("mobilenet v2 چند تا پارامتر داره؟", "3,504,872"),
    ("how many FLOPs does EfficientNet-B0 take per image?", "0.77 G"),
])
def test_calculations_in_a_sentence_get_the_right_number(question, number):
    assert number in answer(question)


@pytest.mark.parametrize("question", [
    "چرا ۱×۱؟", "AlexNet چند لایه داره؟", "salam, chera vgg16 inghadr parameter dare?",
    "Why is Flatten worse than global average pooling?", "پدینگ same یعنی چی؟", "لنت کی اومد؟",
    "اسم تکنیکی که با ۱×۱ عمق رو کم میکنن و بعد ۳×۳ میزنن چیه؟", "کانولوشن ۱×۱ اندازه مکانی رو تغییر میده؟",
    "chera padding 1 ba kernel 3 size ro sabet negah midare?",
])
def test_course_questions_that_mention_numbers_stay_with_the_material(question):
    assert route(question) is None


def test_a_missing_number_gets_a_question_back_not_another_example():
    found = route("یه کانولوشن ۳ در ۳ با ۳۲ فیلتر چند پارامتر داره؟")
    assert found is not None and not found.command and "کانال" in found.missing


def test_a_model_pasted_with_a_question_is_counted_as_params_would():
    found = route("این مدل چند پارامتر داره؟\nmodel = Sequential()\nmodel.add(Dense(10, input_shape=(4,)))")
    assert found.command == "params" and "model.add" in found.args
    assert "50" in commands.run(found.command, found.args).headline


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not next to this checkout")
def test_the_calculation_rows_of_the_course_eval_are_all_right():
    rows = [json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines() if '"calc"' in line]
    assert rows
    for row in rows:
        shown = answer(row["q"]).lower()
        assert any(a.lower().replace("×", "x") in shown for a in row["any"]), row["q"]


def test_the_router_set_both_ways():
    """160 messages (benchmarks/data/router.jsonl): calculations computed right, course questions left alone."""
    import sys

    sys.path.insert(0, str(ROUTER.parent.parent))
    from router import judge

    cases = [json.loads(line) for line in ROUTER.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [judge(case) for case in cases]
    assert not [r["q"] for r in results if not r["calc"] and r["routed"]]  # no course question taken
    assert sum(r["ok"] for r in results) >= 0.95 * len(results)
