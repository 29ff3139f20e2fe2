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


def slot_starts(intervals, duration, step):
    """The slots of ``duration`` inside the working ``intervals`` (in order): they start
    at the beginning of each interval, every ``step``."""
    for interval in intervals:
        start = interval[0]
        while start + duration <= interval[1]:
            yield start
            start += step


def is_slot_start(intervals, start, step):
    """Whether ``start`` is one of the slot starts of the working interval it lies in
    (a time in none of them is for the working hours to refuse)."""
    for interval in intervals:
        if interval[0] <= start < interval[1]:
            return not (start - interval[0]) % step
    return True


def free_slots(intervals, held, advisor_ids, bays, duration, step, after):
    """The slots at or after ``after`` (see :func:`slot_starts`) that a service bay and
    one of ``advisor_ids`` have free, as ``(start, advisor_id)``: the first advisor of
    the list free then (``advisor_ids`` ``[False]``: the bays alone count)."""
    for start in slot_starts(intervals, duration, step):
        end = start + duration
        if start < after or not free_bay(held, bays, start, end):
            continue
        advisor = next((a for a in advisor_ids if not advisor_is_busy(held, a, start, end)), None)
        if advisor is not None:
            yield start, advisor


def first_free_slot(intervals, held, advisor_id, bays, duration, step, after):
    """The first slot of ``duration`` at or after ``after``, inside one of the working
    ``intervals`` (in order), that the advisor and a service bay both have free.

    Slots start at the beginning of each working interval, every ``step``."""
    slots = free_slots(intervals, held, [advisor_id], bays, duration, step, after)
    return next((start for start, _advisor in slots), None)
