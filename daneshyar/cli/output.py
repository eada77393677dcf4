"""How every command prints ``--json``: one object on one line, Persian left readable (not \\u-escaped)."""

from __future__ import annotations

import json

import click


def echo_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))
