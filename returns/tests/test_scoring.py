from hypothesis import given
from hypothesis import strategies as st

from returns import scoring
from returns.scoring import NO_ANSWER, QUESTIONS

BEST = {q.key: q.options[-1] for q in QUESTIONS}
WORST = {q.key: q.options[0] for q in QUESTIONS}


def test_best_and_worst_answers_give_one_and_zero():
    assert scoring.dimension_scores(BEST) == {"economic": 1.0, "social": 1.0, "psychosocial": 1.0}
    assert scoring.dimension_scores(WORST) == {"economic": 0.0, "social": 0.0, "psychosocial": 0.0}


def test_mean_of_answered_questions_skipping_prefer_not_to_say():
    answers = {**BEST, "work": "occasional", "income": "family", "qualification_use": NO_ANSWER,
               "wellbeing": "okay", "migrate_again": NO_ANSWER}
    scores = scoring.dimension_scores(answers)
    # work 0.5, income 2/3 → mean 0.583…; wellbeing 0.5 alone
    assert scores == {"economic": 0.58, "social": 1.0, "psychosocial": 0.5}


def test_dimension_with_nothing_answered_has_no_score_not_zero():
    answers = {**BEST, "housing": NO_ANSWER, "services": NO_ANSWER}
    assert scoring.dimension_scores(answers)["social"] is None


def test_validate_names_missing_and_unknown_answers():
    answers = {**BEST, "work": "always"}
    del answers["housing"]
    answers["colour"] = "blue"
    assert scoring.validate_answers(answers) == {
        "work": "unknown answer", "housing": "missing", "colour": "unknown question"
    }
    assert scoring.validate_answers(BEST) == {}


def test_change_is_follow_up_minus_baseline():
    assert scoring.change(0.25, 0.75) == 0.5
    assert scoring.change(None, 0.75) is None
    assert scoring.change(0.5, None) is None


answer_sets = st.fixed_dictionaries(
    {q.key: st.sampled_from((*q.options, NO_ANSWER)) for q in QUESTIONS}
)


@given(answer_sets)
def test_scores_match_an_independent_computation(answers):
    scores = scoring.dimension_scores(answers)
    for dimension in scoring.DIMENSIONS:
        values = []
        for question in QUESTIONS:
            if question.dimension != dimension or answers[question.key] == NO_ANSWER:
                continue
            steps = len(question.options) - 1
            values.append(question.options.index(answers[question.key]) / steps)
        expected = round(sum(values) / len(values), 2) if values else None
        assert scores[dimension] == expected
        score = scores[dimension]
        if score is not None:
            assert 0.0 <= score <= 1.0


@given(answer_sets, st.sampled_from(QUESTIONS))
def test_a_better_answer_never_lowers_the_score(answers, question):
    current = answers[question.key]
    if current == NO_ANSWER or current == question.options[-1]:
        return
    better = dict(answers, **{question.key: question.options[question.options.index(current) + 1]})
    after = scoring.dimension_scores(better)[question.dimension]
    before = scoring.dimension_scores(answers)[question.dimension]
    assert after is not None and before is not None and after >= before
