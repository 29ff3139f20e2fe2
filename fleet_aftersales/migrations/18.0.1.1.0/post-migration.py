# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.1.0: the daily action moved to ``fleet.aftersales.callback.generator``, and each
kind of callback has its own unique index."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

OLD_INDEXES = (
    "fleet_aftersales_callback_visit_type_uniq",
    "fleet_aftersales_callback_parent_type_uniq",
    "fleet_aftersales_callback_new_car_uniq",
    "fleet_aftersales_callback_vehicle_reminder_uniq",
    "fleet_aftersales_callback_partner_reminder_uniq",
    "fleet_aftersales_callback_campaign_uniq",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # the cron record is noupdate: point it at the model that now has the method
    cron = env.ref("fleet_aftersales.ir_cron_generate_callbacks", raise_if_not_found=False)
    if cron:
        cron.model_id = env["ir.model"]._get("fleet.aftersales.callback.generator")
    for name in OLD_INDEXES:
        # the new per-kind indexes (callback init) enforce the same keys
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
