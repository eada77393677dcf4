"""Calculations asked in a sentence: routed to the right command with the student's numbers, or left to
the course material, or answered with a question when a number is missing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cnn_demos import commands
from cnn_demos import messages as msg
from cnn_demos.prose import normalise, route
from daneshyar.application.calculating import calculate

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev_styles.jsonl"
ROUTER = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "router.jsonl"


def answer(question: str) -> str:
    found = route(question)
    assert found is not None and found.command, question
    result = commands.run(found.command, found.args)
    return (result.headline + "\n" + result.text()).replace("×", "x")


def answer_shown(question: str) -> str:
    """The reply as the bot shows it: the route's own first line where it words the quantity asked."""
    calculated = calculate(None, question)
    assert calculated is not None and not calculated.error, question
    return "\n".join(calculated.lines()).replace("×", "x") if calculated.calculation else calculated.reply


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


def test_flatten_against_gap_without_the_head_asks_for_its_units():
    found = route("Flatten در برابر GAP روی نقشه ۷×۷×۵۱۲ چند پارامتر کم میشه؟")
    assert found is not None and not found.command and found.missing == msg.ASK_POOLING_UNITS
    found = route("Flatten در برابر GAP روی نقشه ۷×۷×۵۱۲ با dense 10 چند پارامتر کم میشه؟")
    assert (found.command, found.args) == ("pooling", "7x7x512 10")


@pytest.mark.parametrize("question, head", [
    ("khorooji akhar 6x6x256 e, age flatten konim va dense 4096 bezarim vs GAP + dense 4096, flatten chand barabar "
     "param dare?", "4096"),
    ("flatten + dense 4096 + dense 10 vs GAP + dense 4096 + dense 10 on 6x6x256: how many times more params?",
     "4096,10"),
    ("روی ۶×۶×۲۵۶ اگه بعد flatten یه dense ۴۰۹۶ و یه dense ۱۰ بذارم به جای GAP چند برابر پارامتر داره؟", "4096,10"),
    # the number of Dense layers is not a size, and a size joined by «و»/"and" is one
    ("روی ۶×۶×۲۵۶ اگه بعد flatten دو تا dense ۴۰۹۶ و ۱۰ بذارم به جای GAP چند برابر پارامتر داره؟", "4096,10"),
    ("on a 6x6x256 map, flatten then 2 dense layers of 4096 and 10 vs GAP: how many times more params?", "4096,10"),
    ("flatten ya GAP roye 6x6x256 ba 2 ta dense 4096 va 10, chand ta param?", "4096,10"),
])
def test_a_head_said_for_each_side_is_one_head_both_share(question, head):
    """«dense 4096» after Flatten and again after GAP is the head both sides have, not Dense(4096) twice."""
    found = route(question)
    assert (found.command, found.args) == ("pooling", f"6x6x256 {head}")


@pytest.mark.parametrize("question, args", [
    ("How many times more parameters does ResNet-50 have than MobileNetV2 (torchvision)?", "resnet50 vs mobilenetv2"),
    ("MobileNetV2 با VGG16 چقد اختلاف تعداد پارامتر دارن؟", "mobilenetv2 vs vgg16"),
    ("resnet50 ya mobilenetv2 kodum param bishtar dare?", "resnet50 vs mobilenetv2"),
    ("vgg16 چند تا پارامتر داره؟ vgg-16 رو میگم", "vgg16"),  # one model named twice is one model
])
def test_two_models_named_are_compared(question, args):
    found = route(question)
    assert (found.command, found.args) == ("model", args)


@pytest.mark.parametrize("question, command, args", [
    ("یه LSTM با ۱۲۸ یونیت روی دیتایی که هر تایم استپش ۶۴ تا فیچر داره چند پارامتر داره؟", "layer", "lstm 128 in=64"),
    ("GRU با 32 تا unit وقتی embedding dim ام 50 هست چند تا param داره؟", "layer", "gru 32 in=50"),
    ("dense ba 512 ta neuron ke vorudish ye bordar 1024 tayie chand ta param dare?", "layer", "dense 512 in=1024"),
    ("عکس ورودی ۱۲۸ در ۱۲۸، یه کانولشن ۵ در ۵ با استراید ۲ و پدینگ ۲؛ خروجیش چند در چند میشه؟", "shape",
     "128x128 5 stride=2 padding=2"),
    ("یه Dense با 512 تا unit که input اش یه vector با سایز 2048 هست چند تا پارامتر داره؟", "layer", "dense 512 in=2048"),
    ("SimpleRNN با ۶۴ تا نرون، هر تایم‌استپ ۳۲ تا ویژگی داره. پارامتراش چنتاس؟", "layer", "rnn 64 in=32"),
    ("BatchNorm1d روی خروجی‌ای که ۳۰۰ تا فیچر داره چند تا پارامتر داره؟", "layer", "bn 300"),
])
def test_sizes_said_in_students_words_are_read(question, command, args):
    """«یونیت», «تا فیچر», «embedding dim ام 50», «bordar», «کانولشن»: the sixth prose set's questions asked back
    or sent to the material."""
    found = route(question)
    assert (found.command, found.args) == (command, args)


@pytest.mark.parametrize("question, args", [
    ("an embedding layer with vocab size 20000 and embedding dim 128, how many params does it have?",
     "embedding 20000 128"),
    ("embedding ba vocab 5000 va dim 64 chand ta parameter dare?", "embedding 5000 64"),
])
def test_an_embedding_layer_is_counted_from_its_vocabulary_and_size(question, args):
    found = route(question)
    assert (found.command, found.args) == ("layer", args)
    assert route("لایه امبدینگ با بردار ۳۰۰ بعدی چند پارامتر داره؟").missing == msg.ASK_EMBEDDING


@pytest.mark.parametrize("question, args", [
    ("BatchNormalization بعد از کانوی ۲۵۶ فیلتری تو کراس چند تا پارامتر داره؟", "bn 256"),
    ("how many params does a BatchNorm after a conv with 64 filters have?", "bn 64"),
])
def test_batchnorm_after_a_layer_is_counted_on_that_layers_channels(question, args):
    found = route(question)
    assert (found.command, found.args) == ("layer", args)
    # a conv followed by BatchNorm, with the conv's sizes, is still the conv's count
    found = route("conv 3x3 با ۶۴ فیلتر و بعدش batchnorm چند پارامتر داره؟ ورودی ۳۲ کانال")
    assert (found.command, found.args) == ("layer", "conv 64 3x3 in=32")


@pytest.mark.parametrize("question, args", [
    # each was silently wrong: "30k" read as 3, a 2-layer LSTM counted as one, a Conv1D's 100 steps as its channels
    ("embedding layer, vocab of 30k words, 300-dim vectors. how many trainable params is that??", "embedding 30000 300"),
    ("لایه امبدینگ با ۱۰ هزار کلمه و بردار ۳۰۰ بعدی چند پارامتر داره؟", "embedding 10000 300"),
    ("In PyTorch I have a 2-layer LSTM, input size 300 and hidden size 256. how many params in total?",
     "lstm 256 in=300 layers=2 pytorch"),
    ("یه ۲ لایه LSTM با ۱۲۸ واحد و ورودی ۶۴ بعدی چند پارامتر داره؟", "lstm 128 in=64 layers=2"),
    ("to keras ye Conv1D ba 32 ta filter va kernel size 5, vorodi (100, 16) hast. chand ta parametr dare?",
     "conv1d 32 5 in=16 size=100"),
    ("nn.Conv2d with 16 filters of 3x3 on input (3, 32, 32): how many params?", "conv 16 3x3 in=3 size=32x32"),
    ("in_ch=64 out=128 k=1, params?", "conv 128 1x1 in=64"),  # «k=1» is a kernel, not a thousand
])
def test_numbers_students_write_are_read_whole(question, args):
    found = route(question)
    assert (found.command, found.args) == ("layer", args)


def test_a_recurrent_layer_in_units_without_its_input_asks_for_it():
    found = route("یه لایه LSTM با ۲۵۶ تا یونیت چندتا پارامتر داره؟")
    assert not found.command and found.missing == msg.ASK_RECURRENT_INPUT.format(cell="LSTM")


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


# ---------------------------------------------------------------- the quantity asked: output channels


def reply(question: str) -> str:
    found = calculate(None, question)
    assert found is not None, question
    return found.reply.replace("×", "x")


@pytest.mark.parametrize("question, channels, shape", [
    ("خروجی یه لایه کانولوشن با ۶۴ فیلتر ۳ در ۳ روی ورودی ۳۲ در ۳۲ در ۳ چند کانال داره؟", "۶۴", "30x30x64"),
    ("khoroji ye conv ba 64 filter 3x3 roye voroodi 32x32x3 chand kanal dare?", "۶۴", "30x30x64"),
    ("conv 3x3 با ۶۴ فیلتر و گام ۲ و پدینگ ۱ روی ورودی ۲۲۴ در ۲۲۴ در ۳، عمق خروجیش چنده؟", "۶۴", "112x112x64"),
    ("output depth of a conv with 256 filters 3x3 stride 2 padding same on 56x56x128?", "۲۵۶", "28x28x256"),
    ("how many feature maps does a conv layer with 64 filters 3x3 produce on a 224x224x3 image?", "۶۴", "222x222x64"),
    ("تعداد کانال های خروجی Conv2D(64, 3) روی ورودی ۳۲ در ۳۲ در ۳ چنده؟", "۶۴", "30x30x64"),
    ("nn.Conv2d(3, 16, 5) روی تصویر ۳۲ در ۳۲ چند کانال خروجی میده؟", "۱۶", "28x28x16"),
    ("conv1d ba 64 filter kernel 5 roye voroodi 100x16 chand ta kanal khoruji dare?", "۶۴", "96x64"),
    # the input's channels not said: the spatial rule, then the filters as the depth
    ("a 5x5 conv with 6 filters on a 28x28 image, how many channels does the output have?", "۶", "24x24x6"),
    ("ورودی ۲۸ در ۲۸ و کانولوشن ۵ در ۵ با ۲۰ فیلتر؛ خروجی چند تا نقشه ویژگی داره؟", "۲۰", "24x24x20"),
])
def test_a_question_for_the_output_channels_gets_the_filters_with_the_whole_shape(question, channels, shape):
    shown = reply(question)
    assert f"{channels} کانال" in shown and shape in shown, shown


def test_the_channel_answer_is_the_headline_everywhere_and_the_working_stays():
    found = calculate(None, "خروجی یه لایه کانولوشن با ۶۴ فیلتر ۳ در ۳ روی ورودی ۳۲ در ۳۲ در ۳ چند کانال داره؟")
    assert found.calculation.headline == found.reply  # the bot shows calculation.headline
    assert "30x30x64" in found.calculation.text() and "⌊" in found.calculation.text()
    assert found.to_json()["result"]["output"] == "30x30x64"
    # the calculator alone (benchmarks/router.py's view) shows the full shape too, not only 30x30
    route_ = route("خروجی یه لایه کانولوشن با ۶۴ فیلتر ۳ در ۳ روی ورودی ۳۲ در ۳۲ در ۳ چند کانال داره؟")
    assert "30x30x64" in commands.run(route_.command, route_.args).headline


@pytest.mark.parametrize("question, channels", [
    ("تعداد کانال‌های خروجی کانولوشن با 128 فیلتر چنده؟", "۱۲۸"),
    ("how many output channels does a conv layer with 32 filters have?", "۳۲"),
    ("nn.Conv2d(3, 16, 5) چند کانال خروجی داره؟", "۱۶"),
    ("yek conv ba 256 ta filter 3x3 chand ta feature map mide?", "۲۵۶"),
])
def test_without_the_input_the_reply_says_the_channels_equal_the_filters(question, channels):
    found = route(question)
    assert found is not None and not found.command and not found.missing  # nothing invented, nothing asked back
    shown = reply(question)
    assert f"{channels} کانال" in shown and "فیلتر" in shown
    assert not re.search(r"\d+x\d+", shown)  # no spatial size made up


def test_channels_asked_without_a_filter_count_get_a_question_back():
    found = route("یه کانولوشن ۳ در ۳ روی ورودی ۳۲ در ۳۲ در ۳ چند کانال خروجی داره؟")
    assert found is not None and not found.command and "فیلتر" in found.missing


@pytest.mark.parametrize("question, shown", [
    # channels said, not asked: the size or the parameters, as before
    ("What's the output size of a conv with 64 output channels, 3x3 kernel, on a 32x32 input?", "30x30"),
    ("خروجی کانولوشن ۳ در ۳ با ۶۴ کانال خروجی روی ورودی ۳۲ در ۳۲ چند در چنده؟", "30x30"),
    ("یه کانولوشن با ۱۲۸ فیلتر ۳ در ۳ روی ورودی ۶۴ کاناله چند تا وزن داره؟", "73,856"),
    ("tedad parametr haye ye conv 1x1 ba 256 kanal vorudi va 64 kanal khoruji chande?", "16,448"),
])
def test_channels_given_as_numbers_do_not_change_what_is_asked(question, shown):
    assert shown in answer(question)
    assert "کانال دارد" not in reply(question)


@pytest.mark.parametrize("question", [
    "1x1 conv chejoori tedad kanal ro kam mikone?",
    "the input has 3 channels, does each filter see all 3 at once or one at a time?",
    "چرا تعداد کانال‌ها در لایه‌های عمیق‌تر با ۶۴ فیلتر زیاد میشه؟",
])
def test_questions_about_channels_as_an_idea_stay_with_the_material(question):
    assert route(question) is None


# ---------------------------------------------------------------- every number the question gives is used


@pytest.mark.parametrize("question, shape, step", [
    # a parameter question that also gives the input and the stride: the shape beside the count uses the stride
    ("کانولوشن ۱۱ در ۱۱ با ۹۶ فیلتر، گام ۴، روی تصویر ۲۲۷ در ۲۲۷ در ۳: چند پارامتر داره؟", "55x55x96", "/ 4"),
    ("params of a conv with 32 filters 3x3, stride of 2 and padding 1 on a 64x64x3 input?", "32x32x32", "/ 2"),
    ("conv 3x3 ba 8 filter, dilation 2, roo vorodi 20x20x1 chand ta parameter dare?", "16x16x8", "2x(3−1)"),
])
def test_stride_padding_and_dilation_given_with_a_count_shape_the_output_and_show_in_its_formula(question, shape, step):
    shown = answer(question)
    assert f"شکل خروجی: {shape}" in shown and step in shown


@pytest.mark.parametrize("question, number", [
    ("ابعاد خروجی کانولوشن ۳ در ۳ با dilation برابر ۲ روی ورودی ۳۰ در ۳۰ چقدره؟", "26x26"),
    ("What is the MAC count of a conv layer with 16 filters 3x3 on a 32x32x8 input, padding 1?", "1,179,648"),
    ("flops e ye conv 1x1 ba 32 filter roo vorodi 10x10x64 chand tast?", "409,600"),
    # the map's side and its channels said apart
    ("MACs of a conv with 8 input channels, 16 output channels, kernel 3, padding 1 on 20x20 images?", "460,800 MAC"),
    ("GRU with 8 hidden units and input size 3 in pytorch, number of parameters?", "312"),
    ("روی ۱۴×۱۴ کانال‌ها رو با 1x1 از ۱۲۸ به ۳۲ کم کنیم و بعد 3x3 با ۱۲۸ فیلتر بزنیم، پارامترها چند برابر کم میشه؟",
     "3.59 برابر"),
    # Dense after Flatten: the flattened size the question gives, not a question back
    ("نقشه ویژگی ۶×۶×۱۰ رو flatten می‌کنیم و میدیم به dense با ۵ خروجی؛ چند تا پارامتر؟", "1,805"),
])
def test_numbers_the_question_gives_are_computed_not_asked_back(question, number):
    assert number in answer(question)


# ---------------------------------------------------------------- comparisons answer the comparison asked


@pytest.mark.parametrize("question, command, difference", [
    ("two stacked 3x3 convs or one 5x5, 16 channels in and out: how many fewer parameters?", "stacked", "1,776"),
    # «پشت هم» without «سر», and «فرق» as the comparison
    ("دو تا کانولوشن 3x3 پشت هم با یه 5x5 از نظر پارامتر چه فرقی دارن؟ 16 کانال ورودی و خروجی", "stacked", "1,776"),
    # «با ۱۶ فیلتر»: the classic comparison keeps C in and out, so the filters give C (asked back before)
    ("دو تا کانولوشن 3x3 پشت هم با 16 فیلتر در مقایسه با یک 5x5 چند پارامتر کمتر داره؟", "stacked", "1,776"),
    ("Flatten یا GAP روی ۲×۲×۸ با dense ده تایی؛ پارامترها چقدر فرق دارن؟", "pooling", "240"),
    ("depthwise separable 3x3 conv from 16 to 32 channels without bias, how many params vs a normal conv?",
     "separable", "3,952"),
    ("vorodi 8x8x64, conv 3x3 ba 64 filter; age aval ba 1x1 be 16 kanal kam konim parameter ha chand ta kamtar mishe?",
     "bottleneck", "26,608"),
])
def test_a_comparison_in_a_sentence_is_compared_and_its_headline_has_the_difference(question, command, difference):
    found = route(question)
    assert found is not None and found.command == command, found
    assert f"{difference} پارامتر" in commands.run(found.command, found.args).headline


# ---------------------------------------------------------------- why a layer has its count


@pytest.mark.parametrize("question, total, terms", [
    ("chera ye LSTM ba 16 unit va vorodi 8 bodi to keras 1,600 ta parameter dare?", "1,600", ("گیت", "16x16")),
    ("why does a GRU with 10 units on 4 input features have 480 parameters in Keras?", "480", ("reset_after",)),
    ("لایه GRU با ۱۰ واحد و ورودی ۴ بعدی در پایتورچ چند پارامتر دارد؟", "480", ("b_ih", "b_hh")),
    ("چرا BatchNormalization روی ۱۶ کانال ۶۴ پارامتر داره؟", "64", ("میانگین", "32")),
])
def test_a_count_of_a_layer_with_its_sizes_is_explained_term_by_term(question, total, terms):
    shown = answer(question)
    assert total in shown and all(term in shown for term in terms)


@pytest.mark.parametrize("question", [
    "چرا LSTM چهار تا گیت داره؟", "why does GRU have fewer parameters than LSTM?",
    "chera batchnorm parameter dare?", "چرا ۳ تا ۳×۳ به جای یک ۷×۷؟",
])
def test_why_about_an_idea_stays_with_the_material(question):
    assert route(question) is None


# ---------------------------------------------------------------- each number goes to the layer it is said with


@pytest.mark.parametrize("question", [
    "on a 16x16x64 input we want 32 filters of 3x3; how many parameters do we save by putting a 1x1 conv with 8 "
    "channels first?",
    "ghabl az conv 3x3 ba 32 filter ye 1x1 ba 8 kanal bezarim roye vorodi 16x16x64, chand ta parameter sarfe jooyi mishe?",
    "روی ورودی ۱۶×۱۶×۶۴ اول یه ۱×۱ با ۸ کانال و بعد ۳۲ تا فیلتر ۳×۳ بزنیم؛ چند تا پارامتر کمتر از حالت مستقیم داره؟",
])
def test_a_bottleneck_count_belongs_to_the_kernel_it_is_said_next_to(question):
    found = route(question)
    assert found is not None and found.command == "bottleneck", found
    assert found.args == "16x16x64 3 32 8"
    assert "15,608 پارامتر کمتر" in commands.run(found.command, found.args).headline


def test_input_and_output_channels_said_together_are_each_their_own():
    assert normalise("16 in and 32 out channels") == "16 input channels and 32 output channels"


@pytest.mark.parametrize("question, args, headline", [
    # different channels in and out: the stack's first layer changes the depth, never a silent C in and out
    ("two stacked 3x3 vs one 5x5, 16 input and 32 output channels: how many parameters each?",
     "56x56x16 5 filters=32 nominal", "1,056 پارامتر بیشتر"),
    ("سه تا ۳×۳ جای یه ۷×۷، کانال ها ۱۶، چند تا پارامتر کمتر؟", "56x56x16 7 nominal", "5,600 پارامتر کمتر"),
    ("3 ta conv 3x3 poshte ham ya ye 7x7, channel ha 16, chand ta param kamtar?", "56x56x16 7 nominal",
     "5,600 پارامتر کمتر"),
])
def test_stacked_kernels_read_the_channels_however_they_are_said(question, args, headline):
    found = route(question)
    assert found is not None and (found.command, found.args) == ("stacked", args), found
    assert headline in commands.run(found.command, found.args).headline


@pytest.mark.parametrize("question, difference", [
    ("کانو دپث وایز سپرابل ۳×۳ از ۱۶ به ۳۲ کانال چند تا پارامتر کمتر از کانو معمولی داره؟", "3,952 پارامتر کمتر"),
    ("MACs of a depthwise separable 3x3 conv vs a standard one, 8x8 input with 16 in and 32 out channels, same padding?",
     "252,928 MAC کمتر"),
])
def test_depthwise_separable_is_known_by_its_spellings_and_its_channels(question, difference):
    found = route(question)
    assert found is not None and found.command == "separable", found
    assert difference in commands.run(found.command, found.args).headline


@pytest.mark.parametrize("question", [
    "khoruji 4x4x8 ro flatten mikonim, mirim to dense 10 ta, chand ta param dare?",
    "خروجی ۴×۴×۸ رو فلت کنیم بدیم به دنس ۱۰، چند تا پارامتر داره؟",
])
def test_the_units_said_right_after_dense_are_its_units(question):
    found = route(question)
    assert found is not None and found.args == "dense 10 in=128", found
    assert "1,290" in answer(question)


# ---------------------------------------------------------------- the output-size rule: every value said, or named as assumed


@pytest.mark.parametrize("question, size", [
    ("khoruji conv 3x3 ba dilation rate 2 roye 50x50 chie?", "46x46"),
    ("output size with a 3x3 kernel dilated by 2 on 50x50, no padding?", "46x46"),
    ("output of conv k=3, s=1, p=0, d=2 on 50x50?", "46x46"),
    ("خروجی کانو ۳*۳ با stride=2 و padding=1 روی ۱۱۲*۱۱۲ چنده؟", "56x56"),
])
def test_dilation_and_sizes_are_read_however_they_are_written(question, size):
    assert f"اندازه‌ی خروجی: {size}" in answer(question)


def test_a_stride_padding_or_dilation_not_said_is_named_as_assumed_not_taken_silently():
    shown = answer("output size of a 3x3 conv with stride 2 on a 32x32 input?")
    assumed = next(line for line in shown.splitlines() if line.startswith(msg.CALC_ASSUMED.split("{")[0]))
    assert "padding" in assumed and "dilation" in assumed and "stride" not in assumed


@pytest.mark.parametrize("question, args", [
    # a count is the nearest kernel's only: the 5x5's 32 filters are not the 1x1's too
    ("ورودی ۸×۸×۱۹۲، کانولوشن ۵×۵ با ۳۲ فیلتر؛ با یه ۱×۱ ۱۶ تایی قبلش چقدر صرفه‌جویی میشه؟", "8x8x192 5 32 16"),
    ("روی ۸×۸×۱۹۲ اگه ۱۶ تا ۱×۱ قبل از ۳۲ تا ۵×۵ بزنیم چند تا MAC کمتر میشه؟", "8x8x192 5 32 16"),
    ("a 1x1 over the 192-channel input down to 16, then 32 filters 5x5, on 8x8x192: saving in params?",
     "8x8x192 5 32 16"),
    # the number a reduction goes to, however the reduction is said
    ("bottleneck: 7x7x512 map, 3x3 conv, 256 filters, reduce to 64 with 1x1 first. param ratio?", "7x7x512 3 256 64"),
    ("age ghabl az conv 3x3 ba 64 filter roo vorodi 8x8x256 ye 1x1 bezanim ke kanal ro beresune be 32, chand barabar "
     "param kam mishe?", "8x8x256 3 64 32"),
    ("یه فیچرمپ ۸×۸×۲۵۶ داریم و کانولوشن ۳×۳ با ۶۴ فیلتر؛ اگه اول با یه ۱×۱ ببریمش رو ۳۲ کانال، پارامترا چقدر فرق "
     "میکنه؟", "8x8x256 3 64 32"),
])
def test_a_bottleneck_reads_each_count_once_and_the_reduction_however_said(question, args):
    found = route(question)
    assert found is not None and (found.command, found.args) == ("bottleneck", args), found


def test_the_side_said_before_a_channel_count_is_read():
    found = route("دو تا ۳×۳ پشت هم یا یه ۵×۵، ورودی ۶۴ کانال و خروجی ۱۲۸ کانال، کدوم پارامتر کمتری داره؟")
    assert found is not None and found.args == "56x56x64 5 filters=128 nominal", found


@pytest.mark.parametrize("question", ["فرق کانولوشن ۱×۱ با ۳×۳ چیه؟", "what's the difference between 1x1 and 3x3 convs?"])
def test_a_difference_without_a_count_asked_stays_with_the_material(question):
    assert route(question) is None


@pytest.mark.parametrize("words, digits", [
    ("سی و دو کانال", "32 کانال"),
    ("هزار تا کلاس", "1000 تا کلاس"),
    ("دویست و پنجاه و شش فیلتر", "256 فیلتر"),
    ("دو هزار و چهل و هشت", "2048"),
    ("ده هزار کلمه", "10000 کلمه"),
    # a lone small word may be an article or "no": left to the counting context
    ("یه سوال دارم", "یه سوال دارم"),
    ("نه، دو سه تا سوال", "نه، دو سه تا سوال"),
    ("سیستم و سیب", "سیستم و سیب"),
    # a number ends at the Arabic comma, and numbers said one after another are each read
    ("دویست و پنجاه و شش، صد و بیست و هشت و ده تا نورون", "256، 128 و 10 تا نورون"),
    ("با سی و دو و شصت و چهار و صد و بیست و هشت تا فیلتر", "با 32 و 64 و 128 تا فیلتر"),
    ("سایز بردار شونزده", "سایز بردار 16"),  # a teen is never an article
    # a group ends at its ones: «دو و یک» is two numbers, not 3; «هر دو» is "both", before a number in words
    ("کرنل پنج، گام دو و یک پیکسل پدینگ", "کرنل پنج، گام 2 و 1 پیکسل پدینگ"),
    ("ورودی و خروجی هر دو شصت و چهار کانال", "ورودی و خروجی هر دو 64 کانال"),
])
def test_numbers_said_in_words_become_digits(words, digits):
    from cnn_demos.number_words import spoken_numbers

    assert spoken_numbers(words) == digits


@pytest.mark.parametrize("question, number", [
    ("لایه dense با هزار تا کلاس روی ورودی ۲۰۴۸ تایی چند پارامتر داره؟", "2,049,000"),
    ("کانولوشن با سی و دو فیلتر سه در سه روی ورودی بیست و هشت در بیست و هشت در یک چند پارامتر داره؟", "320"),
])
def test_a_calculation_with_its_numbers_in_words_is_computed(question, number):
    assert number in answer(question)


@pytest.mark.parametrize("question, length", [
    ("اگه یه فیچر مپ هفت در هفت با سی و دو کانال رو فلتن کنیم طول وکتورش چند میشه؟", "1,568"),
    ("What is the length of the vector after flattening a 7x7x512 feature map?", "25,088"),
    ("flatten ye feature map 14x14x256 chand ta adad mide?", "50,176"),
])
def test_the_length_a_flatten_makes_is_computed_and_said_first(question, length):
    calculated = calculate(None, question)
    assert calculated is not None and length in calculated.reply and "Flatten" in calculated.reply


def test_why_flatten_ties_a_model_to_its_input_size_is_for_the_material():
    assert route("Flatten چرا مدل رو به سایز ورودی وابسته میکنه؟") is None


@pytest.mark.parametrize("question, number", [
    # «بایاس نداریم»: without the biases the stack saves 360,448, not 360,192
    ("سه تا کانو ۳×۳ پشت سر هم با ۱۲۸ کانال چقدر پارامتر کمتر از یه کانو ۷×۷ داره؟ بایاس نداریم", "360,448"),
    ("2 ta conv 3x3 ba 64 kanal vs ye 5x5, bias ro hesab nakon, chand ta param kamtar?", "28,672"),
    # named arguments say which number is which: the 20 before «hidden_size» is the input
    ("why does an RNN with input_size=20, hidden_size=50 in pytorch have this many params?", "3,600"),
])
def test_what_the_sentence_says_of_biases_and_named_sizes_is_kept(question, number):
    assert number in answer(question)


@pytest.mark.parametrize("question, number", [
    ("how many trainable params does BatchNorm2d add if the conv before it has 64 output channels?", "128"),
    ("chera 3 ta conv 3x3 poshte ham behtar az ye 7x7 e? ba 32 kanal, har kodom chand ta parametr daran?", "27,744"),
])
def test_a_why_that_also_asks_the_counts_gets_them(question, number):
    assert number in answer(question)


def test_a_why_without_numbers_stays_with_the_material():
    assert route("chera 2 ta conv 3x3 poshte ham behtar az ye 5x5 e?") is None


def test_a_flatten_after_pooling_counts_the_pooled_map():
    calculated = calculate(None, "نقشه ۱۴ در ۱۴ با ۱۲۸ کانال رو اول مکس پولینگ ۲ در ۲ بعد فلتن کنیم طول بردار چند میشه؟")
    assert "6,272" in calculated.reply and "6272" in calculated.calculation.text()  # the table agrees
    # a layer the sentence names between the map and the Flatten is counted, not skipped (cnn_demos/described.py)
    assert route("map 14x14x64 -> conv 3x3 32 filters -> flatten, vector length?").args == \
        "input 14x14x64 | conv 32 3x3 | flatten"


def test_resnets_bottleneck_block_said_as_channel_pairs_needs_no_map():
    """1x1 down, 3x3, 1x1 back up, against one 3x3: the parameters need no spatial size (the MACs' nominal
    one is said)."""
    reply = answer("tu resnet be jaye ye conv 3x3 az 256 be 256 kanal, aval 1x1 be 64, bad 3x3 64 be 64, "
                   "akhar dobare 1x1 bar migardune be 256. chand barabar parametr kamtar mishe? bias nadare")
    assert "8.47" in reply and "69,632" in reply and "56" in reply


@pytest.mark.parametrize("question, number", [
    # a transposed convolution's rule runs the other way: (16 − 1)×2 − 2×1 + (4 − 1) + 1 = 32, not 8
    ("ye ConvTranspose2d ba kernel 4, stride 2, padding 1 roye feature map 16x16, khoroji chand dar chand mishe?",
     "32x32"),
    # groups=4: each filter sees 128/4 channels
    ("ye conv 3x3 ba groups=4, 128 kanal vorodi va 256 kanal khoroji, chand ta parametr dare?", "73,984"),
    # one depthwise layer, not the whole model the sentence names
    ("to mobilenet v2 ye depthwise conv 3x3 roye feature map 56x56 ba 144 kanal hast, stride 1, padding same. "
     "in laye chand ta MAC dare?", "4,064,256"),
    # every layer called, not the first: Embedding and LSTM
    ("nn.Embedding(30000, 256) then nn.LSTM(256, 512): total trainable params?", "9,256,960"),
    ("یه امبدینگ با بیست هزار تا کلمه و بردارای ۱۰۰ بعدی، بعدش یه ال اس تی ام ۶۴ تایی تو کراس، کل پارامترا چند تاست؟",
     "2,042,240"),
    # "image, 7x7 conv": the comma ends the input; the 7x7 is the kernel
    ("for the ResNet stem: 224x224x3 image, 7x7 conv with 64 filters, stride 2, padding 3. how many MACs?",
     "118,013,952"),
])
def test_the_ninth_sets_wrong_numbers_are_right_now(question, number):
    assert number in answer_shown(question)


def test_a_grouped_convolution_that_does_not_divide_is_refused_in_persian():
    from cnn_demos import SpecError

    with pytest.raises(SpecError, match="groups=3"):
        commands.run("layer", "conv 256 3x3 in=100 groups=3")


def test_a_part_the_calculation_leaves_out_is_said_under_the_number():
    """The reader answers what it recognises; a layer the sentence names that the number does not include is
    said right under it, never left silent."""
    calculated = calculate(None, "یه کانو ۳×۳ با ۶۴ فیلتر روی ورودی ۳۲×۳۲×۳ و بعدش یه lstm، چند تا پارامتر داره؟")
    assert "1,792" in calculated.reply and "«LSTM/GRU/RNN»" in calculated.reply
    # a layer it can read is counted with the rest instead (cnn_demos/described.py): 1,792 + BatchNorm's 256
    both = calculate(None, "یه کانو ۳×۳ با ۶۴ فیلتر روی ورودی ۳۲×۳۲×۳ و بعدش batchnorm، چند تا پارامتر داره؟")
    assert "2,048" in both.reply and "1,792" in both.calculation.text()
    # left out on purpose by the question: nothing to warn about
    plain = calculate(None, "conv 3x3 with 64 filters on a 32x32x3 input, ignoring BN: how many params?")
    assert "1,792" in plain.reply and "BatchNorm" not in plain.reply


@pytest.mark.parametrize("question, number", [
    # «بایاسم» holds «اسم» (name) but asks no "why"
    ("ورودیش ۵۶×۵۶×۶۴ عه، ۹۶ تا فیلتر ۳ در ۳ با پدینگ same و استراید ۲، چند تا مک داره؟ بایاسم مهم نیس",
     "43,352,064"),
    # a head after GAP: 1280 → 256 → 5; «دنس ۵ تایی برای ۵ تا کلاس» is one layer
    ("خروجی بک بونم ۷×۷×۱۲۸۰ هست، گلوبال اوریج پولینگ میزنم بعد یه دنس ۲۵۶ تایی و آخرش دنس ۵ تایی برای ۵ تا کلاس. "
     "این هد چنتا پارامتر داره؟", "329,221"),
    # a Conv1D over 300-d embeddings: 300 input channels
    ("روی امبدینگای ۳۰۰ بعدی یه کانولوشن یک بعدی با ۱۲۸ فیلتر و کرنل ۵ زدم، چند تا پارامتر داره؟", "192,128"),
])
def test_a_head_after_gap_and_a_word_holding_another(question, number):
    assert number in answer_shown(question)


def test_a_reduction_said_in_finglish_is_read():
    """«kanal haro mirasoonim be 16»: the 1x1 reduces to 16 (it asked for the filter counts the sentence gave)."""
    reply = answer("vorodi 28x28x192, 32 ta filter 5x5 (padding same), vali aval ba ye conv 1x1 kanal haro mirasoonim "
                   "be 16. ba in bottleneck kolan chand ta MAC mishe?")
    assert "12,443,648" in reply


def test_each_recurrent_cell_named_gets_its_count():
    reply = answer_shown("تو کراس اگه GRU و LSTM هر دوتاشون ۶۴ واحد داشته باشن و ورودی ۳۲ تا ویژگی باشه، هر کدوم چنتا پارامتر دارن؟")
    assert "18,816" in reply and "24,832" in reply


def test_the_channels_a_conv_takes_its_input_to_are_its_filters():
    """«۶۴ کانالو میبره به ۱۲۸»: 128 filters; the separable saving needs no map (64,960 fewer, no bias)."""
    reply = answer("به جای یه کانولوشن ۳×۳ که ۶۴ کانالو میبره به ۱۲۸، از دپث وایز سپریبل استفاده کنیم چنتا پارامتر "
                   "صرفه جویی میشه؟ بایاس نداریم")
    assert "64,960" in reply


def test_a_conv1d_over_a_length_said_counts_its_macs():
    reply = answer("nn.Conv1d ba in_channels=64, out_channels=128, kernel_size=3, stride=2 roye sequence ba length 100, "
                   "chand ta MAC?")
    assert "1,204,224" in reply


def test_why_a_conv_has_its_count_is_worked_out_with_weights_and_biases_apart():
    reply = answer("چرا کانوی اولم که ۶۴ تا فیلتر ۳ در ۳ روی عکس رنگی میزنه ۱۷۹۲ تا پارامتر داره؟ فکر میکردم ۵۷۶ تاس")
    assert "1,792" in reply and "1,728" in reply
    assert route("چرا VGG از فیلترهای ۳×۳ استفاده کرد؟") is None


@pytest.mark.parametrize("question, part", [
    # a stack answered as its first layer says so under the number
    ("In Keras: GRU(64, return_sequences=True) followed by GRU(32), input has 10 features. Total params?", "GRU"),
    ("تو کراس دوتا ال اس تی ام پشت هم گذاشتم، اولی ۱۲۸ تا یونیت و ورودی ۵۰ تا فیچر. کل پارامترا چنده؟", "LSTM"),
    ("بلوک وی جی جی سه تا کانو ۳×۳ داره هر کدوم ۲۵۶ فیلتر، ورودی ۱۲۸ کانال، کل پارامترای بلوک چنده؟", "conv"),
])
def test_a_stack_or_a_wrapper_counted_as_one_layer_is_said(question, part):
    calculated = calculate(None, question)
    assert calculated is not None and "⚠️" in calculated.reply and part in calculated.reply


def test_a_transposed_convs_output_padding_is_added():
    reply = answer_shown("ConvTranspose2d with kernel 3, stride 2, padding 1, output_padding=1 on a 7x7 map: output size?")
    assert "14x14" in reply


def test_bn_left_out_after_it_is_named_is_not_the_question():
    """«بایاس و بچ نرمو در نظر نگیرید»: the ResNet block's weights, not a BatchNorm's count."""
    reply = answer("رزنت ۵۰: ورودی ۲۵۶ کانال، اول یه ۱×۱ به ۶۴، بعد ۳×۳ با ۶۴ فیلتر، آخرم یه ۱×۱ که برمیگردونه به ۲۵۶. "
                   "بایاس و بچ نرمو در نظر نگیرید، به جای یه ۳×۳ از ۲۵۶ به ۲۵۶ چند برابر وزن کمتر داره؟")
    assert "8.47" in reply and "BatchNorm" not in reply.splitlines()[0]


@pytest.mark.parametrize("question, total, width", [
    ("vaznaye vgg16 too float32 chand byte hafeze mikhad? ya chand MB?", 138_357_544 * 4, 4),
    ("وزنای resnet50 تو fp16 چند مگابایت حافظه میخواد؟", 25_557_032 * 2, 2),
    ("How much memory do ResNet-18's weights take?", 11_689_512 * 4, 4),
])
def test_the_memory_a_models_weights_take_is_worked_out_on_its_count(question, total, width):
    """The table's «Weights: 527.8 MiB» left the student to find the line and multiply: the bytes come first."""
    calculated = calculate(None, question)
    first = calculated.calculation.headline.splitlines()[0]
    assert f"{total:,}" in first and f"هر کدام {width} بایت" in first, first


def test_a_models_count_without_memory_asked_has_no_memory_line():
    calculated = calculate(None, "vgg16 chand ta parameter dare?")
    assert "حافظه" not in calculated.calculation.headline


@pytest.mark.parametrize("question, number", [
    # the count a student replaces is not the layer's («به جای ۶۴ تا فیلتر ۱۲۸ تا»)
    ("یه کانولوشن ۳ در ۳ روی ورودی ۶۴ کاناله دارم، اگه به جای ۶۴ تا فیلتر ۱۲۸ تا فیلتر بذارم با بایاس چند تا پارامتر میشه؟",
     "73,856"),
    # 'same' said as students say it: «پدینگ سیم», «با حفظ ابعاد»
    ("مک یه لایه کانولوشن ۳ در ۳ با صد و بیست و هشت فیلتر روی فیچرمپ ۵۶ در ۵۶ در ۶۴ با حفظ ابعاد (پدینگ سیم) چقدره؟",
     "231,211,008"),
    # MACs asked for a batch: the batch's, not one sample's
    ("تعداد MAC های یه Dense layer با input size ۲۰۴۸ و ۱۰۰۰ تا output برای یه batch سی و دو تایی چقدره؟", "65,536,000"),
    # the output's channels said: the whole shape
    ("یه عکس ۱۲۸ در ۱۲۸ رنگی دارم، یه کانولشن ۵ در ۵ با ۳۲ فیلتر و استراید ۲ بدون پدینگ میزنم، خروجی چند در چند در چند میشه؟",
     "62x62x32"),
    ("voroodi 224 dar 224 dar 64 e, ye maxpool 3 dar 3 ba stride 2 mizanim, khorooji chand dar chand mishe?", "111x111x64"),
    ("transposed conv 4x4 ba stride 2 va padding 1 roo voroodi 16x16x256 ba 128 ta filter, size khorooji chi mishe?",
     "32x32x128"),
    # a depthwise layer's count needs only its channels
    ("یه لایه دپث وایز ۳ در ۳ داریم که ورودیش صد و چهل و چهار کانال داره. با بایاس چنتا پارمتر داره؟", "1,440"),
    # inputs said as students say them
    ("تو کراس یه لایه ال اس تی ام با ۱۲۸ تا یونیت گذاشتم که ورودیش بردار های ۶۴ تایی هستن، تعداد پارامترهاش چقدر میشه؟",
     "98,816"),
    ("too keras ye GRU ba 64 ta unit gozashtam, input size ham 32e. chand ta param dare?", "18,816"),
    ("یه Conv2D دارم با ۶۴ تا filter و kernel size سه در سه و stride دو و padding='same'، input shape هم (150, 150, 3) هست. "
     "output shape چی میشه؟", "75x75"),
    ("یه کانو ۳ در ۳ با دایلیشن ۲ و ۱۶ تا فیلتر روی تصویر خاکستری ۶۴ در ۶۴ بدون پدینگ، سایز خروجیش چی میشه؟", "60x60x16"),
])
def test_fourteenth_sets_phrasings_are_computed(question, number):
    calculated = calculate(None, question)
    shown = calculated.calculation.headline if calculated.calculation else calculated.route.answer
    assert number in shown and "⚠️" not in shown, shown


def test_a_value_said_of_one_layer_of_a_stack_is_warned_in_a_receptive_field():
    calculated = calculate(None, "سه تا لایه کانو ۳ در ۳ پشت هم داریم که فقط دومیش استراید ۲ داره. رسپتیو فیلد "
                                 "(میدان دید) یه نورون تو خروجی لایه سوم چقدره؟")
    assert "⚠️" in calculated.calculation.headline and "فقط دومیش" in calculated.calculation.headline


@pytest.mark.parametrize("question, args", [
    ("وی جی جی ۱۶ دقیقا چنتا پارامتر داره؟ با لایه های فولی کانکتد آخرش", "vgg16"),
    ("How many parameters does VGG16 have including the fully connected layers?", "vgg16"),
    ("پارامترهای اولین لایه fully connected وی جی جی ۱۶ چندتاست؟", None),  # one layer: the course's table
])
def test_a_zoo_model_counted_with_its_layers_is_the_whole_model(question, args):
    found = route(question)
    assert (found.args if found is not None and found.command == "model" else None) == args, found


@pytest.mark.parametrize("question, number", [
    # a whole model written on one line inside the question: all of it, not its first layer
    ("این مدل چند پارامتر داره؟ model = Sequential([Conv2D(16, (3,3), input_shape=(32,32,3)), MaxPooling2D(2), "
     "Flatten(), Dense(10)])", "36,458"),
    ("nn.Sequential(nn.Conv2d(3, 32, 3, bias=False), nn.BatchNorm2d(32)) how many params?", "928"),
    # Keras layers said one after another, the first giving its input
    ("Embedding(5000, 32) then GRU(16) then Dense(1) in keras, total params?", "162,417"),
    # a headless Keras application: the convolutional base only
    ("MobileNetV2 با include_top=False چند تا پارامتر داره؟", "2,257,984"),
    # the memory of one layer's weights, its output channels not read as activations
    ("how much memory (float32) do the weights of a 3x3 conv with 256 input and 256 output channels take?", "2.25 MiB"),
    # the difference of two recurrent cells asked
    ("تفاوت پارامتر LSTM و GRU با ۳۲ واحد و ورودی ۱۶ بعدی تو کراس چقدره؟", "1,472"),
    # a sample tensor is the input; the call's filters are the output's channels
    ("x = torch.randn(1, 3, 64, 64) رو به nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1) بدم خروجی چه شکلیه؟",
     "32x32x8"),
    # receptive fields of layers given as a count «پشت هم» or listed after «این شبکه:»
    ("رسپتیو فیلد چهار تا کانو ۳ در ۳ پشت هم چقدره؟", "9x9"),
    ("receptive field do ta conv 3x3 poshte ham ba dilation 1 va 2 chande?", "7x7"),
    # «لازمه» after «چند تا ضرب» asks a count, not why
    ("چند تا ضرب لازمه برای یه کانو ۳ در ۳ با ۸ فیلتر روی ورودی ۱۶ در ۱۶ در ۴ با پدینگ سیم؟", "73,728"),
    # a time series with one feature a step; an RNN in Persian letters with a vector a step
    ("یه GRU با ۸ تا یونیت واسه سری زمانی دارم (هر گام فقط یه فیچر)، کراس چند تا پارامتر میشماره؟", "264"),
    ("یه لایه آر ان ان ساده با ۸ واحد دارم که هر گام ورودیش یه بردار ۴ تاییه، چند تا پارامتر داره؟", "104"),
    ("ye embedding ba vocab 20 hezar va bordar 64 bodi chand ta parameter dare?", "1,280,000"),
    # the channels a transposed conv «outputs»; a BatchNorm after a Dense of so many units
    ("A ConvTranspose2d with kernel 2 and stride 2 takes a 14x14 map with 64 channels and outputs 32 channels. "
     "Output shape?", "28x28x32"),
    ("بعد از یه دنس ۲۵۶ تایی بچ نرم گذاشتم، چند تا پارامتر قابل آموزش اضافه میشه؟", "512"),
])
def test_fifteenth_sets_kinds_are_computed(question, number):
    shown = answer_shown(question)
    assert number in shown.replace("×", "x") and "⚠️" not in shown, shown


def test_a_models_last_shape_asked_is_the_headline():
    shown = answer_shown("ورودی 28x28x1، conv 3x3 با 8 فیلتر، maxpool 2، conv 3x3 با 16 فیلتر، maxpool 2. قبل از "
                         "flatten شکل خروجی چیه؟")
    assert shown.startswith("خروجی آخرین لایه: 5x5x16") and "400" in shown, shown


def test_a_headless_model_keras_does_not_ship_is_warned():
    shown = answer_shown("resnet18 without the top layers how many parameters?")
    assert "⚠️" in shown and "include_top=False" in shown, shown


@pytest.mark.parametrize("question", ["چرا پدینگ لازمه؟",
                                      "برای کانو ۳ در ۳ روی ورودی ۳۲ در ۳۲ چند پدینگ لازمه تا اندازه ثابت بمونه؟"])
def test_what_is_needed_stays_a_question_for_the_material(question):
    assert route(question) is None


def test_a_one_line_model_cut_off_is_said_to_be_incomplete_not_counted_as_its_first_layer():
    calculated = calculate(None, "این مدل چند پارامتر داره؟ model = Sequential([Conv2D(32, (3,3), "
                                 "input_shape=(64,64,3)), Dense(")
    assert calculated.calculation is None and "کامل" in calculated.reply and "896" not in calculated.reply


def test_a_one_line_model_with_an_unknown_layer_is_refused_naming_it_on_line_one():
    calculated = calculate(None, "این مدل چند پارامتر داره؟ model = Sequential([Conv2D(32, (3,3), "
                                 "input_shape=(64,64,3)), Foo(3), Dense(10)])")
    assert calculated.calculation is None and "«Foo»" in calculated.error and "خط ۱" in calculated.error


@pytest.mark.parametrize("question, number, wrong", [
    # «گام دو و یک پیکسل پدینگ» was stride 3 («دو و یک» added up) with no padding: 42x42, silently
    ("ورودی ۱۲۹ در ۱۲۹ با ۸ کانال داریم، یه کانولشن با کرنل پنج، گام دو و یک پیکسل پدینگ از هر طرف و ۳۲ فیلتر "
     "روش میزنیم. ابعاد خروجی چی میشه؟", "64x64x32", "42x42"),
    # «هر دو شصت و چهار کانال» was not read (4 channels assumed) and «بایاس هم نداشته باشیم» not either
    ("به جای یه کانولوشن ۵×۵ دو تا ۳×۳ پشت هم. اگه ورودی و خروجی هر دو شصت و چهار کانال باشن و بایاس هم نداشته "
     "باشیم، چند تا پارامتر کمتر میشه؟", "28,672", "28,608"),
    # Inception's 1x1 reduces and never expands back: the ratio is 12.12, not ResNet's block's 18.60
    ("to inception migan 1x1 conv hazine ro kam mikone. vorudi 28x28x256, age mostaghim 5x5 conv ba 32 filter "
     "bezanim ya aval 1x1 be 16 kanal bad 5x5 be 32, tedad MAC ha chand barabar kam mishe?", "12.12", "18.60"),
])
def test_numbers_said_around_a_calculation_are_all_used(question, number, wrong):
    """Each was answered with a wrong number and no warning (a sixteenth prose set, untouched 20/40)."""
    reply = answer_shown(question)
    assert number in reply and wrong not in reply


@pytest.mark.parametrize("question, number", [
    ("اگه ورودی یه لایه فولی کانکتد هفتصد و هشتاد و چهار تا باشه و خودش دویست و پنجاه و شش تا نورون داشته باشه، "
     "با بایاس چند تا پارامتر داره؟", "200,960"),  # the input said before the layer's name, which was asked back
    ("توی پایتورچ یه nn.GRU ساختم که input_size اش ۵۰ و hidden_size اش ۱۰۰ هست، یه لایه. تعداد کل پارامتراش "
     "چقدر میشه؟", "45,600"),
    ("فیچر مپ ۶۴×۶۴×۱۶ رو میدم به یه کانولوشن ۳×۳ با dilation دو، پدینگ دو از هر طرف، استراید دو و ۲۴ تا فیلتر. "
     "شکل خروجی؟", "32x32x24"),  # «dilation دو» was warned about and left out: 33x33
    ("بچه‌ها این کد y.shape رو چی چاپ می‌کنه؟ x = torch.randn(8, 3, 50, 50); y = nn.Conv2d(3, 10, kernel_size=5, "
     "stride=2, padding=1, dilation=2)(x)", "22x22"),  # the call's dilation too (24x24 without it)
])
def test_a_layer_said_in_a_sentence_is_read_whole(question, number):
    assert number in answer_shown(question)


@pytest.mark.parametrize("question, number", [
    ("لایه نرمال سازی لایه ای (LayerNorm) که روی بردارهای ۵۱۲ بعدی ترنسفورمر اعمال میشه چندتا پارامتر یادگرفتنی "
     "داره؟", "1,024"),  # a scale and a shift per feature
    ("VGG16 چند مگابایت حافظه میگیره؟", "553.43 MB"),  # its weights' memory, asked without «وزن»
    ("How many megabytes does VGG19 take up if all of its weights are stored as float32?", "548.05"),
    ("quick one: keras.applications.VGG19 with include_top=False, how many params?", "20,024,384"),
    ("اگر در PyTorch یک nn.MultiheadAttention با embed_dim برابر ۲۵۶ و هشت هد تعریف کنیم، مجموع وزن‌ها و "
     "بایاس‌هایش چند تا می‌شود؟", "263,168"),
    ("لایه اتنشن کراسم اینه: layers.MultiHeadAttention(num_heads=4, key_dim=32) و query و value هر دو شکل "
     "(batch, 50, 128) دارن. چند تا پارامتر داره؟", "66,048"),  # the width from the tokens' shape
])
def test_transformer_layers_memory_and_module_paths_are_computed(question, number):
    assert number in answer_shown(question)


def test_what_training_a_model_takes_is_not_its_weights_memory():
    assert route("VGG16 برای آموزش چقدر رم میخواد؟") is None


@pytest.mark.parametrize("question, number", [
    ("بچه ها یه سوال، تو کراس یه Conv1D با ۶۴ تا فیلتر و کرنل سایز ۵ گذاشتم بعد از امبدینگی که ابعادش ۱۲۸ هست. "
     "این لایه چندتا پارامتر داره؟", "41,024"),  # the embedding's width is the Conv1D's channels
    ("در یک شبکه‌ی سه‌بعدی برای حجم‌های MRI تک‌کاناله، لایه‌ی نخست یک کانولوشن سه‌بعدی با هسته‌ی ۳×۳×۳ و ۳۲ فیلتر "
     "است. تعداد پارامترهای این لایه را با احتساب بایاس به دست آورید.", "896"),  # asked as an exercise asks
    ("یه کانولوشن گروهی دارم: ۱۲۸ کانال ورودی، ۱۲۸ کانال خروجی، کرنل ۳×۳، چهار تا گروه، پدینگ same، روی نقشه "
     "ویژگی ۲۸×۲۸. تعداد ضرب-جمع‌هاش (MACs) چقدر درمیاد؟", "28,901,376"),
    ("What's the parameter count of a 2-layer vanilla RNN in PyTorch (nn.RNN) with input size 20 and hidden size "
     "40?", "5,760"),
    # attention's scores, one tensor's memory, an encoder in Finglish, a receptive field listed bare
    ("برای تمرین اتنشن: طول دنباله ۵۱۲ و بعد هر هد d=64. ضرب Q در K ترانهاده برای یک هد چند تا MAC داره؟",
     "16,777,216"),
    ("این تنسور تو float32 چند مگابایت حافظه میگیره؟ `x = torch.randn(64, 256, 56, 56)`", "196.00 MiB"),
    ("how much memory does a tensor of shape (8, 3, 224, 224) take in fp16?", "2,408,448"),
    ("salam, baraye proje tarjome ye encoder seq2seq daram: Embedding ba vocab 10000 va dim 256, baadesh ye GRU ba "
     "hidden 512 (pytorch). kollan chand ta parameter dare encoder?", "3,742,720"),
    ("میدان دید (receptive field) خروجی لایه conv3_3 در VGG16 چند پیکسله؟ یعنی conv conv pool conv conv pool conv "
     "conv conv، همه کانولوشن ها ۳×۳ با استراید ۱ و پولینگ ها ۲×۲ با استراید ۲", "40x40"),
])
def test_a_layer_is_read_from_how_a_course_or_an_exercise_says_it(question, number):
    assert number in answer_shown(question)


def test_the_receptive_field_of_layers_counted_with_each_ones_stride():
    """«۳ تا کانو ۳×۳ که هر کدوم استراید ۲ دارن»: three layers given, the stride of each (1 + 2 + 4 + 8 = 15)."""
    found = route("receptive field e 3 ta conv 3x3 ke har kodum stride 2 daran chande?")
    assert found is not None and found.command == "receptive"
    assert "15x15" in answer_shown("میدان دید ۳ تا کانولوشن ۳×۳ که هر کدوم استراید ۲ دارن چنده؟")


def test_an_embedding_matrix_memory_is_its_weights_and_a_cells_memory_is_not_asked_as_bytes():
    """«ماتریس امبدینگ … هر توکن یه بردار ۷۶۸ تایی … چند مگابایت جا میگیره؟»: 30,522 × 768 × 4 bytes.  An LSTM's
    «حافظه» is its state, a question for the material."""
    assert "89.42 MiB" in answer_shown("ماتریس امبدینگ برت بیس ۳۰۵۲۲ تا توکن داره و هر توکن یه بردار ۷۶۸ تایی. "
                                       "اگه float32 نگهش داریم فقط همین ماتریس چند مگابایت جا میگیره؟")
    assert route("یه LSTM با ۱۲۸ واحد حافظه‌اش چقدره؟") is None


@pytest.mark.parametrize("question", ["LayerNorm روی 0 ویژگی چند پارامتر داره؟",
                                      "multi head attention با embed_dim 0 و 8 هد چند پارامتر داره؟"])
def test_a_layer_of_width_zero_is_not_counted(question):
    found = route(question)
    assert found is None or not found.command  # the material's, or the width asked back


def test_a_bias_said_removed_is_not_counted():
    """«بایاس این لایه حذف شده است» (BatchNorm follows): 73,728 weights, not 73,856 with the biases."""
    shown = answer_shown("در یک شبکه‌ی کانولوشنی، لایه‌ای با ۱۲۸ فیلتر ۳×۳ روی نقشه‌ی ویژگی ۶۴ کاناله اعمال می‌شود و "
                         "چون بعد از آن BatchNorm قرار دارد، بایاس این لایه حذف شده است. تعداد پارامترهای این لایه "
                         "چقدر است؟")
    assert shown.splitlines()[0] == "این لایه 73,728 پارامتر دارد."


def test_arabic_letters_read_as_persian():
    shown = answer_shown("ورودي شبکه يك تصوير رنگي ۲۲۷ در ۲۲۷ است و لايه اول ۹۶ فيلتر ۱۱ در ۱۱ با گام ۴ و بدون پدينگ "
                         "دارد. ابعاد خروجي اين لايه چيست؟")
    assert "55x55x96" in shown


def test_inputs_and_outputs_of_the_same_size_are_told_apart_by_place():
    """«۴۰۹۶ ورودی و ۴۰۹۶ خروجی»: both 4096; the outputs named are the layer's size, not its activations."""
    shown = answer_shown("لایه fully connected با ۴۰۹۶ ورودی و ۴۰۹۶ خروجی (با بایاس) اگه وزناش float16 باشه چند "
                         "مگابایت جا میگیره؟")
    assert "32.01 MiB" in shown and "16,781,312" in shown


@pytest.mark.parametrize("question, number", [
    ("Bidirectional single-layer LSTM in PyTorch, input size 100, hidden size 128. Total number of parameters?",
     "235,520"),  # «hidden» follows 100 but names 128
    ("تعداد پارامترهای layers.Bidirectional(layers.LSTM(64)) وقتی ورودی shape=(50, 100) هست چنده؟", "84,480"),
    ("یه GRU دوطرفه دو لایه تو پایتورچ با hidden size 32 و input size 10 چند پارامتر داره؟", "27,264"),
    ("Bidirectional(LSTM(64)) on 300-d embeddings in Keras: how many params?", "186,880"),  # it was warned about
])
def test_a_bidirectional_cell_counts_both_directions(question, number):
    shown = answer_shown(question)
    assert number in shown.splitlines()[0] and "Bidirectional" not in shown  # counted, not warned about


def test_the_bidirectional_command_agrees_with_torch():
    import torch.nn as nn

    calculation = commands.run("layer", "gru 32 in=10 layers=2 bidirectional pytorch")
    expected = sum(p.numel() for p in nn.GRU(10, 32, num_layers=2, bidirectional=True).parameters())
    assert calculation.data["params"] == expected == 27_264


@pytest.mark.parametrize("question, shown_first", [
    ("خروجی این دو تا لایه برای ورودی (1, 3, 224, 224) چه شکلیه؟ nn.Conv2d(3, 64, kernel_size=7, stride=2, "
     "padding=3) و بعدش nn.MaxPool2d(kernel_size=3, stride=2, padding=1)", "64x56x56"),  # the batch is not a side
    ("خروجی layers.Conv2D(64, 3, strides=2, padding='same') روی ورودی با شکل (75, 75, 32) چه ابعادی داره؟",
     "38x38x64"),
    ("MACهای این لایه رو برای ورودی 1x32x56x56 حساب کنید: nn.Conv2d(32, 64, kernel_size=3, padding=1, groups=4)",
     "14,450,688"),
])
def test_layers_written_as_calls_run_on_the_input_the_sentence_states(question, shown_first):
    assert shown_first in answer_shown(question).splitlines()[0]


def test_a_dilation_listed_for_each_layer():
    assert "15x15" in answer_shown("receptive field e 3 ta conv 3x3 poshte ham ke dilation hashon 1, 2 va 4 e "
                                   "(hame stride 1) chande?")


def test_a_bottleneck_of_parameters_needs_only_the_input_channels():
    """The parameters do not depend on the map's side: counted on a nominal one, and said so."""
    shown = answer_shown("ورودی ۲۵۶ کانال داره و میخوایم ۳۲ تا فیلتر ۵×۵ بزنیم. اگه قبلش با یه کانولوشن ۱×۱ تعداد "
                         "کانال‌ها رو به ۱۶ کم کنیم، تعداد پارامترها (بدون بایاس) چقدر کمتر میشه؟")
    assert "187,904 پارامتر کمتر" in shown.splitlines()[0]
    assert msg.NOMINAL_SIZE.split("{")[0] in shown  # the side taken is said


@pytest.mark.parametrize("question, first_line_has", [
    # two Keras calls on a stated input: both counted, not the first's kernel with the second's filters (832)
    ("این دو تا لایه رو پشت هم گذاشتم، ورودی ۲۸×۲۸×۱ هست. کلا چند پارامتر؟\nlayers.Conv2D(16, 5, activation='relu')\n"
     "layers.Conv2D(32, 3)", "5,056"),
    # a DepthwiseConv2D's 3 is its kernel, not 3 filters (99); only the channels said: the side left open
    ("برای MobileNet این دوتا رو پشت هم گذاشتم، ورودی ۳۲ کاناله. چند پارامتر دارن؟ "
     "`layers.DepthwiseConv2D(3, padding='same')` و `layers.Conv2D(64, 1)`", "2,432"),
    ("خروجی این لایه چه شکلیه اگه ورودی (4, 32, 1000) باشه؟\nnn.Conv1d(32, 32, kernel_size=2, dilation=8)", "32x992"),
    ("روی تصویر 224x224 این دو تا رو پشت هم زدم، خروجی چه سایزی میشه؟ nn.Conv2d(3, 64, 7, stride=2, padding=3) و "
     "بعدش nn.MaxPool2d(3, stride=2, ceil_mode=True)", "64x56x56"),  # the side, the first call's channels
    ("تو یونت بعد از concat کردن skip connection (۱۲۸ کانال) با خروجی upsample (۱۲۸ کانال) این لایه رو دارم، چند تا "
     "پارامتر داره؟\nx = torch.cat([up, skip], dim=1)\nself.conv = nn.Conv2d(128 + 128, 128, kernel_size=3, padding=1)",
     "295,040"),  # lines of an __init__ pasted alone
])
def test_layers_written_as_calls_are_counted_together(question, first_line_has):
    assert first_line_has in answer_shown(question).splitlines()[0]


@pytest.mark.parametrize("question, first_line_has", [
    ("FLOPs کل این شبکه کوچیک رو میخوام: ورودی ۳۲×۳۲×۳، conv سه در سه با ۱۶ فیلتر padding same، مکس پولینگ ۲×۲، conv "
     "سه در سه با ۳۲ فیلتر padding same، مکس پولینگ ۲×۲، بعد flatten و dense با ۱۰ خروجی. هر MAC رو دو FLOP بگیرید و "
     "بایاس و پولینگ رو حساب نکنید.", "FLOPs = 3,284,992"),  # «پولینگ رو حساب نکنید» keeps the poolings
    ("تعداد MAC های یه کانولوشن depthwise separable روی ورودی ۵۶×۵۶×۱۲۸ با ۱۲۸ فیلتر خروجی و کرنل ۳×۳ (padding same، "
     "استراید ۱) چقدر میشه؟ depthwise و pointwise رو با هم حساب کنید", "54,992,896"),
    ("در یک بلوک ResNeXt، کانوولوشن ۳×۳ گروهی با صد و بیست و هشت کانال ورودی و صد و بیست و هشت کانال خروجی و "
     "cardinality برابر ۳۲ داریم (بدون بایاس). تعداد پارامترهای این لایه چقدر است؟", "4,608"),
    ("یه بلوک inverted residual مثل MobileNetV2 دارم: ورودی و خروجی ۲۴ کانال، ضریب expansion برابر ۶، یعنی ۱×۱ به "
     "۱۴۴ کانال، depthwise سه در سه، بعد ۱×۱ برگشت به ۲۴. همه کانولوشن ها بدون بایاس و بعد هر کدوم BatchNorm. کل "
     "پارامترهای قابل آموزش چندتاس؟", "8,832"),
    ("params of conv 3x3, 64->128?", "73,856"),
    ("FLOPs ye laye Dense ke 1024 ta voroodi va 512 ta khorooji dare chande? har MAC ro 2 FLOP begir, bias ro hesab "
     "nakon", "1,048,576 FLOPs"),
    ("WaveNet-style dilated causal Conv1d: 64 in, 64 out, kernel 2, dilation 4, input length 16000, left-padded so the "
     "output length is also 16000, no bias. MACs?", "131,072,000"),
    ("total params mobilenet v3 small (torchvision, 1000 classes)?", "2,542,856"),
    ("ViT-B/16 patch embedding: it's a conv with a 16x16 kernel, stride 16, from 3 channels to 768. how many "
     "parameters does it have?", "590,592"),  # the layer, not the whole ViT
    ("اگه یه مدل ۲۵ میلیون پارامتری رو از float32 به float16 تبدیل کنیم، حجم وزن هاش چند مگابایت کم میشه؟",
     "47.68 MiB"),
    ("a 7B model in fp16, how many GB?", "14.00 GB"),
    ("VGG16 چند مگابایته؟", "527.79 MiB"),
    ("اگه EfficientNet-B0 رو بسازم و half کنم وزناش چند مگابایت میشن؟\nmodel = torchvision.models.efficientnet_b0()\n"
     "model.half()", "10.09 MiB"),
])
def test_the_eighteenth_sets_kinds_are_answered_in_the_first_line(question, first_line_has):
    assert first_line_has in answer_shown(question).splitlines()[0]


def test_a_pooling_given_only_its_channels_asks_for_the_side():
    found = route("خروجي يه MaxPooling با pool_size=2 و strides=2 چه ابعادي داره؟ ورودي ۶۴ كاناله است")
    assert found is not None and found.missing and not found.command


def test_a_3d_layer_answered_in_two_dimensions_says_so():
    shown = answer_shown("ye clip 16 frame 112x112 RGB midim be Conv3d(3, 64, kernel 3, padding 1) baad MaxPool3d ba "
                         "kernel (1,2,2) va stride (1,2,2). khorooji chi mishe?")
    assert "⚠️" in shown and "3D" in shown


def test_a_decimal_before_a_scale_word_is_one_number():
    assert normalise("مدلی با ۱.۲ میلیون پارامتر") == "مدلی با 1200000 پارامتر"


def test_an_input_stated_in_the_question_sizes_pasted_code():
    shown = answer_shown("ورودی مدل ۲۲۴×۲۲۴×۳ هست، این مدل چند پارامتر داره؟\n"
                         "model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)])")
    assert shown.splitlines()[0].startswith("این مدل 3,942,954 پارامتر")  # 8·27 + 8 + 222·222·8·10 + 10


@pytest.mark.parametrize("question, headline", [
    ("nn.Linear(512, 10) چند پارامتر داره؟", "این لایه 5,130 پارامتر دارد (به روش PyTorch)."),
    ("A PyTorch multi-head attention layer with embedding dimension 256 and 8 heads: how many parameters?",
     "این لایه 263,168 پارامتر دارد (به روش PyTorch)."),
])
def test_one_layer_is_headed_as_a_layer(question, headline):
    assert answer_shown(question).splitlines()[0] == headline


def test_a_receptive_field_listed_after_a_colon_is_worked_out_quickly():
    """"Receptive field after: conv 7x7 …?" once made a pattern backtrack for minutes (the bot stalled)."""
    shown = answer_shown("Receptive field after: conv 7x7 stride 2, maxpool 3x3 stride 2, then two 3x3 convs "
                         "stride 1?")
    assert "27x27" in shown


@pytest.mark.parametrize("question, number", [
    ("یه شبکه تمام متصل دارم: ورودی هفتصد و هشتاد و چهار، بعد لایه پانصد و دوازده نورونی، بعد دویست و پنجاه و شش، "
     "بعد خروجی ده کلاسه. FLOPs یه فوروارد برای یک نمونه چقدره؟ بایاس رو حساب نکن", "1,070,080"),
    ("MLP 784 -> 512 -> 256 -> 10, how many params?", "535,818"),
])
def test_a_chain_of_dense_widths_is_the_whole_mlp(question, number):
    """The last layer alone (784×10 = 7,840) was given for the whole network."""
    assert number in answer_shown(question)


@pytest.mark.parametrize("question", [
    "How many more learnable params does nn.LayerNorm([128, 28, 28]) have than nn.BatchNorm2d(128)?",
    "این دو تا رو مقایسه کردم:\nln = nn.LayerNorm([128, 28, 28])\nbn = nn.BatchNorm2d(128)\n"
    "بچ نرم چند تا پارامتر کمتر از لیر نرم داره؟",
])
def test_two_layers_compared_give_both_counts_and_the_difference(question):
    first = answer_shown(question).splitlines()[0]
    assert "200,704" in first and "256" in first and "200,448" in first  # never their sum, 200,960


def test_params_of_and_macs_of_are_questions_without_a_question_mark():
    assert "105,415,200" in answer_shown("MACs of AlexNet conv1: input 227x227x3, 96 filters 11x11, stride 4, "
                                         "no padding.")
    assert "74,496" in answer_shown("params of a pytorch GRU, input_size=64, hidden_size=128, one layer")


def test_input_feature_maps_are_the_input_channels():
    assert "48,120" in answer_shown("لایه C5 لنت که ۱۲۰ تا فیلتر ۵×۵ روی ۱۶ تا فیچرمپ ورودی داره چند تا پارامتر داره؟")


def test_layers_applied_one_after_another_at_the_top_level_are_the_model():
    """``y = conv(up(x))``: counted alone, the conv was fed x and the Upsample was skipped (64x28x28)."""
    shown = answer_shown("دیکودرم این شکلیه:\nx = torch.randn(4, 128, 28, 28)\nup = nn.Upsample(scale_factor=2)\n"
                         "conv = nn.Conv2d(128, 64, 3, padding=1)\ny = conv(up(x))\nشکل y چی میشه؟")
    assert shown.splitlines()[0].startswith("خروجی آخرین لایه: 4x64x56x56")  # y.shape, with the batch of 4


def test_a_keras_layer_applied_to_x_uses_the_input_the_question_states():
    shown = answer_shown("تو بلوک ورودی Xception این لایه رو دارم، ورودی 74x74x128 هست:\n"
                         "x = layers.SeparableConv2D(256, 3, padding='same')(x)\nپارامتراش چند تاست؟")
    assert "34,176" in shown.splitlines()[0]  # Keras: 128·9 + 128·256 + 256


@pytest.mark.parametrize("question, number", [
    # a VGG block: two convs, the second on the first one's filters
    ("در یک بلوک VGG دو لایه کانولوشن ۳×۳ پشت سر هم داریم؛ ورودی ۶۴ کانال دارد و هر دو لایه ۱۲۸ فیلتر دارند (با "
     "بایاس). تعداد کل پارامترهای این بلوک چقدر است؟", "221,440"),
    # SqueezeNet's fire module: the squeeze, then both expands side by side
    ("یه ماژول فایر اسکوییزنت دارم: ورودی ۹۶ کانال، اسکوییز ۱×۱ با ۱۶ فیلتتر، بعد اکسپند ۱×۱ با ۶۴ فیلتر و اکسپند "
     "۳×۳ با ۶۴ فیلتر موازی. کل پارامترای این ماژول چقدره؟", "11,920"),
    ("fire module: s1x1=16, e1x1=64, e3x3=64, 96 channels in. params?", "11,920"),
    # ResNet's basic block with its projection shortcut, bias-free convs and three BatchNorms
    ("یک basic block در ResNet با ۶۴ کانال ورودی و ۱۲۸ کانال خروجی داریم که کانولوشن اولش stride=2 دارد و میانبر آن "
     "یک کانولوشن ۱×۱ با stride=2 است. همه کانولوشن ها بدون بایاس هستند و بعد از هر کدام BatchNorm آمده. این بلوک در "
     "مجموع چند پارامتر قابل آموزش دارد؟", "230,144"),
    ("a ResNet basic block with 64 input channels and 64 output channels, how many params?", "73,984"),
    # DenseNet-BC: each layer BN-ReLU-1x1 to 4k, BN-ReLU-3x3 to k
    ("a dense block with 3 layers, growth rate 12, input 32x32x24: how many params?", "21,240"),
    # GoogLeNet's Inception 3a, four branches (the paper's 5x5, with bias)
    ("در ماژول Inception 3a شبکه GoogLeNet ورودی ۲۸×۲۸×۱۹۲ است و چهار شاخه موازی دارد: کانولوشن ۱×۱ با ۶۴ فیلتر؛ "
     "کانولوشن ۱×۱ با ۹۶ فیلتر و پس از آن ۳×۳ با ۱۲۸ فیلتر؛ کانولوشن ۱×۱ با ۱۶ فیلتر و پس از آن ۵×۵ با ۳۲ فیلتر؛ و "
     "max pooling ۳×۳ و سپس ۱×۱ با ۳۲ فیلتر. همه کانولوشن ها بایاس دارند. تعداد کل پارامترهای این ماژول را حساب کنید.",
     "163,696"),
    ("inception 3a googlenet: vorodi 28x28x192, shakhe 1x1 ba 64 filter, shakhe 3x3 ba 128 filter (ghablesh reduce "
     "96), shakhe 5x5 ba 32 filter (reduce 16), pool proj 32. hame padding same. khorooji e kole module chie?",
     "28x28x256"),
    # EfficientNet's MBConv with squeeze-and-excitation (a 5x5 depthwise, stride 2)
    ("در EfficientNet-B0 يك بلوك MBConv داريم با ورودي ۵۶×۵۶×۲۴، ضريب expansion برابر ۶، کانولوشن depthwise با کرنل "
     "۵×۵ و stride=2، بلوك squeeze-and-excitation با ۶ کانال مياني و خروجي ۴۰ کانال. کانولوشن هاي اصلي باياس ندارند "
     "و بعد از هر کدام BatchNorm آمده؛ دو لايه se باياس دارند. تعداد پارامترهاي اين بلوك چقدر است؟", "15,350"),
    # MobileNetV1's separable block with a BatchNorm after each half
    ("بچه ها تو موبایل نت v1 یه بلوک depthwise separable دارم: ورودی ۱۱۲ در ۱۱۲ با ۳۲ کانال، اول depthwise سه در سه "
     "بعد pointwise با ۶۴ فیلتر. کانولوشنا بایاس ندارن و بعد هرکدوم یه بچ نرم هست. کل پارامترای قابل آموزشش چنتاس؟",
     "2,528"),
    # twelve blocks of two LayerNorms, not one
    ("در BERT-base دوازده بلوک ترنسفورمر با d_model=768 داریم و در هر بلوک دو لایه LayerNorm وجود دارد. مجموع "
     "پارامترهای این LayerNorm ها در هر دوازده بلوک چقدر است؟", "36,864"),
    # a fully connected autoencoder said as one chain of widths (a slice of it was counted)
    ("یه اتوانکودر تمام متصل برای CIFAR دارم که تصویر رو فلت میکنه: ورودی سه هزار و هفتاد و دو، انکودر پانصد و دوازده "
     "بعد صد و بیست و هشت بعد گلوگاه سی و دو نورونی، دیکودرم برعکسش یعنی صد و بیست و هشت، پانصد و دوازده و سه هزار و "
     "هفتاد و دو. کل پارامترای مدل با بایاس چندتاست؟", "3,289,376"),
    # training memory: weights, gradients and Adam's two moments
    ("If I train torchvision's mobilenet_v2 with Adam in fp32, how many MB do the weights, their gradients and Adam's "
     "two moment buffers take together?", "53.48 MiB"),
    ("For my ViT reimplementation the patch embedding is a conv with kernel size 16 and stride 16 that maps a 224x224 "
     "RGB image to 768-dimensional tokens. How many weights and biases does this patch embedding layer have, not "
     "counting the class token or the positional embeddings?", "590,592"),
    ("در ViT-Base تصویر ۲۲۴×۲۲۴ به پچ های ۱۶×۱۶ تقسیم میشود، بعد مدل ۷۶۸ است و یک توکن CLS هم به ابتدای دنباله اضافه "
     "میشود. جدول positional embedding یادگرفتنی چند پارامتر دارد؟", "151,296"),
    ("پارامترای resnet34 تورچ ویژن چن تاست؟ واسه جدول گزارشم لازمه", "21,797,672"),
    ("تعداد پارامترهاي densenet121 چقدره؟ نسخه torchvision با هد 1000 کلاسه", "7,978,856"),
    ("receptive field of conv3 s1 -> conv3 s2 -> conv3 s1 -> conv3 s2 -> conv3 s1", "21x21"),
    ("تو یونت دارم دیکودر رو مینویسم. فیچرمپ ته انکودر ۲۸×۲۸×۵۱۲ هست، یه ConvTranspose2d با کرنل ۲ و استراید ۲ و ۲۵۶ "
     "فیلتر میزنم، بعدش خروجیشو با اسکیپ کانکشن همون سطح که ۵۶×۵۶×۲۵۶ هست کانکت میکنم. ابعاد بعد از کانکت چی میشه؟",
     "56x56x512"),
    ("انکودر اتوانکودرم برای MNIST با ورودی 1x28x28 اینه:\nnn.Conv2d(1, 16, 3, stride=2, padding=1)\n"
     "nn.Conv2d(16, 32, 3, stride=2, padding=1)\nnn.Flatten()\nبردار بعد از Flatten چند تا عدد داره؟", "1568"),
])
def test_blocks_described_in_words_are_counted_whole(question, number):
    """Each of these was answered with its first conv, under a warning that a part was left out."""
    assert number in answer_shown(question).splitlines()[0]


@pytest.mark.parametrize("question, shape", [
    ("تو پروژه ام یه dense block مثل DenseNet-121 دارم: ورودی 56x56x64، شش تا لایه با growth rate برابر ۳۲. خروجی "
     "بلوک چه ابعادی داره؟", "56x56x256"),
    ("In a DenseNet transition layer, a 1x1 conv with compression 0.5 is applied to a 28x28x512 feature map, "
     "followed by 2x2 average pooling with stride 2. What is the output shape?", "256x14x14"),
    ("ye Conv1d rooye embedding haye matn gozashtam, toole jomle 50 kalame, embedding dim 300, 100 ta filter ba "
     "kernel 3. khorooji chand dar chand mishe?", "48x100"),
])
def test_shapes_of_blocks_and_sequences_said_in_words(question, shape):
    assert shape in answer_shown(question).splitlines()[0]


def test_several_transposed_convs_said_in_a_sentence_are_asked_as_calls():
    """A DCGAN's three ConvTransposes in one sentence: the later layers' padding was taken for the first (101x2x512);
    now the student is asked to write them as calls, and the calls are computed in a row."""
    found = route("generator e DCGAN am: z 100 bodi ro be shekl 100x1x1 midam, avalin layer ConvTranspose ba 512 "
                  "filter kernel 4 stride 1 bedoone padding, baadesh do ta ConvTranspose ba kernel 4 stride 2 padding 1 "
                  "ke avali 256 filter va dovomi 128 filter dare. khorooji e layer e sevom chand dar chand mishe?")
    assert found.missing == msg.ASK_TRANSPOSED_AS_CALLS
    assert "256x8x8" in answer_shown("خروجی برای ورودی (1, 100, 1, 1) چیه؟ nn.ConvTranspose2d(100, 512, 4, 1, 0) و "
                                     "بعدش nn.ConvTranspose2d(512, 256, 4, 2, 1)")


def test_an_lstm_without_its_input_size_asks_for_it():
    assert route("ye LSTM do laye ba hidden 256 daram to pytorch, chand ta parameter dare?").missing


@pytest.mark.parametrize("question, number", [
    # a fire module whose counts come before their kernels, numbers in words («یک در یک» twice)
    ("ماژول fire3 اسکوییزنت: ورودی ۱۲۸ کانال، squeeze شانزده تا فیلتر یک در یک، expand: شصت و چهار تا فیلتر یک در یک "
     "و شصت و چهار تا سه در سه. چند پارامتر داره؟", "12,432"),
    # an encoder said as «encoder ترنسفورمر», its «دو تا LayerNorm» no number of layers
    ("یه encoder ترنسفورمر دارم با d_model دویست و پنجاه و شش، چهار تا head و feed-forward با بعد هزار و بیست و چهار، "
     "دو تا LayerNorm هم داره. چند پارامتر؟", "789,760"),
    # only the Q, K and V projections
    ("attention ba hidden 512 va 8 ta head, faghat Q, K, V projection ha ba bias chand ta parameter?", "787,968"),
    # Q·Kᵀ over all heads from the model's width and its heads
    ("MACs of the QK^T scores for 100 tokens, d_model 512 and 8 heads, all heads together?", "5,120,000"),
    # the receptive field of layers listed after "after", conv1's kernel in brackets
    ("What's the receptive field after conv1 (7x7, stride 2) and a 3x3 max-pool with stride 2?", "11"),
    # memory of an input batch, a batch «با» its size
    ("A batch of 8 grayscale 28x28 images in float32: how much memory does just the input tensor take?", "25,088"),
    ("خروجی یه کانولوشن ۵۶×۵۶×۱۲۸ هست. برای یک batch با ۴ تصویر در float16، این نقشه‌های ویژگی چند مگابایت حافظه "
     "میگیرن؟", "3,211,264"),
    # ResNet-50's bottleneck block, its BatchNorms named in passing (one BatchNorm was answered)
    ("a ResNet bottleneck block on a 28x28x256 input: 1x1 with 64 filters, 3x3 with 64 filters, 1x1 with 256 filters, "
     "identity shortcut, no bias, a BatchNorm after each conv. How many parameters?", "70,400"),
])
def test_blocks_and_attention_said_in_other_words(question, number):
    assert number in answer_shown(question).splitlines()[0]


def test_a_pooling_with_ceil_mode_rounds_up_and_keeps_its_channels():
    assert "7x7" in answer_shown("MaxPool2d ba kernel 3 stride 2 va ceil_mode=True roo vorudi 14x14x128 chi mide?")
    # a pooling after a conv mentioned in passing keeps the input's channels in the whole shape
    shown = answer_shown("بعد از کانولوشن اول خروجی ۱۱۲×۱۱۲×۳۲ داریم، بعدش maxpool دو در دو با استراید ۲. خروجی چه سایزیه؟")
    assert "56x56x32" in shown


def test_channels_taken_and_given_are_the_input_and_the_output():
    """«۲۵۶ کانال میگیره و ۵۱۲ کانال میده»: the separable conv against a standard one, not the model it is part of."""
    shown = answer_shown("تو Xception یه کانولوشن separable سه در سه داریم که ۲۵۶ کانال میگیره و ۵۱۲ کانال میده، بدون "
                         "بایاس. یه کانولوشن معمولی ۳×۳ چند برابر این پارامتر داره؟")
    assert "3x3x256x512 = 1,179,648" in shown and "depthwise 3x3x256 = 2,304" in shown
