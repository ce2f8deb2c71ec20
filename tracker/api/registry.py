"""`operation`: one decorator that adds an API route and its OpenAPI description, so neither exists without the
other (tracker.api.openapi builds the document from OPERATIONS; a test checks the document against the URL map).

    @operation("/items/<int:item_id>", summary="One work item", tag="items", response=one(WORK_ITEM_DETAIL))
    def get_item(item_id: int): ...

    @operation("/items", summary="Work items", tag="items", query=(*ITEM_FILTERS, *PAGING), response=page_of(ITEM))
    def list_items(query: dict): ...                       # the declared parameters, read by query.read_query

    @operation("/items/<int:item_id>/updates", "POST", summary=..., tag="updates", body=NEW_UPDATE, status=201,
               response=one(UPDATE), errors=(403, 404, 409, 422))
    def post_item_update(item_id: int, body: dict): ...    # the JSON body, read by bodies.read_json

Every operation also answers 400 (bad parameters or JSON), 401 (no valid token) and 429 (too many requests), and
a writing one 403 for a read-only token; those are added to each description here, not repeated per route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from tracker.api.blueprint import bp
from tracker.api.bodies import Body, read_json
from tracker.api.query import Param, read_query
from tracker.api.schemas import Schema


@dataclass(frozen=True)
class Operation:
    rule: str  # the Flask rule under /api/v1, converters included: "/items/<int:item_id>"
    method: str
    endpoint: str  # "api.<view name>"
    summary: str
    description: str
    tag: str
    query: tuple[Param, ...]
    body: Body | None
    response: Schema | None  # None: an empty answer (204)
    status: int
    errors: tuple[int, ...]
    public: bool  # answered without a token (the OpenAPI document itself)


OPERATIONS: list[Operation] = []


def operation(
    rule: str,
    method: str = "GET",
    *,
    summary: str,
    tag: str,
    response: Schema | None,
    description: str = "",
    query: tuple[Param, ...] = (),
    body: Body | None = None,
    status: int = 200,
    errors: tuple[int, ...] = (),
    public: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def with_input(**kwargs: Any) -> Any:
            # Parameters first, then the body: a request with both wrong hears of the query first.
            values = read_query(query)
            if query:
                kwargs["query"] = values
            if body is not None:
                kwargs["body"] = read_json(body)
            return view(**kwargs)

        bp.add_url_rule(rule, view.__name__, with_input, methods=[method])
        OPERATIONS.append(
            Operation(
                rule=rule,
                method=method,
                endpoint=f"{bp.name}.{view.__name__}",
                summary=summary,
                description=description or (view.__doc__ or "").strip(),
                tag=tag,
                query=query,
                body=body,
                response=response,
                status=status,
                errors=errors,
                public=public,
            )
        )
        return with_input

    return decorator


def operation_for(endpoint: str, method: str) -> Operation | None:
    return next((op for op in OPERATIONS if op.endpoint == endpoint and op.method == method), None)
