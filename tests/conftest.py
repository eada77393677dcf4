"""Shared fixtures: knowledge bases are built once per session and copied for tests that change them.

The vector cache travels with a copy, so a test that adds a file re-embeds only
that file's chunks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import KBConfig, KnowledgeBase

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus"
DEV_QUESTIONS = SHARED / "eval" / "dev_kb.jsonl"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test touches the real per-user data directory."""
    monkeypatch.setenv("DANESHYAR_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("DANESHYAR_NO_PROGRESS", "1")
    monkeypatch.delenv("DANESHYAR_CONFIG", raising=False)
    monkeypatch.delenv("DANESHYAR_EMBEDDER", raising=False)


@pytest.fixture(scope="session")
def builtin_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("builtin")
    KnowledgeBase.open(KBConfig(home=home)).close()
    return home


@pytest.fixture(scope="session")
def builtin_kb(builtin_home) -> KnowledgeBase:
    return KnowledgeBase.open(KBConfig(home=builtin_home))


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory) -> KnowledgeBase:
    if not CORPUS.exists():
        pytest.skip("../shared/corpus is not present")
    kb = KnowledgeBase.open(KBConfig(home=tmp_path_factory.mktemp("corpus"), builtin=False))
    kb.add([CORPUS])
    return kb


@pytest.fixture
def kb_copy(builtin_home, tmp_path) -> Path:
    """A private copy of the built-in base's directory, for tests that write."""
    home = tmp_path / "kb"
    shutil.copytree(builtin_home, home, ignore=shutil.ignore_patterns("write.lock"))
    return home


@pytest.fixture(scope="session")
def postgres_cluster():
    """One throwaway PostgreSQL cluster for the whole session (tests/helpers/postgres.py)."""
    from helpers.postgres import Cluster, binaries

    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (no initdb): .ci/run installs Debian's postgresql")
    pytest.importorskip("psycopg_pool", reason="the postgresql extra is not installed: pip install -e '.[postgresql]'")
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster, request) -> str:
    """A fresh database of its own for this test, on the session's cluster."""
    import re
    import uuid

    name = re.sub(r"\W", "_", request.node.name)[:40].lower() + "_" + uuid.uuid4().hex[:6]
    return postgres_cluster.create_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def records_url(request, tmp_path) -> str:
    """Where a test's bot records live: run once on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    return request.getfixturevalue("postgres_url")
