"""The Telegram front end: thin handlers around the engine (python-telegram-bot 22)."""
