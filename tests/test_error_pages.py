"""403, 404 and 500 are pages in the site's look and the user's language, not Django's
bare English "403 Forbidden" (issue 18)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error


def _german(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    return client


@pytest.mark.django_db
def test_403_is_translated_and_in_the_sites_look(client_for, counsellor_a):
    response = _german(client_for(counsellor_a)).get(reverse("backups:index"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "403 Forbidden" not in body and "<h1>Kein Zugriff</h1>" in body
    assert 'href="/static/css/reintegra.css"' in body and 'lang="de"' in body


@pytest.mark.django_db
def test_404_is_translated_and_in_the_sites_look(client_for, counsellor_a):
    response = _german(client_for(counsellor_a)).get("/keine-solche-seite/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in body and 'href="/static/css/reintegra.css"' in body


def test_500_renders_without_a_request_context():
    with translation.override("de"):
        response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Etwas ist schiefgelaufen</h1>" in body and 'href="/static/css/reintegra.css"' in body
