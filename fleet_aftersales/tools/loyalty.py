# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Loyalty tiers (忠实客户) from a customer's history: pure rules, no database."""

#: the tiers, lowest first; each above "none" has its thresholds in the company settings
TIERS = ("none", "regular", "loyal", "vip")
#: the months of history a tier is read from
LOYALTY_MONTHS = 24


def threshold_fields(tier):
    """The company fields of ``tier``'s thresholds: (visits, spend)."""
    return f"aftersales_{tier}_min_visits", f"aftersales_{tier}_min_spend"


def get_thresholds(company):
    """``[(tier, min visits, min spend)]`` of ``company``, highest tier first."""
    return [
        (tier, *(company[fname] for fname in threshold_fields(tier)))
        for tier in reversed(TIERS[1:])
    ]


def get_tier(visits, spend, thresholds):
    """The highest tier whose thresholds ``visits`` and ``spend`` both reach."""
    for tier, min_visits, min_spend in thresholds:
        if visits >= min_visits and spend >= min_spend:
            return tier
    return "none"


def thresholds_ascend(thresholds):
    """Each tier asks at least one visit and at least what the tier below asks."""
    ascending = list(reversed(thresholds))
    if any(visits < 1 or spend < 0 for _tier, visits, spend in ascending):
        return False
    return all(
        low[1] <= high[1] and low[2] <= high[2]
        for low, high in zip(ascending, ascending[1:], strict=False)
    )
