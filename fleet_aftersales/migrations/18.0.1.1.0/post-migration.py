# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.1.0: each kind of callback has its own unique index (made by the callback
model's ``init``): the indexes that held several kinds go."""

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
    for name in OLD_INDEXES:
        # the new per-kind indexes (callback init) enforce the same keys
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
