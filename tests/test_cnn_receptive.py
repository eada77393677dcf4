"""The receptive field of layers in a row (cnn_demos/receptive.py), as a command and asked in a sentence."""

from __future__ import annotations

import pytest

from cnn_demos import commands
from cnn_demos.prose import route
from cnn_demos.spec import SpecError
from daneshyar.application.calculating import calculate


@pytest.mark.parametrize(("layers", "field"), [
    ("conv 3x3 | conv 3x3", 5),  # VGG's argument: two 3x3 see what one 5x5 sees
    ("conv 3x3 | conv 3x3 | conv 3x3", 7),
    ("conv 3x3 | conv 3x3 d2 | conv 3x3 d4", 15),  # dilations 1, 2, 4: 1 + 2 + 4 + 8
    ("conv 7x7 s2 | maxpool 3 s2 | conv 3x3 | conv 3x3", 27),  # ResNet's stem, then two 3x3: 7, 11, 19, 27
    ("conv 64 3x3 same | maxpool 2 | conv 128 3x3 p1", 8),  # filters and padding change nothing: 3, 4, 8
])
def test_the_field_is_worked_out_layer_by_layer(layers, field):
    result = commands.run("receptive", layers)
    assert f"{field}×{field}" in result.headline and result.data["field"] == field
    assert len(result.table.splitlines()) == layers.count("|") + 1  # one line of working a layer


@pytest.mark.parametrize(("layers", "said"), [("abc 3", "لایه ۱"), ("conv 3x3 | abc 3", "لایه ۲")])
def test_a_layer_it_cannot_read_is_named_by_the_students_own_numbering(layers, said):
    with pytest.raises(SpecError, match=f"^{said}: .*abc"):
        commands.run("receptive", layers)


def test_no_layers_gets_the_usage():
    with pytest.raises(SpecError, match="receptive conv 3x3"):
        commands.run("receptive", "  ")


def test_after_a_flatten_there_is_no_field_in_pixels():
    with pytest.raises(SpecError, match="flatten"):
        commands.run("receptive", "conv 3x3 | flatten | dense 10")


@pytest.mark.parametrize(("question", "field"), [
    ("سه تا کانو ۳ در ۳ با گام ۱ پشت هم میزنم، بعد یه مکس پول ۲×۲ با گام ۲ و بعدش دوتا کانو ۳ در ۳. میدان دید "
     "پیکسل آخر روی ورودی چند در چنده؟", 16),
    ("2 ta conv 3x3 poshte ham daram ba dilation 1 va 3. receptive field chand mishe?", 9),
    ("My net: a 5x5 conv with stride 2, then a 3x3 conv. What is the receptive field of the last layer?", 9),  # 5, then 5 + 2·2
])
def test_a_receptive_field_asked_in_a_sentence_is_computed(question, field):
    calculated = calculate(None, question)
    assert calculated is not None and calculated.calculation is not None, question
    assert calculated.calculation.data["field"] == field


@pytest.mark.parametrize("question", [
    "what is the receptive field of two stacked 3x3 convs?",  # the course's question, answered by its notes
    "receptive field yani chi? ba conv 3x3 chetori ziad mishe?",
    "سه تا ۳×۳ پشت هم همون میدان دید یه ۷×۷ رو دارن؟ چند تا پارامتر کمتر دارن؟",  # the stacked comparison
])
def test_ideas_and_comparisons_about_the_field_are_not_this_calculation(question):
    found = route(question)
    assert found is None or found.command != "receptive", found
