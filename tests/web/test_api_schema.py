"""schemathesis against the API's OpenAPI document: for requests it generates from the schema,
no response is a server error and every response matches its documented schema. (Each
operation's strategy is driven by hypothesis directly: schemathesis' pytest plugin does not
load under this pytest.)"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.cli.test_e2e import Peksos

pytestmark = pytest.mark.e2e

OPERATIONS = [
    "GET /api/v1/search",
    "GET /api/v1/members/{registration_no}",
    "POST /api/v1/verify",
    "POST /api/v1/bulk",
    "GET /status/{purpose}",
    "GET /.well-known/jwks.json",
    "GET /sth",
]


def api(demo_ledger: Peksos, monkeypatch: pytest.MonkeyPatch) -> schemathesis.BaseSchema:
    from commands.bootstrap import open_ledger
    from commands.web.app import create_app

    monkeypatch.setenv("PEKSOS_KEYS", demo_ledger.env["PEKSOS_KEYS"])
    db = demo_ledger.env["PEKSOS_DB"]
    app = create_app(lambda: open_ledger(db), search_limit="1000000/minute")
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_the_schema_documents_every_operation_of_the_api(
    demo_ledger: Peksos, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = api(demo_ledger, monkeypatch)
    documented = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_generated_request_is_answered_by_its_schema(
    demo_ledger: Peksos, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    schema = api(demo_ledger, monkeypatch)
    method, path = operation.split(" ")
    found = [op.ok() for op in schema.get_all_operations()]
    api_operation = next(op for op in found if (op.method.upper(), op.path) == (method, path))

    @given(case=api_operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    def answered(case: schemathesis.Case) -> None:
        response = case.call()
        assert response.status_code < 500, (case.path_parameters, case.query, response.text)
        case.validate_response(response)

    answered()
