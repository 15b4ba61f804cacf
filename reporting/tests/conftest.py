import datetime as dt

import pytest

from participants.tests.factories import ParticipantFactory


@pytest.fixture
def start(counsellor_a):
    """Make a participant who started on a day (default 10 March 2025); all share one
    counsellor, as each new user costs a password hash."""

    def _start(*, on=dt.date(2025, 3, 10), **kwargs):
        kwargs.setdefault("counsellor", counsellor_a)
        kwargs.setdefault("site", counsellor_a.site)
        return ParticipantFactory(intake_date=on, **kwargs)

    return _start
