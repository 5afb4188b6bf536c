"""The API keeps its OpenAPI contract on generated input (schemathesis, in-process over ASGI).

Every operation of ``/openapi.json`` is called with examples, coverage-phase edge cases and
fuzzed data (valid and invalid), as an admin (so every endpoint is reachable), against a fresh
workspace whose library starts empty. Every response must:

* not be a server error (no 5xx);
* carry a status code the operation documents;
* carry a documented content type, a body that matches the documented schema and the
  documented response headers.

Checks on whether valid data is accepted or invalid data rejected are deliberately not run:
the API validates meaning beyond the JSON schema (metrics consistency, officer keys with one
agency, …), so a schema-valid body may rightly answer 422.

The run is bounded (a fixed seed, derandomized, a few dozen examples per operation) and
offline (no model is configured: drafting and answers are deterministic, the embedder local).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

MAX_EXAMPLES = 30
SEED = 20240601

CONFIG: dict[str, Any] = {
    "seed": SEED,
    "suppress-health-check": [
        "too_slow",
        "filter_too_much",
        "data_too_large",
        "large_base_example",
    ],
    "generation": {
        "mode": "all",  # valid and invalid input: neither may crash the server
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "database": "none",  # nothing written to .hypothesis, no replays between runs
        # the key is sent by the test (below), not generated, so every call is authenticated
        "with-security-parameters": False,
    },
    # the checks are chosen per call (CHECKS); none from the config, none about acceptance
    "checks": {"enabled": False},
    # a call that hangs fails after a minute instead of stalling the run (no response-time
    # check: a slow machine is not an API bug)
    "request-timeout": 60,
}


@dataclass
class SchemaEnv:
    schema: Any  # schemathesis' OpenApiSchema of the app
    workspace: Any
    key_id: int
    token: str

    def renew_key(self) -> None:
        """A new admin key (the generated calls may revoke the one in use)."""
        from assistant.workspace import Role

        self.token, row = self.workspace.create_key("schemathesis", Role.admin)
        self.key_id = row.id


@pytest.fixture(scope="module")
def schema_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SchemaEnv]:
    from assistant.api import create_app
    from assistant.settings import Settings
    from assistant.workspace import Role, Workspace

    home = tmp_path_factory.mktemp("api-schema-home")
    # explicit Nones: a KAOPING_* variable in the environment must not point the run at a
    # model, an embedding service, Chroma or another database
    settings = Settings(home=home, max_upload_mb=1.0, database_url=None, llm_base_url=None,
                        llm_model=None, chroma_url=None, embedding_base_url=None,
                        embedding_model=None)  # fmt: skip
    workspace = Workspace.open(home)
    token, row = workspace.create_key("schemathesis", Role.admin)
    # No batch worker: `POST /v1/batches` is still generated and answers 202, but the queued
    # runs never start, so no background work outlives a request or slows the run.
    app = create_app(settings, workspace=workspace, start_worker=False)
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", app, config=schemathesis.Config.from_dict(CONFIG)
    )
    try:
        yield SchemaEnv(schema, workspace, row.id, token)
    finally:
        # ends the lifespans schemathesis started (ours closes the library and the workspace)
        shutdown_lifespans()


@pytest.fixture(scope="module")
def api_schema(schema_env: SchemaEnv) -> Any:
    return schema_env.schema


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.32's ``from_fixture`` reads and rewrites ``item._nodeid`` (to name each
    operation's subtest), an attribute pytest 9.2 no longer has: give it one to read."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api_keeps_its_schema(case: schemathesis.Case, schema_env: SchemaEnv) -> None:
    env = schema_env
    headers = {"Authorization": f"Bearer {env.token}"}
    response = case.call(headers=headers)
    if (
        case.operation.label == "DELETE /v1/keys/{key_id}"
        and response.status_code == 200
        and response.json().get("id") == env.key_id
    ):
        env.renew_key()  # the case revoked the test's own key: carry on with a new one
    case.validate_response(response, checks=CHECKS, headers=headers)
