# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    aftersales_holiday_line_id = fields.Many2one(
        "calendar.public.holiday.line",
        string="Public Holiday",
        index=True,
        readonly=True,
        ondelete="cascade",
        help="The public holiday this day off comes from (kept in step by the holiday sync).",
    )
