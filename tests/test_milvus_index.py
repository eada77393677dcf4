"""The Milvus backend against Milvus Lite: same answers as the local backend, and crash-safe publishing.

Milvus Lite is the Milvus project's local implementation of the same API (a server inside the process,
over faiss and pyarrow, kept in a ``.db`` directory).  It takes an exclusive lock on that directory: with
``milvus-lite:PATH`` the reader opens the base after the killed writer died; with ``milvus-lite server``
and ``milvus://`` (as a Milvus server is used) a reader keeps answering while the writer is killed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="pymilvus is not installed (pip install -e '.[milvus]')")
pytest.importorskip("milvus_lite", reason="milvus-lite is not installed (pip install -e '.[milvus]')")

from pymilvus.exceptions import ConnectionConfigException

from knowledge import milvus_index as mi
from knowledge.milvus_index import MilvusBackend, milvus_term, parse_index_setting, plain_term

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [
    "چرا از کانولوشن 1x1 استفاده میکنن؟",
    "طبقه بند کمکی تو گوگل نت برای چیه؟",
    "فرق SGD و Adam چیه؟",
    "فلتن بهتره یا ادغام میانگین سراسری؟",
    "لنت کی اومد؟",
    "اندازه خروجی کانولوشن چطوری حساب میشه؟",
    "resnet چرا skip connection داره",
    "نرخ یادگیری زیاد باشه چی میشه؟",
    "VGG چند لایه داره؟",
    "شبکه در شبکه چیه؟",
    "padding same یعنی چی؟",
    "کانولوشن یک بعدی برای متن چطوری کار میکنه؟",
]


@pytest.fixture(scope="module")
def milvus(builtin_kb, tmp_path_factory):
    """A Milvus Lite generation built from the same store as the built-in base's local generation."""
    uri = f"milvus-lite:{tmp_path_factory.mktemp('milvus')}/kb.db"
    backend = MilvusBackend(uri)
    name = backend.build(builtin_kb.store, builtin_kb.embedder, builtin_kb.analyzer.signature)
    yield backend.load(name)
    backend.close()


def _query(kb, question: str) -> tuple[np.ndarray, list[str]]:
    vector = kb.embedder.embed_query(kb.analyzer.dense_query(question))
    return vector, kb.analyzer.query_terms(question, lambda t: kb.index().idf(t) > 0)


def _chunk_ids(index, ids) -> list[str]:
    found = index.chunks(ids)
    return [found[int(i)].id for i in ids]


def test_index_settings_are_parsed():
    assert parse_index_setting("local") == ("local", "")
    assert parse_index_setting("milvus-lite:/srv/kb/index.db") == ("milvus-lite", "/srv/kb/index.db")
    assert parse_index_setting("milvus://milvus.internal:19530") == ("milvus", "milvus.internal:19530")
    for bad in ("milvus-lite:/srv/kb/index", "milvus://nohost", "elastic://x:9200"):
        with pytest.raises(ValueError):
            parse_index_setting(bad)


def test_backend_repr_hides_the_token(tmp_path):
    backend = MilvusBackend(f"milvus-lite:{tmp_path}/t.db", token="root:s3cret")
    try:
        assert "s3cret" not in repr(backend)
    finally:
        backend.close()


def test_terms_the_tokenizer_would_split_are_encoded_reversibly():
    for term in ["کانولوشن", "1x1", "adam", "۱۹۹۸"]:
        assert milvus_term(term) == term
    for term in ["می\u200cخواهم", "1.5", "c++", "ReLU", "zqx", "a_b"]:
        token = milvus_term(term)
        assert token != term and token.isalnum() and token == token.lower()
        assert plain_term(token) == term


def test_same_results_as_the_local_backend(builtin_kb, milvus):
    local = builtin_kb.index()
    assert milvus.size == local.size
    dense_overlap, lexical_overlap = [], []
    for question in QUESTIONS:
        vector, terms = _query(builtin_kb, question)
        want, got = local.dense(vector, 5), milvus.dense(vector, 5)
        dense_overlap.append(len(set(_chunk_ids(local, want[0])) & set(_chunk_ids(milvus, got[0]))) / 5)
        np.testing.assert_allclose(got[1], want[1], atol=1e-4)  # cosine either way
        want, got = local.lexical(terms, 5), milvus.lexical(terms, 5)
        lexical_overlap.append(len(set(_chunk_ids(local, want[0])) & set(_chunk_ids(milvus, got[0]))) / max(1, len(want[0])))
        np.testing.assert_allclose(got[1], want[1], rtol=1e-4)  # BM25 on bm25s' scale
        for term in terms:
            assert milvus.idf(term) == pytest.approx(local.idf(term), abs=1e-9)
    assert np.mean(dense_overlap) >= 0.95 and min(dense_overlap) >= 0.8
    assert np.mean(lexical_overlap) >= 0.95 and min(lexical_overlap) >= 0.8
    assert milvus.max_idf == pytest.approx(local.max_idf)
    assert milvus.idf("واژه‌ای-که-نیست") == 0.0


def test_passages_read_back_as_stored(builtin_kb, milvus):
    local = builtin_kb.index()
    vector, _ = _query(builtin_kb, QUESTIONS[0])
    mine = milvus.chunks(milvus.dense(vector, 10)[0])
    theirs = {c.id: c for c in local.chunks(local.dense(vector, 10)[0]).values()}
    assert {c.id for c in mine.values()} == set(theirs)
    for chunk in mine.values():
        assert chunk == theirs[chunk.id]  # text, title, source, headings, terms, page, sections
        doc_id, _, position = chunk.id.rpartition(":")
        assert milvus.chunk(doc_id, int(position)) == chunk
        np.testing.assert_allclose(milvus.vector(chunk.id), local.vector(chunk.id), atol=1e-6)
    assert milvus.chunk("no-such-doc", 0) is None and milvus.vector("no-such-doc:0") is None


def test_milvus_rankers_fuse_both_lists(builtin_kb, milvus):
    """Milvus' own RRF and weighted fusion run (hybrid_search); their quality is measured in benchmarks/."""
    vector, terms = _query(builtin_kb, QUESTIONS[0])
    for ranker in ("rrf", "weighted"):
        ids, scores = milvus.fused(vector, terms, 5, ranker)
        assert len(ids) == 5 and np.all(np.diff(scores) <= 1e-6)
        assert _chunk_ids(milvus, ids)[0].startswith("06-one-by-one-convolution")


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pymilvus
    from knowledge import KBConfig, KnowledgeBase, milvus_index

    home, uri = Path(sys.argv[1]), sys.argv[2]
    insert = pymilvus.MilvusClient.insert

    def slow_insert(self, collection, data, **kwargs):  # so the test can kill it mid-build
        result = insert(self, collection, data, **kwargs)
        print("inserted", collection, flush=True)
        time.sleep(0.5)
        return result

    pymilvus.MilvusClient.insert = slow_insert
    milvus_index.INSERT_BATCH = 4
    kb = KnowledgeBase.open(KBConfig(home=home))
    milvus_index.build_milvus(kb.store, kb.embedder, kb.analyzer.signature, uri)
    print("published", flush=True)
""")


def test_writer_killed_mid_build_leaves_the_previous_generation_serving(builtin_kb, kb_copy, tmp_path):
    uri = f"milvus-lite:{tmp_path}/kb.db"
    backend = MilvusBackend(uri)
    first = backend.build(builtin_kb.store, builtin_kb.embedder, builtin_kb.analyzer.signature)
    vector, terms = _query(builtin_kb, QUESTIONS[0])
    before = backend.load(first)
    answers = (_chunk_ids(before, before.dense(vector, 5)[0]), _chunk_ids(before, before.lexical(terms, 5)[0]))
    backend.close()  # Milvus Lite: one process at a time holds the base

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(kb_copy), uri], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        for line in writer.stdout:  # wait until passages are going into a new collection
            if line.startswith("inserted " + mi.PREFIX) and not line.strip().endswith(mi.TERMS_SUFFIX):
                break
        else:
            pytest.fail(f"writer never inserted: {writer.stderr.read()[-2000:]}")
        with pytest.raises(ConnectionConfigException):  # the writer holds the Lite base's lock
            mi.connect(uri)
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    after = MilvusBackend(uri)
    try:
        stray = [c for c in after.client.list_collections() if c.startswith(mi.PREFIX) and first not in c]
        assert stray, "the writer should have died after creating its collection"
        assert after.current() == first
        index = after.load(after.current())
        assert index.size == before.size
        assert (_chunk_ids(index, index.dense(vector, 5)[0]), _chunk_ids(index, index.lexical(terms, 5)[0])) == answers
        # The next build publishes and clears the killed build's leftovers.
        second = after.build(builtin_kb.store, builtin_kb.embedder, builtin_kb.analyzer.signature)
        assert after.current() == second
        left = {c for c in after.client.list_collections() if c.startswith(mi.PREFIX)}
        assert left == {first, first + mi.TERMS_SUFFIX, second, second + mi.TERMS_SUFFIX}
    finally:
        after.close()


def _start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data_dir),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"milvus://127.0.0.1:{port}"
        time.sleep(0.2)
    server.kill()
    pytest.fail("milvus-lite server did not start")


def test_reader_keeps_answering_while_a_writer_is_killed(builtin_kb, kb_copy, tmp_path):
    """Two processes on one Milvus (here ``milvus-lite server``): the reader never sees the killed build."""
    server, uri = _start_server(tmp_path / "shared")
    try:
        reader = MilvusBackend(uri)
        first = reader.build(builtin_kb.store, builtin_kb.embedder, builtin_kb.analyzer.signature)
        index = reader.load(first)
        vector, terms = _query(builtin_kb, QUESTIONS[0])
        answers = (_chunk_ids(index, index.dense(vector, 5)[0]), _chunk_ids(index, index.lexical(terms, 5)[0]))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(kb_copy), uri], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        inserts = 0
        for line in writer.stdout:
            if line.startswith("inserted " + mi.PREFIX) and not line.strip().endswith(mi.TERMS_SUFFIX):
                inserts += 1
                assert reader.current() == first  # mid-build, readers still get the old generation
                assert _chunk_ids(index, index.dense(vector, 5)[0]) == answers[0]
                if inserts == 3:
                    break
        assert inserts == 3, writer.stderr.read()[-2000:]
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        assert reader.current() == first
        fresh = reader.load(reader.current())
        assert (_chunk_ids(fresh, fresh.dense(vector, 5)[0]), _chunk_ids(fresh, fresh.lexical(terms, 5)[0])) == answers
        reader.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_knowledge_base_and_cli_work_the_same_on_milvus_lite(tmp_path):
    """DANESHYAR_INDEX=milvus-lite:PATH: the whole base (built-in notes, ask, add, remove, stats) behind the
    protocol, nothing above it knowing which engine serves."""
    import json

    from click.testing import CliRunner

    from daneshyar.cli import cli
    from knowledge import KBConfig, KnowledgeBase

    uri = f"milvus-lite:{tmp_path}/kb.db"
    kb = KnowledgeBase.open(KBConfig(home=tmp_path / "home", index=uri))
    try:
        answer = kb.ask("لنت کی اومد؟")
        assert answer.answered and answer.citations[0].doc == "02-lenet-alexnet" and "۱۹۹۸" in answer.quotes[0]
        assert not kb.ask("طرز تهیه قورمه سبزی چیه؟").answered
        note = tmp_path / "okapi.md"
        note.write_text("# اوکاپی‌نت\n\nشبکه اوکاپی‌نت در سال ۲۰۳۰ با ۱۷ لایه معرفی شد.\n", "utf-8")
        assert kb.add([note]).added == [str(note)]
        assert "اوکاپی‌نت" in kb.search("اوکاپی‌نت", 1)[0].chunk.text
        assert kb.backend.covers(kb.index().generation, "okapi")
        assert kb.remove(["okapi.md"]).removed == ["okapi"]
        assert not any("اوکاپی‌نت" in h.chunk.text for h in kb.search("اوکاپی‌نت", 3))
        before = kb.index().generation
        assert kb.rebuild() == kb.store.chunk_count() and kb.index().generation != before  # a new collection
        assert kb.ask("لنت کی اومد؟").answered
        assert not (tmp_path / "home" / "index").exists()  # nothing went to the local files
    finally:
        kb.close()  # Milvus Lite: frees the directory for the next opener
    env = {"DANESHYAR_INDEX": uri, "DANESHYAR_HOME": str(tmp_path / "home")}
    stats = CliRunner(env=env).invoke(cli, ["kb", "stats", "--json"], catch_exceptions=False)
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["up_to_date"] is True
    mi.release(uri)
    asked = CliRunner(env=env).invoke(cli, ["ask", "نقطه زینی چیه؟", "--json"], catch_exceptions=False)
    assert json.loads(asked.output)["sources"][0]["doc"] == "09-optimization"
    mi.release(uri)
