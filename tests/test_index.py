"""The dense index kinds the store can switch to, and the sparse BM25 scoring, against exact references."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import index as index_mod
from knowledge.index import Index, choose_kind, make_dense_index, write_generation


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    """Clustered, as sentence embeddings are (topics), not uniform on the sphere."""
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((30, 32)).astype(np.float32)
    data = centres[rng.integers(0, 30, 3000)] + 0.6 * rng.standard_normal((3000, 32)).astype(np.float32)
    return data / np.linalg.norm(data, axis=1, keepdims=True)


def test_auto_switches_to_approximate_search_past_the_threshold():
    assert choose_kind("auto", index_mod.AUTO_APPROXIMATE_FROM - 1) == "flat"
    assert choose_kind("auto", index_mod.AUTO_APPROXIMATE_FROM) == index_mod.AUTO_KIND
    with pytest.raises(ValueError):
        choose_kind("annoy", 10)


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_every_kind_finds_the_nearest_vectors(vectors, kind):
    exact = vectors @ vectors[:50].T
    truth = np.argsort(-exact, axis=0)[:10].T
    index = make_dense_index(vectors, kind)
    _, found = index.search(vectors[:50], 10)
    overlap = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)])
    assert overlap >= 0.95, (kind, overlap)


def test_a_saved_generation_keeps_its_kind_and_search_settings(vectors, tmp_path):
    import json
    from dataclasses import asdict

    terms = [[f"w{i % 50}", f"w{i % 7}", "common"] for i in range(len(vectors))]
    write_generation(tmp_path, vectors, terms, "ivf")
    manifest = index_mod.Manifest("test", 32, "test", len(vectors), 0.0, "ivf", 1, 1)
    (tmp_path / "manifest.json").write_text(json.dumps(asdict(manifest)))
    loaded = Index.load(tmp_path)
    assert loaded.faiss_index.nprobe == index_mod.IVF_MIN_NPROBE
    rows, _ = loaded.dense(vectors[7], 5)
    assert rows[0] == 7
    # sparse BM25 scoring (posting lists only) agrees with bm25s scoring every passage
    for query in (["w3", "w5"], ["common", "w1"], ["w49", "w49", "nope"]):
        full = loaded.bm25.get_scores(query)
        got_rows, got_scores = loaded.lexical(query, 20)
        assert np.allclose(np.sort(full)[::-1][: len(got_scores)], got_scores, atol=1e-4)
        assert np.allclose(full[got_rows], got_scores, atol=1e-4)
