"""``daneshyar calc``: the calculation commands on the command line, each with ``--json``.

Every subcommand is made from :data:`cnn_demos.commands.COMMANDS`, the table the bot and its
console read too, so ``daneshyar calc bottleneck 28x28x192 5 32 16`` and ``/bottleneck 28x28x192
5 32 16`` parse the same arguments the same way.  Imported lazily by the main CLI, so ``daneshyar
ask`` never pays for importing torch.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

import cnn_demos
from cnn_demos import commands
from daneshyar.application.errors import CALCULATION_ERRORS
from daneshyar.cli.output import echo_json


@click.group()
def calc() -> None:
    """CNN calculations: parameters, shapes, MACs/FLOPs, the model zoo and the course's comparisons.

    Arguments are written as after the bot's commands (/params, /bottleneck ...).
    """


def _text(words: tuple[str, ...], input_: str | None) -> str:
    if input_ and not re.fullmatch(r"\d+([x×]\d+)*(\s+(cf|cl))?", input_.strip(), re.IGNORECASE):
        raise click.BadParameter("a shape such as 3x32x32 (optionally followed by cf or cl)", param_hint="--input")
    text = sys.stdin.read() if words == ("-",) else " ".join(words)
    return f"input {input_}\n{text}" if input_ else text


def _model_list(json_: bool) -> None:
    entries = list(cnn_demos.MODELS.values())
    if json_:
        echo_json({"models": [{"name": m.key, "title": m.title, "source": m.source,
                                "published_params": m.published_params} for m in entries]})
        return
    for m in entries:
        click.echo(f"{m.key:<20} {m.title}  [{m.source}]")


def _show(result: commands.Calculation, plot: Path | None, json_: bool) -> None:
    if plot is not None and result.chart_png:
        plot.write_bytes(result.chart_png)
    if json_:
        data = result.to_json()
        if result.chart_png is not None or plot is not None:
            data["plot"] = str(plot) if plot else None
        echo_json(data)
        return
    click.echo(result.headline)
    click.echo(result.text())
    if plot is not None:
        click.echo(f"chart: {plot}")


def _make(command: commands.Command) -> click.Command:
    name = command.name

    def callback(words: tuple[str, ...], json_: bool, input_: str | None = None, list_: bool = False,
                 plot: Path | None = None, run: bool = False, batch: int = 16, device: str = "auto") -> None:
        if name == "model" and (list_ or not words):
            _model_list(json_)
            return
        options = commands.Options(run=run, chart=plot is not None, batch=batch, device=device)
        try:
            result = commands.run(name, _text(words, input_), options)
        except (*CALCULATION_ERRORS, cnn_demos.RunTimeout, cnn_demos.RunFailed) as exc:
            raise click.ClickException(str(exc)) from None  # one Persian sentence
        _show(result, plot, json_)

    params = [click.Argument(["words"], nargs=-1, type=click.UNPROCESSED),  # «-1» is a value to name as wrong
              click.Option(["--json", "json_"], is_flag=True, help="Print JSON.")]
    if name == "params":
        params.append(click.Option(["--input", "input_"], metavar="SHAPE",
                                   help="The input shape when the code does not fix it, e.g. 3x32x32."))
    if name == "model":
        params.append(click.Option(["--list", "list_"], is_flag=True, help="List the models."))
    if command.compares:
        params += [
            click.Option(["--plot"], type=click.Path(dir_okay=False, path_type=Path),
                         help="Write the chart (PNG, labelled in Persian)."),
            click.Option(["--run/--no-run"], default=True, show_default=True,
                         help="Also run both variants for real and time them."),
            click.Option(["--batch"], type=click.IntRange(1, 256), default=16, show_default=True),
            click.Option(["--device"], type=click.Choice(["auto", "cpu", "cuda"]), default="auto",
                         show_default=True),
        ]
    example = f"'{command.example}'" if "|" in command.example else command.example
    help_text = f"{command.help}\n\nExample usage:\n\n        daneshyar calc {name} {example}"
    return click.Command(name, params=params, callback=callback, help=help_text,
                         context_settings={"ignore_unknown_options": True})


for _command in commands.COMMANDS.values():
    calc.add_command(_make(_command))
