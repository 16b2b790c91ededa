"""What must outlive one process: chat settings, a group's own answers, statistics, the
update journal, shared rate limits. ``store.py`` is the interface; SQLite and Redis back it."""
