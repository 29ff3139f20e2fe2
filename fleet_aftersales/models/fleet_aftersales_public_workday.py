# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FleetAftersalesPublicWorkday(models.Model):
    """A make-up working day (调休上班) of a country's public holiday list: a weekend day
    worked to make up for a holiday. OCA's ``calendar_public_holiday`` knows days off
    only; the working calendars that follow the list get an attendance on these days."""

    _name = "fleet.aftersales.public.workday"
    _description = "Make-up Working Day"
    _order = "date"

    public_holiday_id = fields.Many2one(
        "calendar.public.holiday",
        string="Public Holidays",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date = fields.Date(required=True)
    name = fields.Char(required=True, help="The holiday it makes up for (as the list names it).")

    _sql_constraints = [
        (
            "date_uniq",
            "UNIQUE(public_holiday_id, date)",
            "A make-up working day is listed once per holiday list.",
        )
    ]

    @api.constrains("date", "public_holiday_id")
    def _check_year(self):
        for workday in self:
            if workday.date.year != workday.public_holiday_id.year:
                raise ValidationError(
                    self.env._(
                        "The make-up working day %(date)s is not in %(year)s.",
                        date=workday.date,
                        year=workday.public_holiday_id.year,
                    )
                )
