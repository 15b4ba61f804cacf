from languages.purposes import OFFERED, Purpose, is_rtl, language_for
from returns import labels
from returns.scoring import QUESTIONS
from returns.survey import ANSWER_TEXTS, QUESTION_TEXTS


def test_every_language_defines_every_key():
    keys = set(labels.LABELS["en"])
    for language, texts in labels.LABELS.items():
        assert set(texts) == keys, language
        assert all(value.strip() for value in texts.values()), language


def test_partner_languages_are_the_working_languages():
    assert set(labels.LANGUAGES) == {"en", "fr", "ar"}
    assert is_rtl("ar") and not is_rtl("fr")


def test_every_question_and_answer_has_wording():
    for question in QUESTIONS:
        assert question.key in QUESTION_TEXTS
        assert set(ANSWER_TEXTS[question.key]) == set(question.options)


def test_survey_language_is_the_first_offered_language_spoken():
    assert language_for(Purpose.SURVEY, ["wo", "ar", "fr"]) == "ar"
    assert language_for(Purpose.SURVEY, ["wo"]) == "en"
    assert {"ar", "fr", "fa", "ps", "ti", "ku"} <= set(OFFERED[Purpose.SURVEY])
    assert language_for(Purpose.SURVEY, ["prs"]) == "fa"  # Dari reads the Persian catalogue
