import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry, Role, User

pytestmark = pytest.mark.django_db


def test_creates_a_manager_with_a_checked_password(monkeypatch):
    monkeypatch.setenv("REINTEGRA_MANAGER_PASSWORD", "a-long-enough-passphrase-19")
    call_command("create_manager", "leitung", "--email", "leitung@example.org")
    user = User.objects.get(username="leitung")
    assert user.role == Role.MANAGER and user.check_password("a-long-enough-passphrase-19")
    assert AuditEntry.objects.filter(action="user.create").count() == 1
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_manager", "leitung")


def test_a_weak_password_is_refused_and_nothing_is_written(monkeypatch):
    monkeypatch.setenv("REINTEGRA_MANAGER_PASSWORD", "12345")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_manager", "leitung")
    assert not User.objects.filter(username="leitung").exists()
