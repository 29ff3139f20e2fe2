# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.4.0: the rated answers' daily summary (``fleet.aftersales.answer.summary``),
built over the whole history, as the daily action keeps it after (#20)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["fleet.aftersales.answer.summary"]._cron_summarise()
