# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    aftersales_workday_id = fields.Many2one(
        "fleet.aftersales.public.workday",
        string="Make-up Working Day",
        index=True,
        readonly=True,
        ondelete="cascade",
        help="The make-up working day this one-day attendance comes from (the holiday sync).",
    )
