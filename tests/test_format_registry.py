"""The format registry: every reader module is found, and every list of formats shown is made from it."""

from __future__ import annotations

import pkgutil
from pathlib import Path

from click.testing import CliRunner

import knowledge.formats as package
from bot import messages
from bot.commands import help_text as bot_help
from daneshyar.cli import cli
from knowledge.formats import registry

ROOT = Path(__file__).resolve().parent.parent


def test_every_reader_module_declares_its_format():
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)} - {"registry", "__main__"}
    found = {reader.read.__module__.rsplit(".", 1)[1] for reader in registry.formats()}
    assert found == modules


def test_extensions_keep_the_names_stored_in_existing_bases():
    stored = {ext: registry.reader_for(ext).format.extensions[ext] for ext in registry.extensions()}
    assert stored.items() >= {".txt": "txt", ".md": "md", ".markdown": "md", ".mdx": "md", ".pdf": "pdf", ".docx": "docx",
                              ".html": "html", ".htm": "html", ".json": "telegram"}.items()
    assert registry.reader_for(".PDF") is registry.reader_for(".pdf")
    assert registry.reader_for(".key") is None  # Keynote: not read


def test_the_extraction_check_runs_on_what_a_library_extracted():
    checked = {name for reader in registry.formats() if reader.format.checked for name in reader.format.names}
    assert checked >= {"pdf", "docx", "html"} and not checked & {"txt", "md", "telegram"}


def test_lists_shown_to_people_name_every_format():
    help_text = bot_help("daneshyar_bot")
    assert f"({messages.either(registry.chat_names())})" in help_text
    assert messages.either(["txt", "md", "pdf", "docx", "html", "خروجی json تلگرام"]) == (
        "txt، md، pdf، docx، html یا خروجی json تلگرام")  # the sentence /help always had
    cli_help = CliRunner().invoke(cli, ["kb", "add", "--help"]).output
    for extension in registry.extensions():
        assert extension in cli_help


def test_docs_table_is_the_registry_s():
    assert registry.markdown_table() in (ROOT / "docs" / "formats.md").read_text("utf-8")
