# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""When to call a customer again, free of the ORM.

Times are naive local datetimes of the customer (the caller converts from and to UTC).
The seeds call between 10:00–11:30 and 14:00–17:00 unless the customer asked otherwise:
without a window of the customer's, the default window 10:00–17:00 applies.
"""

from datetime import datetime, time, timedelta

DEFAULT_WINDOW = (10.0, 17.0)
#: After a missed call, try again this much later when the window is still open.
RETRY_DELAY = timedelta(hours=2)


def float_to_time(hours):
    """14.5 -> 14:30 (24.0 -> 23:59, the end of the day)."""
    if hours >= 24.0:
        return time(23, 59)
    minutes = round(hours * 60)
    return time(minutes // 60, minutes % 60)


def next_call_slot(now, window_start=None, window_end=None, retry_delay=RETRY_DELAY):
    """The next moment inside the call window after a call at ``now`` went unanswered.

    Still inside today's window after the retry delay: that moment. Before today's
    window: its start. Otherwise: the start of tomorrow's window.
    """
    if not (window_start or window_end) or window_start >= window_end:
        window_start, window_end = DEFAULT_WINDOW
    start, end = float_to_time(window_start), float_to_time(window_end)
    today_start = datetime.combine(now.date(), start)
    today_end = datetime.combine(now.date(), end)
    if now < today_start:
        return today_start
    retry = now + retry_delay
    if retry <= today_end:
        return retry
    return today_start + timedelta(days=1)


#: The whole day: a window that only the working time restricts (a time the customer named).
WHOLE_DAY = (0.0, 24.0)


def window_intervals(work_intervals, window_start=None, window_end=None):
    """The moments to call: the working intervals (naive local ``(start, end)`` pairs of
    the working calendar, lunch break and holidays already left out) cut to the call
    window, day by day.

    No window of the customer's: the default call hours. A customer's window that meets
    no working hours of a day (an evening window, the seeds' 客户特别要求) is kept whole on
    that working day: the calendar then only decides which days are call days.
    """
    if not (window_start or window_end) or window_start >= window_end:
        window_start, window_end = DEFAULT_WINDOW
    by_day = {}
    for start, end in work_intervals:
        by_day.setdefault(start.date(), []).append((start, end))
    result = []
    for day, intervals in sorted(by_day.items()):
        low = datetime.combine(day, float_to_time(window_start))
        high = datetime.combine(day, float_to_time(window_end))
        cut = [(max(s, low), min(e, high)) for s, e in intervals if max(s, low) < min(e, high)]
        result.extend(cut or [(low, high)])
    return result


def next_call_time(now, intervals, retry_delay=None):
    """The first moment at or after ``now`` inside ``intervals`` (sorted naive local
    ``(start, end)`` pairs), or ``None`` past the last one.

    With ``retry_delay`` (a call at ``now`` went unanswered): inside an interval, that
    much later when it is still callable, else the next interval's start; before an
    interval, its start.
    """
    inside = any(start <= now < end for start, end in intervals)
    earliest = now + retry_delay if retry_delay and inside else now
    for start, end in intervals:
        if earliest < end:
            return max(start, earliest)
    return None
