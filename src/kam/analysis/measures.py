"""Arithmetic every analysis shares."""

import math

# A ratio beyond this (10^17 %) only comes from a tiny denominator (a revenue of
# 1e-300, profits that cancel out): it is not shown rather than overflowing.
MAX_RATIO = 1e15


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when that is undefined or absurdly large."""
    if not denominator:
        return None
    value = numerator / denominator
    return value if math.isfinite(value) and abs(value) <= MAX_RATIO else None
