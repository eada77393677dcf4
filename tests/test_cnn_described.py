"""A small model described in words is counted whole (``cnn_demos/described.py`` through the prose router and
``calculate``), and only when every layer it names was read."""

from __future__ import annotations

import pytest

from cnn_demos import messages as msg
from cnn_demos.prose import route
from daneshyar.application.calculating import calculate


def reply(question: str) -> str:
    calculated = calculate(None, question)
    assert calculated is not None and calculated.calculation is not None and not calculated.error, question
    return "\n".join(calculated.lines())


def counts(question: str, total: str) -> bool:
    """Whether the reply's first line, the number a student reads, is ``total`` parameters."""
    return f"{total} پارامتر" in reply(question).splitlines()[0]


@pytest.mark.parametrize(("question", "total"), [
    # 3·3·3·16+16 = 448; pool → 16×16×16; 3·3·16·32+32 = 4,640 → 14×14×32; 6,272·10+10 = 62,730
    ("ورودی ۳۲ در ۳۲ رنگی، یه کانو ۳×۳ با ۱۶ فیلتر پدینگ سیم، بعد مکس پول، بعدش یه کانو ۳×۳ با ۳۲ فیلتر، بعد فلتن "
     "و دنس ده تایی. کل پارامترا چند تاست؟", "67,818"),
    # 3·3·8+8 = 80 → 26×26×8; pool → 13×13×8; 1,352·10+10 = 13,530
    ("My CNN on 28x28 grayscale images: a 3x3 conv with 8 filters, then 2x2 max pooling, then flatten, then a "
     "dense layer of 10 units. How many parameters in total?", "13,610"),
    ("vorodi 64x64x3, aval conv 3x3 ba 32 filter, bad maxpool 2x2, bad global average pooling, akharesham dense "
     "5 ta class. kol e param ha chand ta mishe?", "1,061"),  # 896 + 32·5+5
    # three times 3·3·64·64+64 = 36,928
    ("سه بار پشت سر هم یه کانو ۳×۳ با ۶۴ فیلتر پدینگ سیم روی ورودی ۵۶×۵۶×۶۴ میزنم، کل پارامترا چند میشه؟",
     "110,784"),
])
def test_a_model_described_in_words_is_counted_whole(question, total):
    assert counts(question, total), reply(question)


def test_a_block_repeated_without_its_map_size_is_counted_and_says_the_size_it_assumed():
    shown = reply("A block of two 3x3 convs from 32 to 32 channels, repeated three times: how many parameters in "
                  "total?")
    assert "55,488 پارامتر" in shown  # six times 3·3·32·32+32 = 9,248
    assert msg.NOMINAL_SIZE.format(side=56).split("؛")[0] in shown


@pytest.mark.parametrize("question", [
    "فلتن یا gap روی ۷×۷×۵۱۲ با دنس ده تایی، کدوم پارامتر کمتری داره؟",  # alternatives compared
    "یه کانو ۳×۳ با ۲۵۶ فیلتر روی ورودی ۵۶×۵۶×۱۲۸ و بعدش بچ نرم. این لایه چند تا وزن داره؟",  # one layer asked
    "ورودی ۲۸×۲۸×۱، یه کانو با ۳۲ فیلتر، بعد دنس ده تایی. کل پارامترا چنده؟",  # the conv's kernel not said
    # an option it does not read (the shapes after a dilated conv would be wrong)
    "on 64x64x3: conv 3x3 with 32 filters and dilation 2, then maxpool, then flatten and dense 10. total params?",
])
def test_a_sentence_not_read_as_a_whole_model_is_left_to_the_other_readers(question):
    found = route(question)
    assert found is None or not found.args.startswith("input "), found


def test_a_layer_the_question_leaves_out_is_not_counted():
    shown = reply("on 32x32x3: conv 3x3 with 16 filters, then maxpool, then conv 3x3 with 32 filters, ignoring "
                  "the bn after each: total params?")
    assert "5,088 پارامتر" in shown.splitlines()[0]  # 448 + 4,640, no BatchNorm


@pytest.mark.parametrize(("question", "total"), [
    # 20,000·100 = 2,000,000; GAP; 100·1+1 = 101
    ("یه مدل تحلیل احساسات دارم: امبدینگ با دیکشنری ۲۰ هزار کلمه و بردارهای ۱۰۰ بعدی، بعد گلوبال اوریج پولینگ و یه "
     "دنس ۱ تایی. کل پارامترا چنده؟", "2,000,101"),
    # 5,000·32 = 160,000; flatten 50·32 = 1,600; 1,601
    ("embedding with a vocabulary of 5000 words and 32 dims, sequence length 50, then flatten and dense 1. total "
     "params?", "161,601"),
    # a Keras call among layers said in words, on a sequence: 3·16·32+32 = 1,568; pool → 25×32 = 800; 801
    ("تو Keras یه Conv1D(32, kernel_size=3, padding='same') روی دنباله هایی با طول ۵۰ و ۱۶ تا feature زدم، بعد "
     "MaxPooling1D(2)، بعد Flatten و Dense(1). کل پارامترا چند تاست؟", "2,369"),
])
def test_sequences_described_in_words_are_counted_whole(question, total):
    assert counts(question, total), reply(question)


def test_a_sequence_length_not_said_is_said_and_a_flatten_then_needs_it():
    shown = reply("امبدینگ با دیکشنری ۲۰ هزار کلمه و بردارهای ۱۰۰ بعدی، بعد گلوبال اوریج پولینگ و دنس ۱ تایی. کل "
                  "پارامترا چنده؟")
    assert msg.NOMINAL_SEQUENCE.format(length=100) in shown
    found = route("embedding with a vocabulary of 5000 words and 32 dims, then flatten and dense 1. total params?")
    assert found is None or not found.args.startswith("input "), found


def test_a_layer_repeated_but_answered_once_is_warned():
    calculated = calculate(None, "vorodi 7x7 e, do bar poshte ham ConvTranspose2d ba kernel 4, stride 2, padding 1 "
                                 "mizanam. khoroji nahayi chand dar chand mishe?")
    assert calculated is not None
    assert msg.REPEATED_LAYER.format(times="۲") in calculated.reply


@pytest.mark.parametrize(("question", "total"), [
    # a dataset's images: CIFAR-10 is 32x32x3; 896 + 18,496 + (8·8·64 = 4,096)·10+10
    ("model for cifar-10: conv 3x3 32 filters same -> maxpool 2 -> conv 3x3 64 filters same -> maxpool 2 -> flatten "
     "-> dense 10. total params?", "60,362"),
    # numbers in words, listed: 784·256 + 256·128 + 128·10, the biases left out
    ("عکس ۲۸ در ۲۸ سیاه سفیدو فلت میکنم بعد سه تا لایه دنس دارم به ترتیب دویست و پنجاه و شش، صد و بیست و هشت و ده تا "
     "نورون. بایاسارو حساب نکنید، کل وزنا چندتا میشن؟", "234,752"),
    # a block said first, then repeated; the Dense after it once: (20·128+128) + 2·(128·128+128) + 129
    ("ye block e dense(128) + dropout(0.3) ro 3 bar poshte ham gozashtam, vorodi 20 ta feature dare, akharesh ham "
     "dense(1). chand ta parametr dare kolan?", "35,841"),
    # "every conv … ignore BN and all biases": each named conv, no BatchNorm, no bias
    ("Every conv here is followed by BatchNorm, but ignore BN and all biases: 3x3 conv from 3 to 64 channels, 3x3 "
     "conv 64 to 128, then global average pooling and a linear layer to 10 classes. How many weights?", "76,736"),
    # the first and the second of two said apart: 7·7·3·64+64 = 9,472; 3·3·64·128+128; 3·3·128·256+256
    ("ورودی ۲۲۴ در ۲۲۴ رنگیه. اول یه کانو ۷در۷ با ۶۴ تا فیلتر استراید ۲ پدینگ ۳، بعد دو تا کانو ۳در۳ با استراید ۲ و "
     "پدینگ ۱ که اولی ۱۲۸ تا فیلتر داره دومی ۲۵۶ تا. کل پارامترا چقده؟", "378,496"),
])
def test_models_said_in_the_ways_students_say_them_are_counted(question, total):
    assert counts(question, total), reply(question)


def test_again_is_not_a_repetition_and_a_factor_is_not_a_comparison():
    # «دوباره» (again) is no «دو بار»; «دو برابر» is the upsampling's factor: 160 + 1,160 + 1,168 + 145
    shown = reply("ورودی ۲۸×۲۸×۱، اول کانو ۳در۳ با ۱۶ تا فیلتر پدینگ سیم، مکس پول ۲در۲، کانو ۳در۳ با ۸ تا فیلتر سیم، "
                  "بعد آپ سمپلینگ دو برابر، کانو ۳در۳ با ۱۶ فیلتر سیم، دوباره آپ سمپلینگ، آخرشم کانو ۳در۳ با یه فیلتر "
                  "سیم. کل پارامترا چنده؟")
    assert "2,633 پارامتر" in shown.splitlines()[0], shown


def test_a_model_of_three_by_threes_after_a_seven_by_seven_is_not_a_comparison():
    found = route("ورودی ۲۲۴ در ۲۲۴ رنگیه. اول یه کانو ۷در۷ با ۶۴ تا فیلتر، بعد دو تا کانو ۳در۳ با ۶۴ تا فیلتر. کل "
                  "پارامترا چقده؟")
    assert found is not None and found.command == "params", found


@pytest.mark.parametrize("question", [
    # a block repeated with other filters: the 128 is no layer's, so the whole is not answered as 38,720
    "یه بلوک دارم: دوتا کانو ۳×۳ با ۶۴ تا فیلتر پدینگ ۱، بعدش مکس پول ۲×۲. ورودی ۹۶×۹۶×۳. بعد همین بلوکو یه بار "
    "دیگه با ۱۲۸ تا فیلتر تکرار میکنم. کل پارامترا؟",
    "vorodi 64x64x3. ye block: do ta conv 3x3 ba 32 filter padding same, bad maxpool 2x2. hamin block ro do bare dige "
    "tekrar mikonam, bar e aval ba 64 filter bar e dovom ba 128. kol e param ha?",
])
def test_a_number_no_layer_reads_means_the_model_is_not_answered_whole(question):
    found = route(question)
    assert found is None or not found.args.startswith("input "), found


def test_a_single_output_size_among_several_layers_is_warned():
    calculated = calculate(None, "ورودی دیسکریمیناتورم ۲۵۶ در ۲۵۶ در ۳ عه. سه تا کانو پشت هم میزنم که هرکدوم ۴ در ۴ "
                                 "با استراید ۲ و پدینگ ۱ ان. ابعاد خروجی آخر چند در چنده؟")
    assert calculated is not None and "⚠️" in calculated.reply, calculated.reply


def test_a_zoo_model_changed_by_the_student_is_warned_as_the_published_one():
    calculated = calculate(None, "ye model daram daghighan mesle LeNet-5 faghat vorodi be jaye grayscale RGB e, yani "
                                 "32x32x3. kol e param hash chand ta mishe?")
    assert calculated is not None and msg.MODEL_VARIANT in calculated.reply


def test_a_layer_named_again_after_the_question_is_not_counted_twice():
    # 896 + 4·32 + 18,496 + 4·64 + 650: the last «بچ نرم» names the BatchNorms' statistics, not a third BatchNorm
    shown = reply("تو کراس مدلم اینطوریه: ورودی ۳۲×۳۲×۳، کانو ۳×۳ با ۳۲ فیلتر پدینگ سیم، بچ نورمالیزیشن، مکس پول، "
                  "کانو ۳×۳ با ۶۴ فیلتر پدینگ سیم، بچ نورمالیزیشن، گلوبال اوریج پولینگ، دنس ده تایی. توتال پارامترا "
                  "چنده؟ منظورم با نان ترینبلای بچ نرم")
    assert "20,426 پارامتر" in shown.splitlines()[0], shown


@pytest.mark.parametrize(("question", "total"), [
    # PyTorch's nn.MultiheadAttention(256, 4): 3·256·256 + 3·256 in, 256·256 + 256 out
    ("یه مالتی هد اتنشن تو پای تورچ با امبدینگ ۲۵۶ و ۴ تا هد چند تا پارامتر داره؟", "263,168"),
    # Keras: query, key and value each 64 → 2·16 with bias (3 × 2,080), the output 32 → 64 with bias (2,112)
    ("keras MultiHeadAttention(num_heads=2, key_dim=16) on 64-dim tokens, how many params?", "8,352"),
    # two encoder layers of d_model 128, 4 heads, feed-forward 512: 2 × 198,272
    ("a TransformerEncoder in pytorch with 2 layers, d_model=128, nhead=4, dim_feedforward=512: total parameters?",
     "396,544"),
])
def test_attention_and_transformer_encoders_are_counted_on_their_frameworks_layers(question, total):
    assert counts(question, total), reply(question)


def test_attention_without_its_width_asks_for_it():
    found = route("یه لایه مالتی هد اتنشن با هشت تا هد چندتا پارامتر داره؟")
    assert found is not None and found.missing == msg.ASK_ATTENTION_WIDTH


@pytest.mark.parametrize(("question", "total"), [
    # 8 × 56×56×128 values of 4 bytes
    ("خروجی لایه سوم ۵۶ در ۵۶ با ۱۲۸ کاناله، بچ سایز ۸ و فلوت ۳۲. اکتیویشناش چقد حافظه میگیرن؟", "12,845,056"),
    # half precision: 2 bytes a value
    ("how much memory do the activations of a 28x28x32 feature map take for a batch of 64 in float16?", "3,211,264"),
])
def test_activation_memory_is_worked_out(question, total):
    calculated = calculate(None, question)
    assert calculated is not None and f"{total} بایت" in calculated.reply, calculated and calculated.reply


def test_a_question_about_memory_as_an_idea_is_not_computed():
    assert route("چرا اکتیویشن ها تو آموزش این همه حافظه میگیرن؟ بچ سایز ۳۲ دارم") is None


@pytest.mark.parametrize(("question", "total"), [
    # one Conv1D on a signal said by its length and channels: 7·12·32+32; «کرنل سایز هفت», «استراید دو» in words
    ("یه کانو یک بعدی زدم، هر سیگنال ۵۰۰ تا نمونه س با ۱۲ تا لید، کرنل سایز هفت، ۳۲ تا فیلتر، استراید دو و بدون "
     "پدینگ. لایه چنتا پارامتر داره؟", "2,720"),
    ("a Conv1d on 8000 samples, mono, with 64 filters, kernel size 40, stride 2: how many parameters?", "2,624"),
])
def test_a_conv1d_on_a_signal_said_in_words_is_counted(question, total):
    assert counts(question, total), reply(question)


def test_an_input_said_channels_first_is_read_as_pytorch_says_it():
    # 3x100x100: conv 3x3 16 → 98; maxpool 3 s3 → 32; 448 + 5·5·16·32+32 = 13,280
    shown = reply("Input is 3x100x100. Conv 3x3 with 16 filters, stride 1, padding 0; max pool 3x3 with stride 3; "
                  "conv 5x5 with 32 filters, stride 2, padding 2. Total parameters?")
    assert "13,280 پارامتر" in shown.splitlines()[0], shown
