# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    aftersales_holiday_country_id = fields.Many2one(
        "res.country",
        string="Public Holidays Of",
        help="This calendar follows the country's public holidays (Calendar > Public "
        "Holidays): their days become leaves, their make-up working days (调休) one-day "
        "attendances. Kept in step daily. Empty: the calendar is left as it is.",
    )

    @api.model
    def _cron_aftersales_sync_public_holidays(self):
        """Feed the calendars that follow a country's public holidays from its lists.

        Selects the calendars with ``aftersales_holiday_country_id`` (Odoo's default
        calendar, shared with other apps, is never touched unless told so). Idempotent:
        each leave and make-up attendance points at its holiday line or make-up day
        (the marker); missing ones are created, moved ones updated, those whose day left
        the list removed. A few hundred records a year: one pass, no batches."""
        calendars = self.search([("aftersales_holiday_country_id", "!=", False)])
        for calendar in calendars:
            calendar._aftersales_sync_public_holidays()
        return calendars

    def _aftersales_sync_public_holidays(self):
        """Leaves and make-up attendances of this calendar from its country's holidays
        (national lines only: a province's holiday is not the shop's)."""
        self.ensure_one()
        holidays = self.env["calendar.public.holiday"].search(
            [("country_id", "=", self.aftersales_holiday_country_id.id)]
        )
        lines = holidays.line_ids.filtered(lambda line: not line.state_ids)
        Leaves = self.env["resource.calendar.leaves"]
        leaves = Leaves.search(
            [("calendar_id", "=", self.id), ("aftersales_holiday_line_id", "!=", False)]
        )
        self._aftersales_sync_links(
            leaves, "aftersales_holiday_line_id", lines, self._aftersales_leave_values
        )
        weekdays = {att.dayofweek for att in self.attendance_ids if not att.date_from}
        workdays = holidays.aftersales_workday_ids.filtered(
            lambda day: str(day.date.weekday()) not in weekdays
        )
        attendances = self.env["resource.calendar.attendance"].search(
            [("calendar_id", "=", self.id), ("aftersales_workday_id", "!=", False)]
        )
        self._aftersales_sync_links(
            attendances, "aftersales_workday_id", workdays, self._aftersales_workday_values
        )

    def _aftersales_sync_links(self, current, link_field, sources, get_values):
        """Make ``current`` (records linked by ``link_field``) match ``sources``: one
        set of records per source, from ``get_values(source)`` (a list of values)."""
        by_source = current.grouped(link_field)
        to_create = []
        for source in sources:
            wanted = get_values(source)
            existing = by_source.pop(source, current.browse())
            if len(existing) == len(wanted):
                for record, vals in zip(existing.sorted("id"), wanted, strict=True):
                    changed = {
                        key: value
                        for key, value in vals.items()
                        if record._fields[key].convert_to_write(record[key], record) != value
                    }
                    if changed:
                        record.write(changed)
                continue
            existing.unlink()
            to_create += wanted
        for stale in by_source.values():
            stale.unlink()
        current.create(to_create)

    def _aftersales_leave_values(self, line):
        """The day off of ``line``: its whole day in the calendar's time zone."""
        tz = pytz.timezone(self.tz or "UTC")
        start = tz.localize(datetime.combine(line.date, time.min)).astimezone(pytz.utc)
        return [
            {
                "name": line.name,
                "calendar_id": self.id,
                "company_id": self.company_id.id,
                "resource_id": False,
                "time_type": "leave",
                "date_from": start.replace(tzinfo=None),
                "date_to": (start + timedelta(days=1, seconds=-1)).replace(tzinfo=None),
                "aftersales_holiday_line_id": line.id,
            }
        ]

    def _aftersales_workday_values(self, workday):
        """The make-up working day: that one date worked with the hours of the calendar's
        first working weekday."""
        undated = self.attendance_ids.filtered(
            lambda att: not att.date_from and att.day_period != "lunch" and not att.display_type
        )
        first_day = min(undated.mapped("dayofweek"), default=None)
        return [
            {
                "name": f"{workday.name} ({workday.date})",
                "calendar_id": self.id,
                "dayofweek": str(workday.date.weekday()),
                "hour_from": att.hour_from,
                "hour_to": att.hour_to,
                "day_period": att.day_period,
                "date_from": workday.date,
                "date_to": workday.date,
                "aftersales_workday_id": workday.id,
            }
            for att in undated.filtered(lambda a: a.dayofweek == first_day).sorted("hour_from")
        ]
