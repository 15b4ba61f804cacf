"""Catalogue texts per participant language: the translation if there is one, else English
(marked as a fallback), never German; the demo drafts load unreviewed and never overwrite."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from catalogue.models import Module, ModuleTranslation, TradeTranslation
from catalogue.tests.factories import ModuleFactory
from languages.purposes import PARTICIPANT_LANGUAGES as PORTAL_LANGUAGES


@pytest.mark.django_db
def test_title_per_language_with_an_english_fallback_never_german():
    module = ModuleFactory(title_de="Grundlagen Maschinennähen", title_en="Machine sewing basics",
                           learning_outcomes_de="nähen", learning_outcomes_en="sew")
    ModuleTranslation.objects.create(module=module, language="ti", title="መሰረታት ብማሽን ምስፋይ")
    assert module.title_in("de").text == "Grundlagen Maschinennähen"
    assert module.title_in("en").text == "Machine sewing basics" and not module.title_in("en").fallback
    assert module.title_in("ti").text == "መሰረታት ብማሽን ምስፋይ" and not module.title_in("ti").fallback
    for language in PORTAL_LANGUAGES:
        if language in ("de", "en", "ti"):
            continue
        shown = module.title_in(language)
        assert (shown.text, shown.language, shown.fallback) == ("Machine sewing basics", "en", True), language
        assert module.learning_outcomes_in(language).text == "sew"
    # An empty translated title (outcomes only) still falls back for the title.
    ModuleTranslation.objects.create(module=module, language="ar", learning_outcomes="خياطة")
    fetched = Module.objects.prefetch_related("translations").get(pk=module.pk)
    assert fetched.title_in("ar").fallback and fetched.learning_outcomes_in("ar").text == "خياطة"
    with translation.override("ti"):
        assert module.title == "መሰረታት ብማሽን ምስፋይ"


@pytest.mark.django_db
def test_the_template_marks_the_fallback_as_english():
    module = ModuleFactory(title_de="Grundlagen", title_en="Basics <b>")
    template = Template("{% load catalogue_tags %}{% module_title module %}")
    with translation.override("fa"):
        html = template.render(Context({"module": module}))
    assert html.startswith('<span lang="en" dir="ltr" class="fallback">Basics &lt;b&gt;</span>')
    assert "به انگلیسی" in html  # the note in the reader's language
    with translation.override("de"):
        assert Template("{% load catalogue_tags %}{% module_title module %}").render(
            Context({"module": module})) == "Grundlagen"


@pytest.mark.django_db
def test_only_participant_languages_can_be_stored():
    module = ModuleFactory()
    for language in ("de", "en", "xx", ""):
        with pytest.raises(ValidationError) as error:
            ModuleTranslation(module=module, language=language, title="t").full_clean()
        assert "language" in error.value.error_dict


@pytest.mark.django_db
def test_the_demo_catalogue_loads_its_drafts_unreviewed_and_keeps_edits():
    call_command("load_catalogue", verbosity=0)
    assert ModuleTranslation.objects.count() == 20 * 11 and TradeTranslation.objects.count() == 5 * 11
    assert not ModuleTranslation.objects.filter(reviewed_by_native_speaker=True).exists()
    edited = ModuleTranslation.objects.get(module__code="SEW-101", language="ar")
    edited.title, edited.reviewed_by_native_speaker = "عنوان راجعه متحدث أصلي", True
    edited.save()
    call_command("load_catalogue", verbosity=0)
    edited.refresh_from_db()
    assert edited.title == "عنوان راجعه متحدث أصلي" and edited.reviewed_by_native_speaker
    assert Module.objects.get(code="SEW-101").title_in("ar").text == "عنوان راجعه متحدث أصلي"
