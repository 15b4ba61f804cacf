from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.policy import second_factor_pending

# (url name, label, roles that see it)
_NAVIGATION = [
    ("participants:caseload", _("Caseload"), {Role.MANAGER, Role.COUNSELLOR}),
    ("participants:intake", _("New intake"), {Role.MANAGER, Role.COUNSELLOR}),
    ("scheduling:session_list", _("Sessions"), {Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR}),
    ("scheduling:at_risk", _("Plans at risk"), {Role.MANAGER, Role.COUNSELLOR}),
    ("catalogue:trade_list", _("Catalogue"), {Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR}),
    ("markets:profile_list", _("Labour markets"), {Role.MANAGER, Role.COUNSELLOR}),
    ("returns:due_list", _("Follow-ups due"), {Role.MANAGER, Role.COUNSELLOR}),
    ("returns:organisation_list", _("Organisations"), {Role.MANAGER, Role.COUNSELLOR}),
    ("assessments:tryouts", _("Try-outs"), {Role.INSTRUCTOR}),
    ("training:offline", _("Offline attendance"), {Role.INSTRUCTOR}),
    ("reporting:dashboard", _("Programme figures"), {Role.MANAGER, Role.FUNDER}),
    ("funding:line_list", _("Funding lines"), {Role.MANAGER, Role.FUNDER}),
    ("accounts:administration", _("Administration"), {Role.MANAGER}),
    ("feedback:summary", _("Satisfaction"), {Role.MANAGER}),
    ("privacy:retention", _("Retention"), {Role.MANAGER, Role.DPO}),
    ("privacy:audit", _("Audit trail"), {Role.MANAGER, Role.DPO}),
    ("privacy:erasure", _("Erasure"), {Role.MANAGER, Role.DPO}),
    ("backups:index", _("Backups"), {Role.MANAGER, Role.DPO}),
    ("jobs:list", _("Jobs"), {Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR, Role.FUNDER, Role.DPO}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or second_factor_pending(user):
        return {"nav_items": []}
    role = getattr(user, "role", None)
    items = [
        {"url": reverse(name), "label": label, "active": request.path.startswith(reverse(name))}
        for name, label, roles in _NAVIGATION
        if role in roles
    ]
    return {"nav_items": items}
