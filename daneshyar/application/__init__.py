"""The application layer: what the front ends (the CLI, the bot) share, above the domain packages.

* :mod:`~daneshyar.application.settings`: one :class:`Settings`, loaded from a table of fields;
* :mod:`~daneshyar.application.wiring`: the knowledge base, calculator and model client built from it;
* :mod:`~daneshyar.application.respond`: one decision on what a message gets (a calculation, a course
  answer a model may rewrite, a refusal, or nothing: not a question);
* :mod:`~daneshyar.application.calculating`: a calculation asked in a sentence;
* :mod:`~daneshyar.application.errors`: the errors a front end shows the user as one sentence.

It imports :mod:`knowledge` and :mod:`cnn_demos`, never :mod:`bot` or :mod:`daneshyar.cli`.
"""
