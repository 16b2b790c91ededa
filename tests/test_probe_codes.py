"""The probe's vocabularies: the strings the JSON contract promises, and their relations."""

from __future__ import annotations

import json

import pytest

from bot.probing.codes import ErrorKind, RefusalCode, Severity, Stage


@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_has_a_timeout_kind_that_names_it(stage: Stage) -> None:
    kind = ErrorKind.timeout_in(stage)
    assert kind == f"{stage}-timeout" and kind.is_timeout
    assert kind.timed_out_stage is stage


def test_only_the_timeout_kinds_name_a_stage() -> None:
    assert ErrorKind.TIMEOUT.timed_out_stage is None  # cannot happen: the stage is known
    assert ErrorKind.REFUSED.timed_out_stage is None and not ErrorKind.CERT.is_timeout


def test_values_serialise_as_the_plain_strings() -> None:
    values = [ErrorKind.NOT_PUBLIC, RefusalCode.NOT_MAIL_PORT, Severity.WARNING, Stage.EHLO]
    assert json.dumps(values) == '["not-public", "not-mail-port", "warning", "ehlo"]'
    assert f"{ErrorKind.CONNECT_TIMEOUT}" == "connect-timeout"


def test_a_refusal_of_one_server_is_an_error_kind_of_its_result() -> None:
    # The connector turns these refusals into a result's error_kind.
    for code in (RefusalCode.DNS, RefusalCode.NOT_PUBLIC, RefusalCode.RATE_LIMITED):
        assert ErrorKind(code) == code

