"""The file storage is chosen by the environment (docs/operations.md, "File storage")."""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 - this virtualenv's python with fixed arguments
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
_SHOW = (
    "import django, json; django.setup(); "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(json.dumps({'class': type(s).__module__ + '.' + type(s).__name__, "
    "'bucket': getattr(s, 'bucket_name', None), 'endpoint': getattr(s, 'endpoint_url', None), "
    "'acl': getattr(s, 'default_acl', 'unset'), 'overwrite': getattr(s, 'file_overwrite', None)}))"
)


def _settings_with(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("REINTEGRA_S3")}
    env.update({"DJANGO_SETTINGS_MODULE": "reintegra.settings", "REINTEGRA_TESTING": "1",
                "REINTEGRA_VAR_DIR": str(tmp_path), **variables})
    return subprocess.run([sys.executable, "-c", _SHOW], cwd=ROOT, env=env, capture_output=True,  # noqa: S603
                          text=True, timeout=120, check=False)


def test_a_shared_directory_by_default(tmp_path):
    answer = _settings_with(tmp_path)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["class"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_an_s3_compatible_bucket_through_django_storages(tmp_path):
    pytest.importorskip("storages")
    answer = _settings_with(tmp_path, REINTEGRA_STORAGE="s3", REINTEGRA_S3_BUCKET="reintegra-files",
                            REINTEGRA_S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert answer.returncode == 0, answer.stderr
    shown = json.loads(answer.stdout)
    assert shown == {"class": "storages.backends.s3.S3Storage", "bucket": "reintegra-files",
                     "endpoint": "http://127.0.0.1:9000", "acl": None, "overwrite": False}


@pytest.mark.parametrize(("variables", "named"), [
    ({"REINTEGRA_STORAGE": "s3"}, "REINTEGRA_S3_BUCKET"),
    ({"REINTEGRA_STORAGE": "ftp"}, "REINTEGRA_STORAGE"),
])
def test_a_bad_storage_setting_stops_the_start(tmp_path, variables, named):
    answer = _settings_with(tmp_path, **variables)
    assert answer.returncode != 0
    assert "ImproperlyConfigured" in answer.stderr and named in answer.stderr
