"""``daneshyar calc``: the cnn_demos calculations on the command line, each with ``--json``.

Imported lazily by the main CLI, so ``daneshyar ask`` never pays for importing torch.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import cnn_demos
from cnn_demos import SpecError
from daneshyar.output import echo_json


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def _spec_arg(spec: str) -> str:
    return sys.stdin.read() if spec == "-" else spec


@click.group()
def calc() -> None:
    """CNN calculations: parameters, shapes, MACs/FLOPs, the model zoo and the course's comparisons.

    Example usage:

        daneshyar calc params "input 224x224x3 | conv 32 3x3 relu | maxpool 2 | flatten | dense 10"
    """


@calc.command()
@click.argument("spec")
@click.option("--input", "input_", metavar="SHAPE",
              help="The input shape when the code does not fix it, e.g. 3x32x32 (PyTorch: channels first).")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
def params(spec: str, input_: str | None, json_: bool) -> None:
    """Parameters, output shapes, MACs and memory of a model: the layer-spec language, Keras or PyTorch code,
    or what print(net) prints.

    SPEC is one line (layers separated by '|'), code, or '-' to read it from stdin.

    Example usage:

        daneshyar calc params "input 28x28x1 | conv 8 3x3 same relu | maxpool 2 | flatten | dense 10"
        daneshyar calc params "Conv2D(8, (1,1), input_shape=(256,256,3)) | Flatten() | Dense(2)" --json
        daneshyar calc params - --input 3x32x32 < net.py
    """
    text = _spec_arg(spec)
    if input_:
        text = f"input {input_}\n{text}"
    try:
        report = cnn_demos.params(text)
    except SpecError as exc:
        raise _fail(exc) from None
    echo_json(report.to_json()) if json_ else click.echo(report.text())


@calc.command()
@click.argument("words", nargs=-1)
@click.option("--list", "list_", is_flag=True, help="List the models.")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
def model(words: tuple[str, ...], list_: bool, json_: bool) -> None:
    """A zoo model: LeNet-5, AlexNet, VGG, GoogLeNet, ResNet/ResNeXt, MobileNet, ViT... (--list: all of them).

    Example usage:

        daneshyar calc model --list
        daneshyar calc model resnet50 --json
        daneshyar calc model ResNet 18
    """
    name = " ".join(words)
    if list_ or not name:
        entries = list(cnn_demos.MODELS.values())
        if json_:
            echo_json({"models": [{"name": m.key, "title": m.title, "source": m.source,
                                    "published_params": m.published_params} for m in entries]})
        else:
            for m in entries:
                click.echo(f"{m.key:<20} {m.title}  [{m.source}]")
        return
    try:
        report = cnn_demos.model(name)
    except cnn_demos.UnknownModel as exc:
        raise _fail(exc) from None
    entry = cnn_demos.MODELS[report.name]
    if json_:
        echo_json({"model": entry.key, "title": entry.title, "source": entry.source,
                    "published_params": entry.published_params, **report.to_json()})
        return
    click.echo(f"{entry.title}  [{entry.source}]")
    click.echo(report.text())


def _run_options(fn):
    fn = click.option("--json", "json_", is_flag=True, help="Print JSON.")(fn)
    fn = click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a bar chart (PNG).")(fn)
    fn = click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)(fn)
    fn = click.option("--batch", type=click.IntRange(1, 256), default=16, show_default=True,
                      help="Batch size of the real run.")(fn)
    fn = click.option("--run/--no-run", default=True, show_default=True,
                      help="Also run both variants for real and time them.")(fn)
    return fn


def _show(comparison: cnn_demos.Comparison, plot: Path | None, json_: bool) -> None:
    if plot is not None and comparison.chart_png:
        plot.write_bytes(comparison.chart_png)
    if json_:
        data = comparison.to_json()
        data["plot"] = str(plot) if plot else None
        echo_json(data)
        return
    click.echo(comparison.text())
    if plot is not None:
        click.echo(f"chart: {plot}")


def _compare(fn, plot: Path | None, json_: bool, **kwargs) -> None:
    try:
        comparison = fn(chart=plot is not None, **kwargs)
    except (SpecError, cnn_demos.RunTimeout, cnn_demos.RunFailed) as exc:
        raise _fail(exc) from None
    _show(comparison, plot, json_)


@calc.command()
@click.option("--input", "input_", default="28x28x192", show_default=True, help="Input H x W x C.")
@click.option("--kernel", type=click.IntRange(1, 1024), default=5, show_default=True)
@click.option("--filters", type=click.IntRange(1, 65536), default=32, show_default=True)
@click.option("--reduce", type=click.IntRange(1, 65536), default=16, show_default=True,
              help="Channels after the 1x1 reduction.")
@_run_options
def bottleneck(input_: str, kernel: int, filters: int, reduce: int, run: bool, batch: int, device: str,
               plot: Path | None, json_: bool) -> None:
    """A k x k convolution directly vs after a 1x1 reduction (GoogLeNet's argument), counted and timed.

    Example usage:

        daneshyar calc bottleneck --input 28x28x192 --kernel 5 --filters 32 --reduce 16 --plot b.png
    """
    _compare(cnn_demos.bottleneck, plot, json_, input_size=input_, kernel=kernel, filters=filters,
             reduce=reduce, run=run, batch=batch, device=device)


@calc.command()
@click.option("--input", "input_", default="53x53x64", show_default=True, help="Feature map H x W x C.")
@click.option("--head", default="10", show_default=True, help="Dense units of the classifier head, e.g. 64,32,10.")
@_run_options
def pooling(input_: str, head: str, run: bool, batch: int, device: str, plot: Path | None, json_: bool) -> None:
    """Flatten vs global average pooling in front of the same classifier head.

    Example usage:

        daneshyar calc pooling --input 53x53x64 --head 64,32,10 --plot p.png
    """
    try:
        units = tuple(int(u) for u in head.replace(" ", "").split(",") if u)
    except ValueError:
        raise click.BadParameter("comma-separated numbers, e.g. 64,32,10", param_hint="--head") from None
    if not units or min(units) < 1:
        raise click.BadParameter("comma-separated positive numbers, e.g. 64,32,10", param_hint="--head")
    _compare(cnn_demos.pooling, plot, json_, feature_map=input_, head=units, run=run, batch=batch, device=device)


@calc.command()
@click.option("--input", "input_", default="56x56x64", show_default=True, help="Input H x W x C.")
@click.option("--kernel", type=click.IntRange(5, 31), default=7, show_default=True,
              help="The large kernel (odd); compared with (k-1)/2 stacked 3x3 layers.")
@click.option("--filters", type=click.IntRange(1, 65536), default=None, help="Output channels (default: C).")
@_run_options
def stacked(input_: str, kernel: int, filters: int | None, run: bool, batch: int, device: str, plot: Path | None,
            json_: bool) -> None:
    """Stacked 3x3 convolutions vs one large kernel with the same receptive field (VGG's argument).

    Example usage:

        daneshyar calc stacked --input 56x56x64 --kernel 7
    """
    _compare(cnn_demos.stacked, plot, json_, input_size=input_, kernel=kernel, filters=filters, run=run,
             batch=batch, device=device)


@calc.command()
@click.argument("spec", required=False)
@click.option("--size", type=click.IntRange(1, 100_000), help="Input width (or height) of one layer.")
@click.option("--kernel", type=click.IntRange(1, 1024), default=3, show_default=True)
@click.option("--stride", type=click.IntRange(1, 1024), default=1, show_default=True)
@click.option("--padding", default="0", show_default=True, help="A number, 'same' or 'valid'.")
@click.option("--dilation", type=click.IntRange(1, 1024), default=1, show_default=True)
@click.option("--ceil", is_flag=True, help="Round up (PyTorch ceil_mode).")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
def shape(spec: str | None, size: int | None, kernel: int, stride: int, padding: str, dilation: int, ceil: bool,
          json_: bool) -> None:
    """The output-size rule w_o = floor((w_i + 2p - d(k-1) - 1)/s) + 1, worked out step by step.

    Either for one layer (--size ...) or for every layer of SPEC.

    Example usage:

        daneshyar calc shape --size 28 --kernel 5 --padding 2
        daneshyar calc shape "input 32x32x3 | conv 16 5x5 s2 same | maxpool 2"
    """
    if spec is None and size is None:
        raise click.UsageError("give a SPEC or --size (see --help)")
    if spec is None:
        pad: int | str = padding if padding in ("same", "valid") else None
        if pad is None:
            try:
                pad = int(padding)
            except ValueError:
                raise click.BadParameter("a number, 'same' or 'valid'", param_hint="--padding") from None
        try:
            result = cnn_demos.explain(size, kernel, stride, pad, dilation, ceil)
        except ValueError as exc:
            raise _fail(exc) from None
        if result.output < 1:
            raise _fail(SpecError(cnn_demos.messages.ZERO_OUTPUT.format(size=result.output)))
        if json_:
            echo_json(_explanation_json(result))
        else:
            click.echo("\n".join(result.steps))
        return
    try:
        layers = cnn_demos.shapes(_spec_arg(spec))
    except SpecError as exc:
        raise _fail(exc) from None
    if json_:
        echo_json({"layers": [{"number": layer.number, "name": layer.source, "output_shape": layer.output_shape,
                                "rule": [_explanation_json(e) for e in layer.rule]} for layer in layers]})
        return
    for layer in layers:
        click.echo(f"{layer.number}. {layer.source} → {layer.output_shape}")
        for explanation in layer.rule:
            click.echo("\n".join("   " + step for step in explanation.steps))


def _explanation_json(e: cnn_demos.Explanation) -> dict:
    return {"input": e.size, "kernel": e.kernel, "stride": e.stride, "padding": list(e.padding),
            "dilation": e.dilation, "ceil": e.ceil, "output": e.output, "steps": list(e.steps)}
