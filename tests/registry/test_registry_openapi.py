"""The served OpenAPI schema is accurate: schemathesis fuzzes every operation of a running
registry and checks that nothing answers 5xx and every answer matches what the schema declares.

Without enrollment every authenticated operation answers one of its documented errors; the
point here is the unauthenticated and error paths (the signed paths are tested in
``test_registry_http.py``). SQLite only: the schema does not depend on the database.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import BaseSchema
from hypothesis import HealthCheck, given, settings
from registry.conftest import Server
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BaseSchema]:
    folder: Path = tmp_path_factory.mktemp("openapi")
    server = Server(folder / "registry-data", f"sqlite:///{folder / 'registry.sqlite3'}")
    subprocess.run(server.command("init"), check=True, capture_output=True)
    server.start()
    yield schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    server.stop()


def test_every_answer_conforms_to_the_schema(api_schema: BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # every endpoint of protocol §3, §4.4, §5, §8 (with materials), §10, §15 (updates), health and
    # certificate verification
    assert len(operations) == 18
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def fuzz(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        fuzz()
