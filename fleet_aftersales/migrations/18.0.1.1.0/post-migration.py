# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.1.0: each kind of callback has its own unique index (made by the callback
model's ``init``): the indexes that held several kinds go. The callbacks' expiry counts
from their first due date: existing callbacks get their due date as the best known one."""

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
    for name in OLD_INDEXES:
        # the new per-kind indexes (callback init) enforce the same keys
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
    # ... but the new-car index has kept its name, and the model's init made the new one
    # before this script runs: make it (and any other missing one) again, with its new
    # condition (follow-ups by another channel, which have a parent, are left out)
    api.Environment(cr, SUPERUSER_ID, {})["fleet.aftersales.callback"].init()
    # retries moved date_due: it is the best known first due date of existing callbacks
    cr.execute(
        "UPDATE fleet_aftersales_callback SET date_first_due = date_due"
        " WHERE date_first_due IS NULL"
    )
