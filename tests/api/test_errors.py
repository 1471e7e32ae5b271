"""The API's error answers are JSON and the schema describes them (found by tests/api/test_fuzz.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


_schema: dict[str, Any] = {}


@pytest.fixture
def schema(db: None) -> dict[str, Any]:
    """The schema as a client downloads it, read once per test process."""
    if not _schema:
        response = Client().get(reverse("api:schema"), {"format": "json"})
        assert response.status_code == 200
        _schema.update(response.json())
    return _schema


@pytest.mark.parametrize(
    "address", ["/api/v1/no-such-thing/", "/api/v1/conversations/abc/attachments/", "/api/nothing"]
)
def test_an_address_under_api_that_names_nothing_is_a_json_404(address: str) -> None:
    response = Client().get(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_the_json_404_speaks_the_callers_language() -> None:
    response = Client().get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json() == {"detail": "Non trouvé."}


def test_a_missing_page_outside_the_api_is_still_a_page() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_page_past_the_end_of_a_list_is_a_documented_404(
    schema: dict[str, Any], world: Any
) -> None:
    api = APIClient()
    api.force_authenticate(world.erin)
    response = api.get(reverse("api:enrollment-list"), {"page": 99})
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    documented = schema["paths"]["/api/v1/enrollments/"]["get"]["responses"]
    assert documented["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_every_operation_documents_its_error_answers(schema: dict[str, Any]) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            responses = operation["responses"]
            where = f"{method.upper()} {path}"
            assert {"403", "404", "429"} <= set(responses), where
            assert "Retry-After" in responses["429"]["headers"], where
            if method != "get":
                assert "400" in responses, where
            if "requestBody" in operation:
                assert "415" in responses, where
            for code in ("400", "403", "404", "415", "429"):
                if code in responses:
                    assert responses[code]["content"]["application/json"], where
                    assert responses[code]["description"], where


def test_a_validation_error_matches_its_documented_shape(
    schema: dict[str, Any], world: Any
) -> None:
    api = APIClient()
    api.force_authenticate(world.alice)
    response = api.post(reverse("api:program-list"), {"agency": "agency-a"}, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    shapes = schema["components"]["schemas"]["ValidationError"]["oneOf"]
    assert {shape["type"] for shape in shapes} == {"object", "array"}
