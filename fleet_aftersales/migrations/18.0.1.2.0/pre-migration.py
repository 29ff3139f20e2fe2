# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.2.0: a win-back call is keyed by its lost-customer period (one per customer,
shop and absence), no longer by customer and date: the old index goes, the callback
model's ``init`` makes the new one."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS fleet_aftersales_callback_lost_customer_uniq")
