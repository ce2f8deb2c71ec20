"""The JSON API under /api/v1: the pages' services and permission rules, reached with a personal access token.

blueprint.py holds the blueprint and the gate every request passes (token, rate limit, scope); registry.py the
`operation` decorator that registers a route and its OpenAPI description together; bodies.py and query.py read
input against the same declarations; present.py turns models into JSON; openapi.py builds /api/v1/openapi.json
and docs.py the readable page. One module per resource under routes/.
"""
