"""Writing labour-market profiles: an import makes a new version per country in the file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Max

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from assessments.models import EscoOccupation
from markets.importer import DemandRow, market_file_parse
from markets.models import MarketProfile, MarketProfileVersion, OccupationDemand


def esco_isco_map() -> dict[str, str]:
    return dict(EscoOccupation.objects.values_list("uri", "isco_code"))


@transaction.atomic
def market_import(
    *,
    acting_user: User | None,
    rows: list[DemandRow],
    file_name: str,
    illustrative: bool = False,
    note: str = "",
) -> list[MarketProfileVersion]:
    """Store checked rows: one new version for each country in them. All or nothing."""
    by_country: dict[str, list[DemandRow]] = defaultdict(list)
    for row in rows:
        by_country[row.country].append(row)
    versions = []
    for country in sorted(by_country):
        profile, _created = MarketProfile.objects.select_for_update().get_or_create(country=country)
        latest = profile.versions.aggregate(v=Max("version"))["v"] or 0
        version = MarketProfileVersion(
            profile=profile, version=latest + 1, illustrative=illustrative, file_name=file_name[:200],
            note=note[:300], imported_by=acting_user,
        )
        version.full_clean()
        version.save()
        demands = [
            OccupationDemand(
                version=version, isco_code=row.isco_code, esco_uri=row.esco_uri, occupation=row.occupation,
                level=row.level, score=row.score, work_mode=row.work_mode, source=row.source,
                source_date=row.source_date,
            )
            for row in by_country[country]
        ]
        for demand in demands:
            demand.full_clean(exclude=["version"])
        OccupationDemand.objects.bulk_create(demands)
        audit_record(
            actor=acting_user, action=AuditAction.MARKET_IMPORT, target=version,
            detail={"country": country, "version": version.version, "rows": len(demands),
                    "illustrative": illustrative},
        )
        versions.append(version)
    return versions


def market_import_file(
    *, acting_user: User | None, content: bytes, file_name: str, today: dt.date, illustrative: bool = False,
    note: str = "",
) -> list[MarketProfileVersion]:
    """Parse and store a file; MarketFileError (nothing written) if any row is bad."""
    rows = market_file_parse(content=content, file_name=file_name, today=today, esco_isco=esco_isco_map())
    return market_import(
        acting_user=acting_user, rows=rows, file_name=file_name, illustrative=illustrative, note=note
    )
