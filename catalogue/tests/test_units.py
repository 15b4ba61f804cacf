"""Teaching units: one conversion for modules, meetings and attendance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from catalogue.tests.factories import ModuleFactory
from catalogue.units import minutes_between, teaching_units, teaching_units_from_hours


def test_units_are_45_minutes():
    assert teaching_units(45) == Decimal("1.0")
    assert teaching_units(240) == Decimal("5.3")
    assert teaching_units_from_hours(Decimal("100")) == Decimal("133.3")
    assert minutes_between(dt.time(9, 15), dt.time(12, 0)) == 165
    assert minutes_between(dt.time(12), dt.time(9)) == 0


@pytest.mark.django_db
def test_module_units_use_the_same_conversion():
    module = ModuleFactory(hours=Decimal("37.5"))
    assert module.teaching_units == Decimal("50.0") == teaching_units(Decimal(2250))
