# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.2.0: several shops.

- Opt-outs belong to a shop: the customer's company, else the company of the user who
  recorded it (the new column was filled with the updating user's company).
- Lost customers are lost per shop (``fleet.aftersales.lost.period``): the customers the
  old flag marked lost who got their win-back call get the period of that call, so that
  the daily action does not call them again; the others are found by the next run of the
  lost-customer action, the backlog included.
"""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    cr.execute(
        """
        UPDATE fleet_aftersales_optout o
           SET company_id = COALESCE(
                   (SELECT p.company_id FROM res_partner p WHERE p.id = o.partner_id),
                   (SELECT u.company_id FROM res_users u WHERE u.id = o.user_id),
                   o.company_id)
        """
    )
    if not column_exists(cr, "res_partner", "is_lost_customer"):
        return
    cr.execute(
        """
        INSERT INTO fleet_aftersales_lost_period
               (partner_id, company_id, last_seen_date, lost_since_date,
                create_uid, write_uid, create_date, write_date)
        SELECT DISTINCT ON (c.partner_id, c.company_id)
               c.partner_id, c.company_id, COALESCE(p.last_visit_date, c.reminder_date),
               c.reminder_date, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM fleet_aftersales_callback c
          JOIN res_partner p ON p.id = c.partner_id
         WHERE c.callback_type = 'lost_customer' AND c.parent_id IS NULL
           AND c.reminder_date IS NOT NULL AND p.is_lost_customer
         ORDER BY c.partner_id, c.company_id, c.reminder_date DESC
        ON CONFLICT DO NOTHING
        """
    )
    cr.execute(
        """
        UPDATE fleet_aftersales_callback c
           SET lost_period_id = lp.id
          FROM fleet_aftersales_lost_period lp
         WHERE c.callback_type = 'lost_customer' AND c.parent_id IS NULL
           AND c.lost_period_id IS NULL
           AND lp.partner_id = c.partner_id AND lp.company_id = c.company_id
           AND lp.lost_since_date = c.reminder_date
        """
    )
