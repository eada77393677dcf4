"""Daneshyar: Persian answers from deep-learning course material, with live CNN calculations.

The program is three layers, and imports run one way, top to bottom (``lint-imports`` checks it):

* front ends: :mod:`daneshyar.cli` (the ``daneshyar`` command) above :mod:`bot` (Telegram and its console);
* the application, :mod:`daneshyar.application`: settings, the wiring that builds the services from
  them, :func:`~daneshyar.application.respond.respond` (what a message gets), the error classes;
* the domain: :mod:`knowledge` (answers from the material) and :mod:`cnn_demos` (calculations),
  which know nothing of each other or of the layers above.
"""
