"""The closed days of a site, from its state and the provider's fixed closing days
(settings.REINTEGRA_CLOSED_DAYS), named in the current language. Session generation, the
optimiser's calendar and the planning proposals ask this one function."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Site
from scheduling.closed_days import closed_days, parse_fixed_days


def site_closed_days(*, site: Site, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Closed days at `site` from `start` to `end` (inclusive), with their names."""
    return closed_days(
        state=site.state,
        start=start,
        end=end,
        language=get_language() or settings.LANGUAGE_CODE,
        fixed=parse_fixed_days(",".join(settings.REINTEGRA_CLOSED_DAYS)),
        fixed_name=_("provider closed"),
    )
