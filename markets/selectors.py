"""Reads about labour-market profiles."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from markets.models import MarketProfile, MarketProfileVersion, OccupationDemand


def market_version_current(*, country: str) -> MarketProfileVersion | None:
    """The newest version for a country, with its profile; None without any."""
    return (
        MarketProfileVersion.objects.select_related("profile")
        .filter(profile__country=country.upper())
        .order_by("-version")
        .first()
    )


def market_profile_list() -> list[dict[str, object]]:
    profiles = MarketProfile.objects.prefetch_related("versions").order_by("country")
    counts = dict(
        OccupationDemand.objects.values_list("version_id").annotate(n=Count("id")).values_list("version_id", "n")
    )
    listing = []
    for profile in profiles:
        versions = sorted(profile.versions.all(), key=lambda v: -v.version)
        current = versions[0] if versions else None
        listing.append({
            "profile": profile, "current": current, "versions": len(versions),
            "occupations": counts.get(current.pk, 0) if current else 0,
        })
    return sorted(listing, key=lambda entry: str(entry["profile"].country_name).casefold())  # type: ignore[attr-defined]


def market_version_demands(*, version: MarketProfileVersion) -> QuerySet[OccupationDemand]:
    return version.demands.order_by("level", "-score", "isco_code")


def market_demand_table(*, version: MarketProfileVersion) -> list[OccupationDemand]:
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(version.demands.all(), key=lambda d: (order[d.level], -(d.score or 0), d.isco_code))
