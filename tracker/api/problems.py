"""An API refusal that is not a service's: bad JSON, a wrong content type, an unknown parameter, a missing token.

Raised inside the API's views and gate; the blueprint answers it as {"error": {"code", "message", "fields"}} with
its status and headers. A service's ValidationError, ConflictError and PermissionDenied need nothing of this:
tracker.core.errorpages already answers them in JSON on API paths (422, 409, 403).
"""

from __future__ import annotations

from collections.abc import Mapping


class ApiProblem(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = {name: [str(m) for m in messages] for name, messages in (fields or {}).items()}
        self.headers = dict(headers or {})
