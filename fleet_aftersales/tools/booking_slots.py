# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The capacity of a shop's booking slots, free of the ORM.

A shop takes at most ``bays`` bookings at once (its service bays) and an advisor one at a
time. ``held`` is what the shop's bookings already hold: ``(start, end, advisor_id, bay)``
tuples, with datetimes comparable with the ones asked about (the caller picks UTC or
local, aware or naive, for all of them alike).
"""


def overlapping(held, start, end):
    """The held bookings whose time overlaps ``[start, end)``."""
    return [booking for booking in held if booking[0] < end and start < booking[1]]


def advisor_is_busy(held, advisor_id, start, end):
    return bool(advisor_id) and any(
        booking[2] == advisor_id for booking in overlapping(held, start, end)
    )


def free_bay(held, bays, start, end):
    """The lowest service bay free during ``[start, end)``, or ``None``."""
    taken = {booking[3] for booking in overlapping(held, start, end)}
    return next((bay for bay in range(1, bays + 1) if bay not in taken), None)


def fits(intervals, start, end):
    """Whether ``[start, end)`` lies inside one of ``intervals`` (``(start, end, ...)``)."""
    return any(interval[0] <= start and end <= interval[1] for interval in intervals)


def first_free_slot(intervals, held, advisor_id, bays, duration, step, after):
    """The first slot of ``duration`` at or after ``after``, inside one of the working
    ``intervals`` (in order), that the advisor and a service bay both have free.

    Slots start at the beginning of each working interval, every ``step``."""
    for interval in intervals:
        start = interval[0]
        while start + duration <= interval[1]:
            end = start + duration
            if (
                start >= after
                and not advisor_is_busy(held, advisor_id, start, end)
                and free_bay(held, bays, start, end)
            ):
                return start
            start += step
    return None
