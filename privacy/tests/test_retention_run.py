"""Retention per funding line: the dry run lists, the run anonymises, the counts stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from certificates.models import Certificate
from funding.selectors import funding_line_list_with_counts
from funding.tests.factories import FundingLineFactory
from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from privacy.selectors import RetentionReason, retention_due_list
from privacy.services import retention_run
from scheduling.models import Enrolment
from training.models import Result

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2001, 3, 1)


@pytest.fixture
def world(counsellor_a, full_participant):
    today = timezone.localdate()
    ended = FundingLineFactory(project_number="ESF-2008-11", final_report_on=dt.date(2010, 6, 30))
    running = FundingLineFactory(project_number="BMZ-2025-02", final_report_on=today - dt.timedelta(days=30))
    unreported = FundingLineFactory(project_number="LAND-2024-07")

    def person(name: str, line, intake: dt.date) -> Participant:
        return ParticipantFactory(first_name=name, last_name="Sample", site=counsellor_a.site,
                                  counsellor=counsellor_a, funding_line=line, intake_date=intake)

    # The ended line's retention counts, however recent the person's own activity.
    full_participant.funding_line = ended
    full_participant.save()
    return {
        "on_ended_line": full_participant,
        "on_ended_line_recent": person("Recent", ended, today - dt.timedelta(days=10)),
        # Old activity, but the line's retention has not ended (or cannot start): kept.
        "on_running_line": person("Running", running, LONG_AGO),
        "on_unreported_line": person("Unreported", unreported, LONG_AGO),
        # No line: the programme-wide rule (10 years after the year of the last activity).
        "no_line_old": person("Oldnoline", None, LONG_AGO),
        "no_line_recent": person("Newnoline", None, today - dt.timedelta(days=10)),
    }


def test_who_is_due_and_why(world):
    due = retention_due_list(today=timezone.localdate(), years=10)
    by_number = {row.case_number: row for row in due}
    expected = {world[key].case_number for key in ("on_ended_line", "on_ended_line_recent", "no_line_old")}
    assert set(by_number) == expected
    assert by_number[world["on_ended_line"].case_number].reason == RetentionReason.FUNDING_LINE
    assert by_number[world["on_ended_line"].case_number].project_number == "ESF-2008-11"
    assert by_number[world["on_ended_line"].case_number].kept_until == dt.date(2020, 6, 30)
    assert by_number[world["no_line_old"].case_number].reason == RetentionReason.PROGRAMME
    assert by_number[world["no_line_old"].case_number].kept_until == dt.date(2011, 12, 31)


def _counts(manager) -> dict[str, object]:
    return {
        "participants": Participant.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "results": Result.objects.count(),
        "certificates": Certificate.objects.count(),
        "per_line": sorted(
            (line.project_number, line.participant_count, line.certificate_count)
            for line in funding_line_list_with_counts(user=manager)
        ),
        "by_country": sorted(Participant.objects.values_list("origin_country", "gender", "site_id")),
    }


def test_the_run_anonymises_the_due_and_keeps_every_count(world, manager):
    before = _counts(manager)
    due = retention_run(today=timezone.localdate(), years=10)
    assert len(due) == 3
    assert _counts(manager) == before
    anonymised = set(Participant.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))
    assert anonymised == {world[key].pk for key in ("on_ended_line", "on_ended_line_recent", "no_line_old")}
    assert not Participant.objects.filter(first_name="Karim").exists()
    assert AuditEntry.objects.filter(action="participant.anonymise", detail__reason="retention").count() == 3
    # A second run finds nobody: the anonymised are done.
    assert retention_run(today=timezone.localdate(), years=10) == []


def test_dry_run_command_lists_case_numbers_lines_and_reasons_without_names(world, capsys):
    call_command("retention_run", "--dry-run")
    out = capsys.readouterr().out
    assert world["on_ended_line"].case_number in out and "ESF-2008-11" in out and "funding_line" in out
    assert world["no_line_old"].case_number in out and "programme" in out
    assert world["on_running_line"].case_number not in out
    for name in ("Karim", "Nazari", "Oldnoline", "Sample"):
        assert name not in out
    assert "Due for anonymisation: 3 participant(s)." in out
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()


def test_the_command_anonymises_for_real(world, capsys):
    call_command("retention_run")
    assert "Anonymised: 3 participant(s)." in capsys.readouterr().out
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 3


def test_dry_run_page_for_the_dpo_and_the_manager(client, client_for, world, dpo, manager, counsellor_a, funder):
    url = reverse("privacy:retention")
    assert client.get(url).status_code == 302
    assert client_for(counsellor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    for user in (dpo, manager):
        body = client_for(user).get(url).content.decode()
        assert world["on_ended_line"].case_number in body and "ESF-2008-11" in body
        assert world["on_running_line"].case_number not in body
        assert "Nazari" not in body
    assert client_for(dpo).post(url).status_code == 405
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()
