"""Cases generated from the API's OpenAPI description (schemathesis), sent as a principal with
a bearer token to the school of the test world: no answer is a 500, and every documented answer
matches its schema. Bounded (FUZZ_EXAMPLES per operation), and the operations dealt out to SHARDS
tests that parallel workers share; `FUZZ_EXAMPLES=200 pytest tests/test_api_fuzz.py` digs
deeper."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as fuzzing
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from kombel.schools.enums import Role
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
SHARDS = 6
# Logging this very client out would leave the rest of the run anonymous.
SKIPPED = {("DELETE", "/api/v1/auth/token")}


@pytest.mark.parametrize("shard", range(SHARDS))
def test_generated_requests_get_no_500_and_answers_match_the_schema(client, world, shard):
    principal = world.own.users[Role.PRINCIPAL]
    token = client.post(
        "/api/v1/auth/token",
        {"username": principal.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    # As Django's test client does: the test's transaction outlives each request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        failures = _fuzz(world.own.school.npsn, headers, shard)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    assert failures == [], "\n\n".join(failures)


def _fuzz(npsn: str, headers: dict[str, str], shard: int) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    for index, result in enumerate(schema.get_all_operations()):
        operation = result.ok()
        if index % SHARDS != shard or (operation.method.upper(), operation.path) in SKIPPED:
            continue
        fixed = {"npsn": npsn} if "{npsn}" in operation.path else None
        strategy = operation.as_strategy(path_parameters=fixed)

        @given(case=strategy)
        @fuzzing(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # each operation's first failure
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:3000])
    return failures
