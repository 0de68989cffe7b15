"""The two bases every wire body derives from, and the error body."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# ``defer_build``: a model's validator is built when it first validates, not when its module is
# imported, so a process pays only for the models it uses (the desk's first frame, a few).


class WireModel(BaseModel):
    """Base for every body: unknown fields from a newer server are ignored, not fatal."""

    model_config = ConfigDict(extra="ignore", frozen=False, defer_build=True)


class StrictBody(BaseModel):
    """Base for request bodies the server accepts: unknown fields are a 422, not silently lost."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class ErrorDetail(WireModel):
    code: str
    message: str
    request_id: str | None = None
    fields: dict[str, str] | None = None


class ErrorBody(WireModel):
    error: ErrorDetail
