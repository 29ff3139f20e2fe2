# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CalendarPublicHoliday(models.Model):
    _inherit = "calendar.public.holiday"

    aftersales_workday_ids = fields.One2many(
        "fleet.aftersales.public.workday",
        "public_holiday_id",
        string="Make-up Working Days",
        help="Weekend days worked to make up for the holidays (调休上班).",
    )
