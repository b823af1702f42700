"""Statistics for small samples of cases: Wilson intervals and disclosure control."""

from __future__ import annotations

from fractions import Fraction
from math import sqrt
from statistics import NormalDist


def wilson_interval(
    successes: int, n: int, confidence: Fraction | float = 0.95
) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998).

    Unlike the normal ("Wald") interval it behaves for the small samples and
    near-0/near-1 shares that case samples give. The bounds are exactly 0 when
    ``successes == 0`` and exactly 1 when ``successes == n``, as in
    ``scipy.stats.binomtest(...).proportion_ci(method="wilson")``.
    Floats appear only here, as the final output; no threshold depends on them.
    """
    if n <= 0:
        raise ValueError(f"sample size must be positive, got {n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and {n}, got {successes}")
    level = float(confidence)
    if not 0 < level < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    z = NormalDist().inv_cdf(0.5 + 0.5 * level)
    p = successes / n
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    delta = z / denom * sqrt(4 * n * p * (1 - p) + z**2)
    low = 0.0 if successes == 0 else center - delta
    high = 1.0 if successes == n else center + delta
    return low, high


def is_disclosive(n: int, threshold: int = 3) -> bool:
    """Small-numbers rule: a group of 1 to ``threshold - 1`` children is too small to
    describe in words without risk of identifying a child. An empty group discloses nothing.
    """
    if n < 0:
        raise ValueError(f"group size must not be negative, got {n}")
    return 0 < n < threshold
