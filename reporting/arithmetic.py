"""Indicator arithmetic: pure, no Django, exact.

Shares are kept as exact fractions; rounding happens once, when a figure is shown.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def share(*, part: int, whole: int) -> Fraction | None:
    """`part` out of `whole` as an exact fraction; None when `whole` is 0.

    None rather than 0: "nobody started" is not "nobody succeeded", and a page
    must be able to say so.
    """
    if whole < 0 or part < 0:
        raise ValueError(f"Counts cannot be negative: {part} of {whole}.")
    if part > whole:
        raise ValueError(f"A part cannot exceed its whole: {part} of {whole}.")
    if whole == 0:
        return None
    return Fraction(part, whole)


def rounded(value: Fraction, *, places: int) -> Decimal:
    """`value` rounded half up to `places` decimal places (0.125 at 2 places is 0.13).

    Half up, not Python's half-to-even, because that is how readers round by hand.
    """
    if places < 0:
        raise ValueError(f"Cannot round to {places} places.")
    quantum = Decimal(1).scaleb(-places)
    # The integer quotient is exact; only the final step rounds.
    scaled = Fraction(value.numerator * 10**places, value.denominator)
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    return (Decimal(whole) * quantum).quantize(quantum)


def median_of_counts(counts: dict[int, int]) -> Decimal | None:
    """The median of whole numbers given as value → how often; None when there are none.

    With an even number of values it is the mean of the two middle ones (so it may end in .5),
    as PostgreSQL's percentile_cont(0.5) gives it."""
    size = sum(counts.values())
    if size == 0:
        return None
    if any(count < 0 for count in counts.values()):
        raise ValueError("Counts cannot be negative.")
    lower_rank, upper_rank = (size - 1) // 2, size // 2  # 0-based ranks of the middle value(s)
    seen, lower, upper = 0, None, None
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    if lower is None or upper is None:  # unreachable with consistent counts
        raise ValueError("Inconsistent counts.")
    return (Decimal(lower + upper) / 2).quantize(Decimal("0.1"))
