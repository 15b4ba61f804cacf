from certificates.labels import LANGUAGES as SURVEY_LANGUAGES
from returns import labels
from returns.scoring import QUESTIONS
from returns.survey import ANSWER_TEXTS, QUESTION_TEXTS, survey_language


def test_every_language_defines_every_key():
    keys = set(labels.LABELS["en"])
    for language, texts in labels.LABELS.items():
        assert set(texts) == keys, language
        assert all(value.strip() for value in texts.values()), language


def test_partner_languages_are_the_working_languages():
    assert set(labels.LANGUAGES) == {"en", "fr", "ar"}
    assert labels.is_rtl("ar") and not labels.is_rtl("fr")


def test_every_question_and_answer_has_wording():
    for question in QUESTIONS:
        assert question.key in QUESTION_TEXTS
        assert set(ANSWER_TEXTS[question.key]) == set(question.options)


def test_survey_language_is_the_first_offered_language_spoken():
    assert survey_language(["wo", "ar", "fr"]) == "ar"
    assert survey_language(["wo"]) == "en"
    assert {"ar", "fr", "fa", "prs", "ps", "ti"} <= set(SURVEY_LANGUAGES)
