"""The calculation commands' arguments: positional or named as each usage documents, a wrong value named,
a missing one asked for, an extra one refused, a default only where documented and then stated.

Through :func:`cnn_demos.commands.run` (what the bot, its console and the CLI all call), and once more
through the CLI to see it says the same."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cnn_demos import commands
from cnn_demos import messages as msg
from cnn_demos.spec import SpecError
from daneshyar.cli import cli


def refusal(command: str, args: str) -> str:
    with pytest.raises(SpecError) as caught:
        commands.run(command, args)
    return str(caught.value)


@pytest.mark.parametrize("command, args, named", [
    # reported: the stride -1 was read as a layer called «28»
    ("shape", "28 5 -1 2", ("گام (stride)", "«-1»")),
    ("shape", "28 5 2.5", ("گام (stride)", "«2.5»")),
    ("shape", "28 0", ("کرنل", "«0»")),
    ("shape", "28 5 1 -2", ("پدینگ", "«-2»")),
    ("shape", "28 5 1 0 0", ("dilation", "«0»")),
    ("shape", "28x28x0 3", ("اندازه‌ی ورودی", "«28x28x0»")),
    ("shape", "28 5 stride=two", ("گام (stride)", "«two»")),
    ("bottleneck", "28x28x192 0 32 16", ("کرنل", "«0»")),
    ("bottleneck", "28x28x192 5 -32 16", ("تعداد فیلترها", "«-32»")),
    ("bottleneck", "28x28x192 5 32 1.5", ("کانال‌های کاهش", "«1.5»")),
    ("bottleneck", "5 28x28x192 32 16", ("ورودی (HxWxC)", "«5»")),  # sizes in the wrong slot
    ("pooling", "53x53x64 64,0,10", ("واحدهای سر طبقه‌بند", "«64,0,10»")),
    ("stacked", "56x56x64 7.0", ("کرنل", "«7.0»")),
    ("stacked", "7 56x56x64", ("ورودی (HxWxC)", "«7»")),
    ("layer", "conv 32 5x5 in=-1", ("کانال‌های ورودی (in)", "«-1»")),
    ("layer", "conv 32 5x5 in=1 s=0", ("گام (stride)", "«0»")),
    ("layer", "conv 32 5x5 in=3 p=-1", ("پدینگ", "«-1»")),
    ("layer", "conv 0 5x5 in=3", ("تعداد فیلترها یا واحدها", "«0»")),
    ("layer", "dense 10 in=8.5", ("کانال‌های ورودی (in)", "«8.5»")),
    ("layer", "conv 64 3x3 in=32 groups=0", ("تعداد گروه‌ها (groups)", "«0»")),
    ("layer", "conv 64 3x3 in=32 groups=abc", ("تعداد گروه‌ها (groups)", "«abc»")),
])
def test_a_wrong_value_is_named_with_what_was_typed(command, args, named):
    text = refusal(command, args)
    assert all(part in text for part in named), text
    assert commands.COMMANDS[command].usage in text
    assert "لایه‌ی «" not in text  # never read as a layer name


def test_a_2d_size_where_a_feature_map_is_wanted_asks_for_its_channels():
    text = refusal("pooling", "53x53 64")  # reported: 53 was taken as the channels
    assert "«53x53» فقط اندازه‌ی مکانی است" in text and "53x53x64" in text
    assert "اندازه‌ی مکانی" in refusal("bottleneck", "28x28 5 32 16")


@pytest.mark.parametrize("command, args, missing", [
    ("bottleneck", "28x28x192 5", ("«تعداد فیلترها»", "«کانال‌های کاهش (فیلترهای 1x1)»")),  # reported
    ("bottleneck", "28x28x192", ("«اندازه‌ی کرنل»", "«تعداد فیلترها»", "«کانال‌های کاهش (فیلترهای 1x1)»")),
    ("pooling", "53x53x64", ("«واحدهای سر طبقه‌بند»",)),
    ("stacked", "56x56x64", ("«اندازه‌ی کرنل»",)),
    ("shape", "28", ("«اندازه‌ی کرنل»",)),
    ("shape", "kernel=5", ("«اندازه‌ی ورودی»",)),
])
def test_a_missing_value_is_named_and_the_usage_shown_never_defaulted(command, args, missing):
    text = refusal(command, args)
    assert text == msg.CALC_MISSING.format(names=msg.AND.join(missing), usage=commands.COMMANDS[command].usage)


def test_a_layer_missing_its_inputs_is_asked_for_them():
    assert refusal("layer", "conv 128 3x3") == msg.ASK_INPUT_CHANNELS
    assert refusal("layer", "dense 10") == msg.ASK_INPUT_FEATURES


@pytest.mark.parametrize("command, args, extra", [
    ("shape", "28 5 1 2 1 9", "«9»"),
    ("bottleneck", "28x28x192 5 32 16 99", "«99»"),
    ("stacked", "56x56x64 7 128 9", "«9»"),  # the third is the optional filter count
    ("layer", "dense 10 in=84 extra", "«extra»"),
    ("layer", "conv 32 5x5 3", "«3»"),  # the input channels are named: in=3
])
def test_an_extra_value_is_refused_not_ignored(command, args, extra):
    assert msg.CALC_EXTRA.format(value=extra.strip("«»"), usage=commands.COMMANDS[command].usage) == \
        refusal(command, args)


def test_unknown_and_repeated_names_are_refused():
    assert "«foo=»" in refusal("shape", "28 5 foo=1") and "stride=" in refusal("shape", "28 5 foo=1")
    assert "دو بار" in refusal("shape", "28 5 1 2 kernel=3")  # 5 is the kernel's position
    assert "دو بار" in refusal("bottleneck", "28x28x192 k=5 kernel=5 32 16")


@pytest.mark.parametrize("command, positional, named", [
    ("shape", "28 5 2 1 1", "size=28 kernel=5 stride=2 padding=1 dilation=1"),
    ("shape", "28x32 3 1 same", "k=3 size=28x32 p=same s=1"),
    ("bottleneck", "28x28x192 5 32 16", "input=28x28x192 kernel=5 filters=32 reduce=16"),
    ("bottleneck", "28x28x192 5 32 16", "28x28x192 f=32 r=16 k=5"),
    ("pooling", "53x53x64 64,32,10", "input=53x53x64 units=64,32,10"),
    ("pooling", "53x53x64 64,32,10", "53x53x64 64, 32, 10"),
    ("stacked", "56x56x64 7", "input=56x56x64 k=7"),
    ("stacked", "56x56x64 5 128", "input=56x56x64 k=5 f=128"),
    ("layer", "conv 32 5x5 in=1 size=28x28 s=2 p=2", "conv 32 5x5 size=28x28 in=1 p=2 s=2"),
])
def test_named_and_positional_are_the_same_request(command, positional, named):
    assert commands.run(command, positional).to_json() == commands.run(command, named).to_json()


def test_a_documented_default_is_stated_in_the_reply():
    result = commands.run("shape", "28 5")
    assert result.data["output"] == "24"
    assert result.notes == (msg.CALC_ASSUMED.format(values="گام (stride) = 1، پدینگ (padding) = 0، dilation = 1"),)
    assert commands.run("shape", "28 5 1 0 1").notes == ()  # all given: nothing assumed
    layer = commands.run("layer", "conv 32 5x5 in=1 size=28x28 s=2")
    assert layer.data["output_shape"] == "12x12x32" and "پدینگ (padding) = 0" in layer.notes[-1]


def test_every_argument_is_documented_in_its_usage():
    for command in commands.COMMANDS.values():
        for argument in command.args:
            if argument.positional and not argument.short:
                continue  # documented by position in the usage's example
            for name in argument.names():
                assert re.search(rf"(?<!\w){name}=", command.usage), (command.name, name)


@pytest.mark.parametrize("command, args", [("shape", "28 5 -1 2"), ("pooling", "53x53 64"),
                                           ("bottleneck", "28x28x192 5")])
def test_the_cli_says_the_same(command, args):
    result = CliRunner().invoke(cli, ["calc", command, *args.split(), "--no-run"] if commands.COMMANDS[command]
                                .compares else ["calc", command, *args.split()])
    assert result.exit_code == 1 and refusal(command, args) in result.output


def test_units_separated_by_persian_commas_are_read_as_with_latin_ones():
    persian = commands.run("pooling", "53x53x64 64،32،10")
    latin = commands.run("pooling", "53x53x64 64,32,10")
    assert persian.headline == latin.headline
