"""What several test modules share (python-telegram-bot keeps the same in tests/auxil/).

- ``fake_bot_api``: a Telegram Bot API server on 127.0.0.1 that refuses what Telegram refuses (also used by
  benchmarks/bot_load.py);
- ``fake_llm``: an OpenAI-compatible chat server with scripted replies, whole or streamed;
- ``bot``: the people in the bot's chats, a conversation over a knowledge base, the bot running against the fake;
- ``writer``: a real `daneshyar kb add` in a subprocess.

Test modules import from here, never from each other (``tests`` is on ``sys.path``: pyproject's pythonpath).
"""
