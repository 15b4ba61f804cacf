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
