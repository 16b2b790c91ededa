"""mailbot: answers e-mail setup questions.

The engine (understanding, matching, answering) lives in this package and knows nothing of
Telegram; front ends in ``bot.adapters`` hold an engine and render its answers.
"""

__version__ = "0.1.0"
