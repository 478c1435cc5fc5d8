"""schemathesis against the API's own OpenAPI schema: every operation, a few examples each,
schema-valid (positive) and schema-breaking (negative) requests, all of schemathesis' checks."""

from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

BOUNDED = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# A schema-valid request may still name a record that does not exist (`person=nobody`) or
# give an empty date range (date_after later than date_before): the API answers those 400,
# as the pages do, with a body naming the parameter. Every other check runs as shipped.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "400", "404", "429"]}
        }
    }
)


@pytest.fixture
def unthrottled(settings):
    settings.API_ANON_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_conforms_to_the_schema(seeded, wsgi_app, unthrottled, mode, capsys):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16  # list and detail of 8 kinds
    statuses = Counter()
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            response = case.call_and_validate()  # raises on any failed check
            statuses[response.status_code] += 1

        try:
            check()
        except Unsatisfiable:  # nothing in this operation can be sent schema-breaking
            assert mode == GenerationMode.NEGATIVE
    with capsys.disabled():
        print(
            f"\nschemathesis {mode.value}: {len(operations)} operations, "
            f"{statuses.total()} cases, 0 failures; statuses {dict(sorted(statuses.items()))}"
        )
    assert statuses.total() > (100 if mode == GenerationMode.POSITIVE else 30)
