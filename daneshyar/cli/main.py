"""The ``daneshyar`` command: one click group fronting the knowledge base, the calculations and the bot.

Each command builds its result objects once, then prints either text or, with
``--json``, one JSON object.  Expected failures exit non-zero with one line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from daneshyar.application import settings as settings_mod
from daneshyar.application.courses import course_homes
from daneshyar.application.errors import KNOWLEDGE_ERRORS
from daneshyar.application.respond import respond, rewrite
from daneshyar.application.wiring import model_client, open_knowledge
from daneshyar.cli.output import echo_json
from daneshyar.cli.verified import verified
from knowledge import Busy, KnowledgeBase, Mode
from knowledge.formats import registry
from knowledge.grounded import Generated
from knowledge.messages import FROM_SOURCES, answer_text, generated_text, source_line
from knowledge.types import EMBEDDING, Step

MODES = [m.value for m in Mode]


class _Progress:
    """A tqdm bar on a terminal (disabled by DANESHYAR_NO_PROGRESS or a non-terminal stderr)."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.bar = None
        self.enabled = sys.stderr.isatty() and not os.environ.get("DANESHYAR_NO_PROGRESS")

    def __call__(self, step: Step) -> None:
        """Embedding is the long part of an update: it gets the bar."""
        done, total = step.done, step.total
        if step.stage != EMBEDDING or not self.enabled or total == done == 0:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.description, unit="chunk", file=sys.stderr, leave=False)
        self.bar.n = done
        self.bar.refresh()
        if done >= total:
            self.bar.close()


# The knowledge base's commands; :mod:`daneshyar.cli.front` is the group the user runs (its options load
# the settings into ``ctx.obj``), and imports this module only for these commands.
commands = click.Group("daneshyar")
cli = commands  # the decorators below read as they always have


def _open(ctx: click.Context, check_embedder: bool = True, recover: bool = False, **overrides) -> KnowledgeBase:
    """The base; with ``recover``, an update a crash interrupted is finished first (``kb`` commands that
    do not write would otherwise show a base whose newest documents are not searchable)."""
    def opened() -> KnowledgeBase:
        base = open_knowledge(ctx.obj, _Progress("indexing"), check_embedder, **overrides)
        if recover and base.recover():
            click.echo("finished an update that was interrupted earlier", err=True)
        return base

    return _guard(opened)


def _guard(fn):
    """Run ``fn`` turning the errors that carry a sentence for the user into one-line click errors."""
    try:
        return fn()
    except KNOWLEDGE_ERRORS as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@click.argument("query")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="How many passages.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def search(ctx: click.Context, query: str, k: int, mode: str, json_: bool) -> None:
    """Print the passages ranked best for QUERY.

    Example usage:

        daneshyar search "لنت کی اومد؟" -k 3 --json
    """
    kb = _open(ctx)
    hits = _guard(lambda: kb.search(query, k, mode))
    if json_:
        echo_json({
            "query": query,
            "mode": mode,
            "results": [
                {"rank": i, "score": round(h.score, 4), "doc": h.chunk.doc_id, "title": h.chunk.title,
                 "section": h.chunk.heading_path, "page": h.chunk.page, "chunk_id": h.chunk.id, "text": h.chunk.text}
                for i, h in enumerate(hits, 1)
            ],
        })
        return
    if not hits:
        click.echo("(no results)")
    for i, h in enumerate(hits, 1):
        click.secho(f"{i}. [{h.score:.3f}] {h.chunk.id}  {source_line(h.chunk.title, h.chunk.heading_path, h.chunk.page)}", bold=True)
        click.echo(h.chunk.text)
        click.echo()


@cli.command()
@click.argument("question")
@click.option("--context", "context", multiple=True, metavar="EARLIER_QUESTION",
              help="An earlier question of the thread (repeatable, oldest first): QUESTION may follow it up.")
@click.option("--llm/--no-llm", "use_llm", default=True, show_default=True,
              help="Write the answer with the configured language model (DANESHYAR_LLM_URL), checked sentence by "
                   "sentence; without one configured, or with --no-llm, the extractive answer.")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def ask(ctx: click.Context, question: str, context: tuple[str, ...], use_llm: bool, json_: bool) -> None:
    """Answer QUESTION from the course material, quoting and citing it.

    Persian, Finglish or English; a follow-up ("و VGG چی؟", "چرا؟") is read against
    the earlier questions given with --context.

    Example usage:

        daneshyar ask "چرا از کانولوشن 1x1 استفاده میکنن؟"
        daneshyar ask --context "AlexNet چند لایه داره؟" "و VGG چی؟"
    """
    kb = _open(ctx)
    settings: settings_mod.Settings = ctx.obj
    response = _guard(lambda: respond(kb, question, context, model=use_llm and bool(settings.model_config())))
    if response.calculated is not None:
        _show_calculation(response.calculated, json_)
        return
    answer = response.answer
    generated = _generate(settings, kb, answer) if response.rewrite else None
    shown = generated_text(generated.text, generated.model, answer) if generated and generated.used \
        else answer_text(answer)
    if json_:
        echo_json({
            "question": answer.question,
            "kind": answer.kind,
            "resolved_question": answer.resolved_question or answer.question,
            "answered": answer.answered,
            "answer": shown,
            "confidence": answer.confidence,
            "sources": _sources(answer),
            **({"verified": {"id": answer.verified.id, "answer": answer.verified.answer, "role": answer.verified.role,
                             "date": answer.verified.date, "status": answer.verified.status}}
               if answer.verified is not None else {}),
            "generated": bool(generated and generated.used),
            **({"generation": _generation_json(generated)} if generated else {}),
        })
        return
    click.echo(shown)


def _generate(settings: settings_mod.Settings, kb: KnowledgeBase, answer) -> Generated:
    """The model's checked answer (``respond`` decided that the model rewrites this one)."""
    model = model_client(settings)
    try:
        return rewrite(answer, model, kb)
    finally:
        model.close()


def _generation_json(generated: Generated) -> dict:
    return {"model": generated.model, "model_s": round(generated.model_s, 3), "check_ms": round(generated.check_ms, 1),
            "used": generated.used, "fallback": generated.fallback,
            "sentences": [{"text": c.text, "citations": list(c.cites), "passed": c.passed, "why": c.why}
                          for c in generated.sentences]}


def _sources(answer) -> list[dict]:
    return [{"doc": c.doc, "title": c.title, "section": c.section, "page": c.page, "chunk_id": c.chunk_id,
             "quote": c.quote, "text": c.text} for c in answer.citations]


def _show_calculation(calculated, json_: bool) -> None:
    """A calculation asked in a sentence: the number, the working, and where the course teaches it."""
    shown = calculated.as_answer()
    if json_:
        echo_json({"question": calculated.question, "kind": shown.kind,
                   "resolved_question": calculated.resolved, "answered": True,
                   "answer": "\n\n".join(shown.quotes), "calculation": calculated.to_json(),
                   "sources": _sources(shown)})
        return
    click.echo("\n\n".join(shown.quotes))
    for citation in shown.citations:
        click.echo(f"\n{FROM_SOURCES}\n«{citation.quote}»\n{source_line(citation.title, citation.section, citation.page)}")


@cli.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@click.option("--json", "json_", is_flag=True, help="Print JSON (with every question's outcome).")
@click.pass_context
def eval_(ctx: click.Context, file: Path, mode: str, json_: bool) -> None:
    """Score retrieval and answers on a question file (JSON lines, ../shared/eval/README.md).

    Retrieval: Recall@1/5/10 and MRR@10 of the passages.  Answers, per "style": the
    answer contains one of "any"; "covered": false is refused; "noise": true is
    recognised as not a question; "context" makes a follow-up.

    Example usage:

        daneshyar --kb /tmp/course kb add ../shared/corpus
        daneshyar --kb /tmp/course eval ../shared/eval/dev_styles.jsonl
    """
    from knowledge.evaluation import EvalQuestion, evaluate, evaluate_answers, load_cases

    cases = _guard(lambda: load_cases(file))
    kb = _open(ctx)
    facts = [EvalQuestion(c.q, c.any) for c in cases if c.any and not c.context]
    retrieval = _guard(lambda: evaluate(facts, lambda q, k: kb.search(q, k, mode)))
    def answer(question: str, context):  # as ask answers: a calculation asked in a sentence is computed
        return respond(kb, question, context).answer

    answers = _guard(lambda: evaluate_answers(cases, answer, lambda q, k: kb.search(q, k)))
    if json_:
        echo_json({"file": str(file), "mode": mode, **asdict(retrieval),
                   "answers": asdict(answers)})
        return
    click.echo(f"questions  {retrieval.questions}")
    click.echo(f"Recall@1   {retrieval.recall_at_1:.3f}")
    click.echo(f"Recall@5   {retrieval.recall_at_5:.3f}")
    click.echo(f"Recall@10  {retrieval.recall_at_10:.3f}")
    click.echo(f"MRR@10     {retrieval.mrr_at_10:.3f}")
    for r in retrieval.per_question:
        if not r.rank or r.rank > 5:
            click.echo(f"  not in top 5: {r.q}")
    click.echo(f"answers    {answers.ok}/{answers.cases} as expected")
    click.echo(f"  fact in answer {answers.fact_in_answer:.3f}, wrongly refused {answers.wrongly_refused:.3f}, "
               f"off-topic refused {answers.refused_off_topic:.3f}, noise recognised {answers.noise_silent:.3f}")
    for style, score in answers.per_style.items():
        click.echo(f"  {style:<12} {score.ok:>3}/{score.cases:<3} {score.share:.3f}")
    for r in answers.per_case:
        if not r.ok:
            why = "the fact is not in the answer" if r.kind == r.expects else f"expected {r.expects}, got {r.kind}"
            click.echo(f"  [{r.style}] {why}: {r.q}")


@cli.group()
def kb() -> None:
    """Maintain a course's knowledge base (--course NAME; default: the home's own): add, list, remove, rebuild,
    stats; and list the courses."""


kb.add_command(verified)


@kb.command("add", epilog=f"Formats: {registry.cli_help()}.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def kb_add(ctx: click.Context, paths: tuple[Path, ...], json_: bool) -> None:
    """Add files and folders; unchanged files are skipped, changed ones replaced.

    Example usage:

        daneshyar kb add ../shared/corpus slides/lecture-5.pdf chat-export/result.json
    """
    base = _open(ctx)
    try:
        report = base.add(paths)
    except Busy as exc:
        raise click.ClickException(str(exc)) from None
    if json_:
        echo_json({
            "added": report.added, "replaced": report.replaced, "unchanged": report.unchanged,
            "completed": report.completed, "skipped": [asdict(s) for s in report.skipped],
            "notes_gave_way": report.notes_gave_way,
        })
    else:
        click.echo(f"added {len(report.added)}, replaced {len(report.replaced)}, "
                   f"unchanged {len(report.unchanged)}, skipped {len(report.skipped)}")
        if report.completed:
            click.echo(f"already stored, indexing completed now: {', '.join(report.completed)}")
        if report.notes_gave_way:
            click.echo("the built-in notes now give way to the course's own material: answers come from it alone "
                       "(builtin_beside_material = true keeps them answering beside it)")
        for s in report.skipped:
            click.echo(f"  skipped {s.path}: {s.reason}", err=True)
    if report.skipped and not (report.added or report.replaced or report.unchanged or report.completed):
        ctx.exit(1)


@kb.command("list")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def kb_list(ctx: click.Context, json_: bool) -> None:
    """List the documents in the knowledge base."""
    docs = _open(ctx, recover=True).documents()
    if json_:
        echo_json({"documents": [asdict(d) for d in docs]})
        return
    for d in docs:
        click.echo(f"{d.id:<40} {d.chunks:>4} chunks  {d.title}  ({d.source})")
    click.echo(f"{len(docs)} documents, {sum(d.chunks for d in docs)} chunks")


@kb.command("remove")
@click.argument("docs", nargs=-1, required=True)
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def kb_remove(ctx: click.Context, docs: tuple[str, ...], json_: bool) -> None:
    """Remove documents by id (see `kb list`), source path, file name (as the bot reports it, e.g. bn2.pdf)
    or an unambiguous prefix of either; a name several files share is listed, not removed."""
    removed, missing, ambiguous = _guard(lambda: _open(ctx).remove(docs))
    if json_:
        echo_json({"removed": removed, "not_found": missing, "ambiguous": ambiguous})
    else:
        click.echo(f"removed {len(removed)}" + (f"; not found: {', '.join(missing)}" if missing else ""))
        for ref, names in ambiguous.items():
            click.echo(f"'{ref}' could be any of: {', '.join(names)} (nothing removed for it)")
    if missing or ambiguous:
        ctx.exit(1)


@kb.command("rebuild")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def kb_rebuild(ctx: click.Context, json_: bool) -> None:
    """Re-analyse and re-embed everything (after changing the embedder or the glossary).

    Example usage:

        daneshyar kb rebuild --embedder st:intfloat/multilingual-e5-small
    """
    base = _open(ctx, check_embedder=False)
    chunks = _guard(base.rebuild)
    if json_:
        echo_json({"chunks": chunks, "embedder": base.embedder.name})
    else:
        click.echo(f"rebuilt: {chunks} chunks with {base.embedder.name}")


@kb.command("courses")
@click.option("--json", "json_", is_flag=True, help="Print JSON (one object per course).")
@click.pass_context
def kb_courses(ctx: click.Context, json_: bool) -> None:
    """The courses of this home, each with its directory and how many documents it has.

    Example usage:

        daneshyar kb courses
        daneshyar --course dl1404 kb add notes/
    """
    rows = []
    for name, home in course_homes(ctx.obj.home).items():
        base = _open(ctx, course=name)
        rows.append({"course": name, "home": str(home), "documents": len(base.documents()),
                     "chunks": base.store.chunk_count()})
        base.close()
    if json_:
        for row in rows:
            echo_json(row)
        return
    for row in rows:
        click.echo(f"{row['course']:<24} {row['documents']:>5} documents  {row['chunks']:>6} chunks  {row['home']}")


@kb.command("stats")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def kb_stats(ctx: click.Context, json_: bool) -> None:
    """Counts and the index in use."""
    base = _open(ctx, recover=True)
    index = base.index()
    docs = base.documents()
    formats: dict[str, int] = {}
    for d in docs:
        formats[d.format] = formats.get(d.format, 0) + 1
    stats = {
        "course": ctx.obj.course,
        "home": str(base.home),
        "documents": len(docs),
        "chunks": base.store.chunk_count(),
        "formats": formats,
        "embedder": index.manifest.embedder if index else None,
        "analyzer": index.manifest.analyzer if index else None,
        "dense_index": index.manifest.dense_index if index else None,
        "indexed_chunks": index.size if index else 0,
        "index_bytes": index.stored_bytes() if index else 0,
        "index_built_at": index.manifest.built_at if index else None,
        # false only while another process is updating (an interrupted update was finished on opening)
        "up_to_date": bool(index) and index.manifest.data_version == base.store.data_version,
        "dense_pending": index.manifest.pending if index else 0,  # passages found by their words only, for now
    }
    if json_:
        echo_json(stats)
        return
    for key, value in stats.items():
        click.echo(f"{key:<15} {value}")


@cli.command()
@click.option("--charts", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Where comparison charts are saved.")
@click.option("--llm/--no-llm", "use_llm", default=True, show_default=True,
              help="Let the configured language model (DANESHYAR_LLM_URL) write the answers, checked.")
@click.pass_context
def chat(ctx: click.Context, charts: Path, use_llm: bool) -> None:
    """The bot's conversation in this terminal: questions, /params, /model, /bottleneck ... (no Telegram).

    Example usage:

        daneshyar chat
        echo "/model lenet5" | daneshyar chat
    """
    from bot import create_conversation
    from bot.console import LOCAL_USER, run

    settings: settings_mod.Settings = ctx.obj
    conversation = _guard(lambda: create_conversation(settings, use_llm=use_llm,
                                                      admin_ids=settings.bot.admin_ids | {LOCAL_USER}))
    run(conversation, charts=charts)


@cli.command()
@click.option("--webhook", "webhook_url", default=None, help="Public HTTPS URL Telegram should post updates to.")
@click.option("--listen", default="127.0.0.1", show_default=True, help="Address the webhook server binds.")
@click.option("--port", type=click.IntRange(1, 65535), default=8443, show_default=True)
@click.pass_context
def bot(ctx: click.Context, webhook_url: str | None, listen: str, port: int) -> None:
    """Run the Telegram bot: long polling, or a webhook with --webhook URL --listen HOST --port N.

    The token comes from TELEGRAM_BOT_TOKEN (or telegram_token in the settings file);
    TELEGRAM_API_URL points it at a self-hosted Bot API server.

    Example usage:

        TELEGRAM_BOT_TOKEN=123:abc DANESHYAR_ADMINS=11111111 daneshyar bot
    """
    import logging

    settings: settings_mod.Settings = ctx.obj
    if not settings.telegram_token:
        from bot.messages import NO_TOKEN

        click.echo(NO_TOKEN, err=True)
        ctx.exit(2)
    from telegram.error import TelegramError

    from bot import create_courses
    from bot.app import ALLOWED_UPDATES, DaneshyarBot, build_application, protect_logs

    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    protect_logs(settings.telegram_token, settings.llm_api_key)
    courses = _guard(lambda: create_courses(settings))  # every course; --course does not apply
    logging.getLogger("daneshyar.bot").info("records in %s", courses.default.state.db.url)  # password shown as ***
    daneshyar_bot = DaneshyarBot(courses)
    app = build_application(daneshyar_bot, settings.telegram_token, settings.telegram_api_url)
    try:
        if webhook_url:
            from bot.app import webhook_secret

            app.run_webhook(listen=listen, port=port, url_path="telegram", webhook_url=webhook_url.rstrip("/") +
                            "/telegram", secret_token=webhook_secret(settings.telegram_token),
                            allowed_updates=ALLOWED_UPDATES)
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except TelegramError as exc:
        raise click.ClickException(str(exc).replace(settings.telegram_token, "<token>")) from None
    finally:
        daneshyar_bot.workers.shutdown()
