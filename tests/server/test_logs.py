"""The server's log configuration: Python's warnings are log lines in the chosen format."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI, Header, Query

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


def team(team: Annotated[str, Query(max_length=8)]) -> str:  # pragma: no cover - never called
    return team


def test_parameter_aliases_are_read_from_the_routes() -> None:
    """Path, query, header, body and a dependency's parameters, by the names they are read by."""

    router = APIRouter()

    @router.post("/things/{thing_id}")
    def post_thing(  # pragma: no cover - never called
        thing_id: str,
        body: dict[str, str],
        chosen: Annotated[str, Depends(team)],
        key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    ) -> None: ...

    assert logs.parameter_aliases(router.routes) == {"thing_id", "body", "team", "Idempotency-Key"}


def test_only_the_apps_parameter_alias_warnings_are_quieted(app: FastAPI) -> None:
    """create_app ignores the warning for its routes' parameters (a path's, a header's, the
    body's), and no other alias: a contract field's, or a near miss."""
    from pydantic.warnings import UnsupportedFieldAttributeWarning

    set_by_app = [
        f for f in warnings.filters if "'alias' attribute" in str(getattr(f[1], "pattern", ""))
    ]
    assert set_by_app

    def shown(alias: str) -> bool:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            warnings.filters[:0] = set_by_app
            warnings.warn(
                f"The 'alias' attribute with value '{alias}' was provided to the `Field()` "
                "function, which has no effect in the context it was used.",
                UnsupportedFieldAttributeWarning,
                stacklevel=1,
            )
        return bool(seen)

    for alias in ("body", "conversation_id", "account_id", "Idempotency-Key", "Last-Event-ID"):
        assert not shown(alias), alias
    for alias in ("patient_id", "Idempotency-Key-2", "xconversation_id", "bodyx"):
        assert shown(alias), alias
