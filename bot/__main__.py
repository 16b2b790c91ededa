"""``python -m bot``: the same as the ``mailbot`` command."""

from bot.adapters.cli import main

raise SystemExit(main())
