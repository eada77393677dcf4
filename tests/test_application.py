"""The application layer: one decision on what a message gets, the services built from the settings, and
the bot's command table reaching every front end."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from daneshyar.application.errors import CALCULATION_ERRORS, KNOWLEDGE_ERRORS, SettingsError, UserError
from daneshyar.application.respond import GENERATED, respond
from daneshyar.application.settings import load
from daneshyar.application.wiring import model_client, open_knowledge
from knowledge.types import ANSWER, CALCULATION, NOT_A_QUESTION


def test_respond_decides_once(builtin_kb):
    calculated = respond(builtin_kb, "یه کانولوشن ۳×۳ با ۶۴ فیلتر روی ورودی ۳ کاناله چند پارامتر داره؟", model=True)
    assert calculated.kind == CALCULATION and calculated.calculated is not None and not calculated.rewrite
    answered = respond(builtin_kb, "چرا از کانولوشن 1x1 استفاده میکنن؟")
    assert answered.kind == ANSWER and answered.calculated is None
    assert respond(builtin_kb, "چرا از کانولوشن 1x1 استفاده میکنن؟", model=True).kind == GENERATED
    thanks = respond(builtin_kb, "مرسی 🙏", model=True)
    assert thanks.kind == NOT_A_QUESTION and not thanks.rewrite  # a model never sees a "thanks"


def test_wiring_builds_from_settings(tmp_path):
    settings = load({"DANESHYAR_HOME": str(tmp_path)})
    assert model_client(settings) is None  # no URL: answers stay extractive
    assert open_knowledge(settings).home == tmp_path
    with_model = load({"DANESHYAR_HOME": str(tmp_path), "DANESHYAR_LLM_URL": "http://127.0.0.1:9/v1",
                       "DANESHYAR_LLM_MODEL": "m"})
    client = model_client(with_model)
    assert client.config.model == "m"
    client.close()


def test_error_classes_name_what_carries_a_sentence():
    import cnn_demos
    from cnn_demos.zoo import UnknownModel

    assert issubclass(SettingsError, UserError) and UserError in KNOWLEDGE_ERRORS
    with pytest.raises(UnknownModel) as err:
        cnn_demos.model("no-such-net")
    assert isinstance(err.value, CALCULATION_ERRORS) and not isinstance(err.value, KeyError)


def test_every_bot_command_reaches_telegram_the_console_and_help():
    from telegram.ext import Application, CommandHandler

    from bot.app import DaneshyarBot, Workers
    from bot.commands import COMMANDS, help_text, menu
    from bot.console import LOCAL_USER, handle

    app = Application.builder().token("123:abc").build()
    workers = Workers.create(1)
    DaneshyarBot(SimpleNamespace(), workers).register(app)
    workers.shutdown()
    registered = {name for h in app.handlers[0] if isinstance(h, CommandHandler) for name in h.commands}
    assert registered == set(COMMANDS)
    assert set(menu()) <= set(COMMANDS)
    calls = []

    class Recording:
        def __getattr__(self, method):
            return lambda *args, **kwargs: calls.append((method, args)) or SimpleNamespace(html=method)

    for command in COMMANDS.values():
        if command.run is not None:
            handle(Recording(), f"/{command.name} x")
            assert calls[-1][0] == command.name and LOCAL_USER in calls[-1][1]
            assert (f"/{command.name}" in help_text("bot")) == bool(command.usage)
