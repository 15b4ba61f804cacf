"""Every page that shows a person's data writes an audit entry naming them.

No hand-kept list: every named URL (the access matrix's world and addresses) is opened
with GET by each persona its policy allows for site A's records. A page whose answer
shows site A's participant (case number or name) must have written an audit entry that
names that participant — in `participant_ref`, or among the ids of a bulk read.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from accounts.models import AuditEntry, Role
from accounts.policy import policy_of
from accounts.tests.login import force_login_verified
from accounts.tests.test_access_matrix import KWARGS, _named_patterns
from accounts.tests.test_access_matrix import world as world  # noqa: PLC0414 - the fixture, shared

# who may read site A's records, per role (the persona fixtures of conftest.py)
READERS: dict[str, str] = {
    Role.MANAGER: "manager",
    Role.COUNSELLOR: "counsellor_a",
    Role.INSTRUCTOR: "instructor_a",
    Role.DPO: "dpo",
    Role.FUNDER: "funder",
}


def _names_participant(entry: AuditEntry, pk: int) -> bool:
    return entry.participant_ref == pk or pk in (entry.detail or {}).get("participants", [])


@pytest.mark.django_db
def test_every_page_showing_a_person_audits_the_read(world, request):  # noqa: F811 - the imported fixture
    person = world["a"]["participant"]
    secrets = [person.case_number, person.first_name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    checked, missing = [], []
    for name, pattern in _named_patterns(get_resolver()):
        policy = policy_of(pattern.callback)
        if policy is None or policy.public:
            continue
        for role in policy.roles:
            if role not in READERS:
                continue
            user = request.getfixturevalue(READERS[role])
            force_login_verified(client, user)
            url = reverse(name, kwargs=KWARGS[name](world["a"]))
            last = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
            response = client.get(url)
            if response.status_code != 200 or name == "accounts:logout":
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if not any(secret.encode() in body for secret in secrets):
                continue
            checked.append(f"{name} as {role}")
            if not any(_names_participant(entry, person.pk) for entry in AuditEntry.objects.filter(sequence__gt=last)):
                missing.append(f"GET {name} as {role}")
    assert checked, "no page showed the participant: the world is wrong"
    print("pages that showed the participant:", checked)
    assert missing == [], f"shown without an audit entry naming the participant: {missing}"
