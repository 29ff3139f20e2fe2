# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odometer plausibility, free of the ORM so that it is tested without a database.

A car's readings go forward with time: a reading is never below one of an earlier day nor
above one of a later day, whatever order they were typed in. Readings of the same day
carry no time (fleet's log has a date only), so they are not ordered against each other.
"""

from collections import namedtuple

#: No car of a dealer's customers reaches it (a taxi does some 100,000 km a year): more is
#: a typing error, most often extra zeros (20,000 typed 2,000,000). Same figure in miles.
MAX_ODOMETER = 1_000_000

Conflict = namedtuple("Conflict", ["is_earlier", "date", "value"])


def find_conflict(days, day, value):
    """The reading of another day that ``value`` on ``day`` contradicts, if any.

    :param days: iterable of ``(date, lowest, highest)``, the car's readings per day.
    :returns: ``Conflict(is_earlier, date, value)``: the highest earlier reading above
        ``value``, else the lowest later reading below it; ``None`` when it fits.
    """
    earlier = [(high, d) for d, _low, high in days if d < day and high > value]
    if earlier:
        high, d = max(earlier)
        return Conflict(True, d, high)
    later = [(low, d) for d, low, _high in days if d > day and low < value]
    if later:
        low, d = min(later)
        return Conflict(False, d, low)
    return None
