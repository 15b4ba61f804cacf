"""The reporting API against its own OpenAPI document, by schemathesis (generated requests, a
bounded number of examples): every answer must be one the document describes."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings

from reporting.openapi import openapi_document

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(openapi_document())
APPLICATION = get_wsgi_application()


@pytest.fixture
def session_cookie(client_for, manager, people_for_contract):
    # Requests go through the real WSGI handler, which closes the database connection after each
    # one; the test's transaction lives on that connection (as django.test.Client, keep it open).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield client_for(manager).cookies["sessionid"].value
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def people_for_contract(start):
    for _ in range(12):
        start()


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_one_the_document_describes(case, session_cookie):
    case.call_and_validate(app=APPLICATION, headers={"Cookie": f"sessionid={session_cookie}"})


def test_without_a_session_the_api_answers_401_json_not_a_login_page(client):
    for name in ("reporting:api_report", "reporting:api_schema"):
        response = client.get(reverse(name))
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert "Log in first" in response.json()["error"]


def test_a_role_without_access_gets_403_json(client_for, counsellor_a):
    response = client_for(counsellor_a).get(reverse("reporting:api_report"))
    assert response.status_code == 403 and "error" in response.json()


def test_start_without_end_is_a_400_naming_end(client_for, manager):
    response = client_for(manager).get(reverse("reporting:api_report") + "?start=2025-01-01")
    assert response.status_code == 400
    assert "end" in response.json()["errors"]
