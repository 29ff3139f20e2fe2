# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Maintenance-cycle arithmetic, free of the ORM so that it is tested without a database.

A vehicle is due for service at whichever comes first: a calendar date (months after the
last service, or after delivery for the first service) or a mileage (km after the last
service), the mileage being turned into a date by projecting the vehicle's daily mileage.
"""

import math
from collections import namedtuple
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

#: Daily mileage assumed when the odometer history is too short to project one
#: (about 14,600 km a year, a common figure for private cars in China).
DEFAULT_DAILY_KM = 40.0
#: Readings used for the projection: the most recent ones only, so a change of habits shows.
PROJECTION_READINGS = 6
#: The readings must span at least this many days, or the projection is noise.
MIN_PROJECTION_DAYS = 14

Reading = namedtuple("Reading", ["date", "value"])
ServiceDue = namedtuple("ServiceDue", ["date", "odometer", "calendar_date", "mileage_date"])
VehicleSchedule = namedtuple("VehicleSchedule", ["last_service_odometer", "daily_km", "due"])


def add_months(day, months):
    """``day`` plus a whole number of months, clamped to the end of shorter months."""
    return day + relativedelta(months=months)


def project_daily_km(readings, default=DEFAULT_DAILY_KM):
    """Average km a day over the most recent readings.

    :param readings: iterable of ``Reading(date, value)``, in any order.
    :returns: the average, or ``default`` when fewer than two usable readings span
        ``MIN_PROJECTION_DAYS`` days or the odometer did not go forward.
    """
    usable = sorted((r for r in readings if r.date and r.value is not None), key=lambda r: r.date)
    usable = usable[-PROJECTION_READINGS:]
    if len(usable) < 2:
        return default
    first, last = usable[0], usable[-1]
    days = (last.date - first.date).days
    distance = last.value - first.value
    if days < MIN_PROJECTION_DAYS or distance <= 0:
        return default
    return distance / days


def mileage_due_date(due_km, last_reading, daily_km):
    """The day the projected odometer reaches ``due_km``.

    Already past: the day of the reading that passed it. No reading: None.
    """
    if not due_km or not last_reading:
        return None
    remaining = due_km - last_reading.value
    if remaining <= 0:
        return last_reading.date
    if daily_km <= 0:
        return None
    return last_reading.date + timedelta(days=math.ceil(remaining / daily_km))


def next_service_due(
    *,
    interval_months,
    interval_km,
    first_months,
    first_km,
    last_service_date=None,
    last_service_odometer=0.0,
    delivery_date=None,
    last_reading=None,
    daily_km=DEFAULT_DAILY_KM,
):
    """When the next service is due, by date and by mileage, whichever comes first.

    After a service the periodic interval applies, counted from that service. Before any
    service, a car delivered by this dealer is due for its first service (首保) counted
    from the delivery, with the odometer taken as zero at delivery. With neither, nothing
    is due. An interval of zero months or km means "not by that measure".

    :returns: ``ServiceDue(date, odometer, calendar_date, mileage_date)``; ``date`` is
        the earlier of the two dates, each of which may be None.
    """
    if last_service_date:
        months, km, start, start_km = (
            interval_months,
            interval_km,
            last_service_date,
            last_service_odometer,
        )
    elif delivery_date:
        months, km, start, start_km = first_months, first_km, delivery_date, 0.0
    else:
        return ServiceDue(None, 0.0, None, None)
    calendar_date = add_months(start, months) if months else None
    due_km = (start_km or 0.0) + km if km else 0.0
    mileage_date = mileage_due_date(due_km, last_reading, daily_km) if due_km else None
    if mileage_date and mileage_date < start:
        # a reading taken before the service cannot make the next one due before it
        mileage_date = start
    dates = [d for d in (calendar_date, mileage_date) if d]
    return ServiceDue(min(dates) if dates else None, due_km, calendar_date, mileage_date)


def last_service(services):
    """``(date, odometer)`` of the last of ``services`` (``Reading(date, odometer)``):
    the latest date, and the odometer of that day's service, not the highest of all of
    them (a service without an odometer reading has 0: its reading is then looked up
    among the vehicle's odometer readings, see :func:`vehicle_schedule`)."""
    last = max(services, key=lambda s: s.date, default=None)
    return (last.date, last.value or 0.0) if last else (None, 0.0)


def vehicle_schedule(
    readings, plan=None, *, last_service_date=None, last_service_odometer=0.0, delivery_date=None
):
    """A vehicle's service cycle from its history: what ``fleet.vehicle`` stores of it.

    :param readings: the vehicle's ``Reading(date, value)`` list, in any order.
    :param plan: the ``interval_months``, ``interval_km``, ``first_months`` and ``first_km``
        of :func:`next_service_due` as a mapping, or None for a vehicle without a
        maintenance plan (then nothing is due).
    :param last_service_odometer: the odometer of the last service visit; when it is
        missing, the highest reading up to that visit's day stands for it.
    :returns: ``VehicleSchedule(last_service_odometer, daily_km, due)``, ``due`` being a
        ``ServiceDue``.
    """
    if last_service_date and not last_service_odometer:
        # no odometer on the service visit: the last reading up to that day
        last_service_odometer = max(
            (r.value for r in readings if r.date <= last_service_date), default=0.0
        )
    last_service_odometer = last_service_odometer or 0.0
    daily_km = project_daily_km(readings)
    if not plan:
        return VehicleSchedule(last_service_odometer, daily_km, ServiceDue(None, 0.0, None, None))
    due = next_service_due(
        **plan,
        last_service_date=last_service_date,
        last_service_odometer=last_service_odometer,
        delivery_date=delivery_date,
        last_reading=max(readings, key=lambda r: (r.value, r.date)) if readings else None,
        daily_km=daily_km,
    )
    return VehicleSchedule(last_service_odometer, daily_km, due)


def is_valid_call_window(start, end):
    """A preferred call window in hours: both within 0–24 and start before end."""
    return 0.0 <= start <= 24.0 and 0.0 <= end <= 24.0 and start < end


__all__ = [
    "DEFAULT_DAILY_KM",
    "Reading",
    "ServiceDue",
    "VehicleSchedule",
    "add_months",
    "date",
    "is_valid_call_window",
    "last_service",
    "mileage_due_date",
    "next_service_due",
    "project_daily_km",
    "vehicle_schedule",
]
