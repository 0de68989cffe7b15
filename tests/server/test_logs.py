"""The server's log configuration: Python's warnings are log lines in the chosen format."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator

import pytest

from server.core import logs


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        logging.captureWarnings(False)
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_a_warning_is_a_json_log_line(capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure("info", "json")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("a library's notice", UserWarning, stacklevel=1)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    (line,) = [line for line in lines if line["logger"] == "py.warnings"]
    assert line["level"] == "warning"
    assert "a library's notice" in line["message"]


def test_only_fastapis_parameter_alias_warnings_are_quieted() -> None:
    from pydantic.warnings import UnsupportedFieldAttributeWarning

    def warned(value: str) -> bool:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            logs.quiet_known_warnings()
            warnings.warn(
                f"The 'alias' attribute with value '{value}' was provided to the `Field()` "
                "function, which has no effect in the context it was used.",
                UnsupportedFieldAttributeWarning,
                stacklevel=1,
            )
        return bool(seen)

    for alias in logs.FASTAPI_PARAMETER_ALIASES:
        assert not warned(alias)
    assert warned("patient_id")
    assert warned("Idempotency-Key-2")
