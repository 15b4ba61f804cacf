"""One list of audit actions: every action the code writes is an AuditAction, with German words."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings
from django.utils import translation

from accounts.models import AuditAction

AUDIT_CALLS = {"audit_record", "audit_record_many", "_audit"}


def _written_actions() -> dict[str, list[str]]:
    """Every string literal passed as an action to the audit functions, with where it is."""
    found: dict[str, list[str]] = {}
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        relative = path.relative_to(settings.BASE_DIR)
        if relative.parts[0] in (".venv", "var", "bench") or "tests" in relative.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in AUDIT_CALLS:
                continue
            candidates = [keyword.value for keyword in node.keywords if keyword.arg == "action"]
            if name == "_audit" and len(node.args) > 1:
                candidates.append(node.args[1])
            for candidate in candidates:
                for constant in ast.walk(candidate):
                    if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                        found.setdefault(constant.value, []).append(f"{relative}:{constant.lineno}")
    return found


def test_every_action_written_is_in_the_enum():
    unknown = {action: where for action, where in _written_actions().items() if action not in AuditAction.values}
    assert unknown == {}, "add these to AuditAction (accounts/models.py), with a German label"


def test_every_action_has_german_words():
    with translation.override("en"):
        english = {member.value: str(member.label) for member in AuditAction}
    with translation.override("de"):
        untranslated = [member.value for member in AuditAction if str(member.label) == english[member.value]]
    assert untranslated == []


def test_an_unknown_stored_action_is_shown_as_stored():
    assert AuditAction.label_of("retired.action") == "retired.action"
    with translation.override("de"):
        assert AuditAction.label_of("participant.view") == "Daten der:des Teilnehmenden angesehen"
