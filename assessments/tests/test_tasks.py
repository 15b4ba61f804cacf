"""A Skills Profile Tool import as a job: the request keeps the file, the worker records the
assessment (or nothing, with the problems named), and the input does not stay behind."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Assessment, EscoOccupation
from assessments.tasks import ERROR_PARTICIPANT_GONE, skills_profile_import_task
from jobs.models import Job, JobKind, JobStatus
from jobs.services import job_input_store, job_start
from participants.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(counsellor_a):
    return ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)


@pytest.fixture
def on_the_worker(monkeypatch, settings, tmp_path):
    """The view takes the job path (as with a worker); the job still runs here, synchronously."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("assessments.views.jobs_in_background", lambda: True)
    return tmp_path


def _profile(level="basic"):
    tailor = EscoOccupation.objects.get(label_en="tailor")
    return json.dumps({
        "education": [{"level": "ISCED 3", "country": "SY"}],
        "workExperience": [{"occupation": {"uri": tailor.uri, "label": "tailor"}, "years": 3}],
        "skills": [{"label": "Gemüse anbauen", "level": level}],
    }).encode()


def _post(client, participant, content):
    return client.post(reverse("assessments:import_profile", args=[participant.pk]),
                       {"file": SimpleUploadedFile("p.json", content), "assessed_on": "2026-01-10"})


def test_the_import_runs_as_a_job_and_records_the_assessment(client_for, participant, counsellor_a, on_the_worker):
    response = _post(client_for(counsellor_a), participant, _profile())
    job = Job.objects.get(kind=JobKind.SKILLS_PROFILE_IMPORT)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE, job.error
    assessment = Assessment.objects.get(participant=participant)
    assert job.result == {"participant": participant.pk, "assessment": assessment.pk}
    assert (job.done, job.total) == (3, 3)
    assert assessment.origin == "skills_profile_tool" and assessment.education_country == "SY"
    assert not [path for path in on_the_worker.rglob("*") if path.is_file()]  # the input is gone
    assert "Gemüse" not in json.dumps(job.params)  # ids and dates only, never the file's content


def test_a_bad_file_fails_the_job_with_the_problem_and_records_nothing(
    client_for, participant, counsellor_a, on_the_worker
):
    _post(client_for(counsellor_a), participant, _profile(level="super"))
    job = Job.objects.get(kind=JobKind.SKILLS_PROFILE_IMPORT)
    assert job.status == JobStatus.FAILED and "skills[1]/level" in job.error
    assert not Assessment.objects.filter(participant=participant).exists()
    assert not [path for path in on_the_worker.rglob("*") if path.is_file()]


def test_the_worker_checks_again_who_may_see_the_participant(participant, counsellor_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = job_start(kind=JobKind.SKILLS_PROFILE_IMPORT, owner=counsellor_b, task=skills_profile_import_task,
                    params={"participant": participant.pk, "file": job_input_store(content=_profile()),
                            "assessed_on": "2026-01-10", "education_level": None})
    assert job.status == JobStatus.FAILED and job.error == str(ERROR_PARTICIPANT_GONE)
    assert not Assessment.objects.filter(participant=participant).exists()
