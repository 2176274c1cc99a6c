"""The API fuzzed from its own OpenAPI description (schemathesis on hypothesis): valid
and invalid bodies for every route; no answer is a 500, every status and content type is
one the description declares, and every error is ``{"error": "one line"}``.

Bounded in time: a few dozen examples per route, about half a minute in all.
"""

from __future__ import annotations

import json
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from zhfix.web import Limits, create_app

app = create_app(Limits(jobs=1, max_pages=2, timeout=20))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
MULTIPART = {"/api/decode", "/api/pdf"}


#: (route, status) -> answers seen, for the summary at the end
SEEN: Counter[tuple[str, int]] = Counter()


@schemathesis.check
def errors_are_one_line_of_json(ctx, response, case):  # type: ignore[no-untyped-def]
    """A 4xx says what was wrong in one line, and nothing else."""
    SEEN[(case.operation.path, response.status_code)] += 1
    if response.status_code >= 400:
        body = json.loads(response.content)
        assert isinstance(body, dict) and list(body) == ["error"], body
        assert isinstance(body["error"], str) and body["error"].strip(), body
        assert "\n" not in body["error"], body
        assert 400 <= response.status_code < 500, (response.status_code, body)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail(case) -> None:  # type: ignore[no-untyped-def]
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        errors_are_one_line_of_json,
    ]
    if case.operation.path not in MULTIPART:
        # An upload's "file" is any bytes: schemathesis's "wrong type" for it is not wrong.
        checks.append(negative_data_rejection)
    case.call_and_validate(checks=checks)


def test_the_fuzzing_reached_every_route_and_got_no_server_error() -> None:
    routes = {route for route, _ in SEEN}
    assert {"/api/fix", "/api/restore", "/api/detect", "/api/pdf", "/api/decode"} <= routes
    assert not any(status >= 500 for _, status in SEEN)
    print("\nfuzz answers:", ", ".join(f"{r} {s}: {n}" for (r, s), n in sorted(SEEN.items())))
