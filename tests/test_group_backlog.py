"""A group's answers waiting to be sent are few; the skipped ones are counted once."""

from __future__ import annotations

from bot.adapters.telegram_ui.group_backlog import GroupBacklog


def test_a_group_holds_few_waiting_answers_and_reports_the_skipped_once() -> None:
    backlog = GroupBacklog(limit=2)
    assert backlog.enter(-1) and backlog.enter(-1)
    assert not backlog.enter(-1) and not backlog.enter(-1)  # two skipped
    assert backlog.enter(-2)  # another group has its own room
    assert backlog.leave(-1) == 0  # one still waiting: no note yet
    assert backlog.leave(-1) == 2  # drained: the note counts the skipped
    assert backlog.enter(-1) and backlog.leave(-1) == 0  # counted once only
    assert backlog.leave(-2) == 0
