from __future__ import annotations

import pytest
from django.utils.translation import to_locale

from languages.catalogues import catalogue_folder, reviewed_by_native_speaker
from languages.purposes import PARTICIPANT_LANGUAGES


@pytest.mark.parametrize("code", [*PARTICIPANT_LANGUAGES, "pt-br", "zh-hans"])
def test_folder_names_agree_with_django(code):
    assert catalogue_folder(code) == to_locale(code)


def test_review_flags_as_the_catalogues_say():
    assert reviewed_by_native_speaker("en")  # the source
    assert not reviewed_by_native_speaker("ar")  # the header says "no" (locale/README.md)
    assert not reviewed_by_native_speaker("xx")  # no catalogue: nobody reviewed it
