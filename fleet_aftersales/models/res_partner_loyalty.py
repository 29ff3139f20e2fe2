# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Loyal customers (忠实客户) and the car club (车友俱乐部) on the customer archive."""

import re

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import cron, loyalty

#: a club card number: letters, digits and dashes
CARD_NUMBER = re.compile(r"[A-Za-z0-9-]{4,20}")


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_loyalty_tier = fields.Selection(
        [("none", "No Tier"), ("regular", "Regular"), ("loyal", "Loyal Customer"), ("vip", "VIP")],
        string="Loyalty Tier",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        help="From the delivered visits and their invoiced amount in the last 24 months, "
        "against the shop's thresholds (Settings); recomputed every night.",
    )
    aftersales_visits_24m = fields.Integer(string="Visits (24 Months)", readonly=True, copy=False)
    aftersales_spend_24m = fields.Float(
        string="Spend (24 Months)",
        readonly=True,
        copy=False,
        help="Invoiced amount (posted invoices less credit notes) of those visits.",
    )
    aftersales_loyalty_date = fields.Date(
        string="Tier Computed On",
        readonly=True,
        copy=False,
        index=True,
        help="Technical: the day the tier was last computed (the nightly action's marker).",
    )
    club_company_id = fields.Many2one(
        "res.company",
        string="Club Shop",
        compute="_compute_club_company_id",
        store=True,
        readonly=False,
        index=True,
        help="The shop whose car club the customer joined.",
    )
    club_join_date = fields.Date(
        string="Member Since",
        compute="_compute_club_join_date",
        store=True,
        readonly=False,
        index=True,
        copy=False,
    )
    club_level = fields.Selection(
        [("silver", "Silver"), ("gold", "Gold"), ("platinum", "Platinum")],
    )
    club_card_number = fields.Char(copy=False, index=True)

    _sql_constraints = [
        (
            "club_card_number_uniq",
            "UNIQUE(club_company_id, club_card_number)",
            "This club card number is already another member's in this shop.",
        )
    ]

    @api.depends("is_club_member")
    def _compute_club_company_id(self):
        for partner in self:
            partner.club_company_id = (
                (partner.club_company_id or partner.company_id or self.env.company)
                if partner.is_club_member
                else partner.club_company_id
            )

    @api.depends("is_club_member", "club_company_id")
    def _compute_club_join_date(self):
        for partner in self:
            if partner.is_club_member and not partner.club_join_date:
                shop = partner.club_company_id or self.env.company
                partner.club_join_date = shop._aftersales_today()
            else:
                partner.club_join_date = partner.club_join_date

    @api.constrains("club_card_number", "is_club_member", "club_join_date")
    def _check_club_membership(self):
        for partner in self:
            number = partner.club_card_number
            if number and not CARD_NUMBER.fullmatch(number):
                raise self._club_error(
                    partner,
                    self.env._(
                        "the club card number %(number)s must be 4 to 20 letters, digits or "
                        "dashes.",
                        number=number,
                    ),
                )
            if number and not partner.is_club_member:
                raise self._club_error(partner, self.env._("only club members have a card."))
            shop = partner.club_company_id or self.env.company
            if partner.club_join_date and partner.club_join_date > shop._aftersales_today():
                raise self._club_error(partner, self.env._("the member-since date is ahead."))

    def _club_error(self, partner, reason):
        return ValidationError(
            self.env._("%(customer)s: %(reason)s", customer=partner.display_name, reason=reason)
        )

    # ---- Loyalty tiers ----------------------------------------------------------------
    def _aftersales_update_loyalty(self, today=None):
        """Recompute the tier of these customers: three queries whatever their number.

        A customer's history is his home shop's (his company; a customer of no shop: all
        the shops, with the thresholds of the shop of his last visit): the delivered
        visits of the 24 months before that shop's today and the posted invoices (less
        credit notes) linked to them."""
        partners = self.filtered("id")
        if not partners:
            return
        # sudo: a customer of no shop is measured against every shop, whichever companies
        # the user who delivered or posted may read; only their dates are read
        companies = self.env["res.company"].sudo().search([])
        todays = {company: company._aftersales_today() for company in companies}
        today = today or max(todays.values())
        rows = self._aftersales_loyalty_rows(partners, todays)
        thresholds = {company.id: loyalty.get_thresholds(company) for company in companies}
        values = [
            SQL(
                "(%s, %s, %s, %s)",
                partner_id,
                loyalty.get_tier(visits, spend, thresholds.get(company_id, [])),
                visits,
                spend,
            )
            for partner_id, company_id, visits, spend in rows
        ]
        # one statement for the batch: a write per customer is a query per customer
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner AS p SET aftersales_loyalty_tier = v.tier,"
                " aftersales_visits_24m = v.visits, aftersales_spend_24m = v.spend,"
                " aftersales_loyalty_date = %s"
                " FROM (VALUES %s) AS v(id, tier, visits, spend) WHERE p.id = v.id",
                today,
                SQL(", ").join(values),
            )
        )
        partners.invalidate_recordset(
            [
                "aftersales_loyalty_tier",
                "aftersales_visits_24m",
                "aftersales_spend_24m",
                "aftersales_loyalty_date",
            ]
        )

    def _aftersales_loyalty_rows(self, partners, todays):
        """``(partner id, home shop id, visits, spend)`` of ``partners``: an aggregate
        over visits and invoices the ORM cannot express in one query."""
        self.env["fleet.aftersales.visit"].flush_model(
            ["partner_id", "company_id", "state", "delivery_date", "delivery_datetime"]
        )
        self.env["account.move"].flush_model(
            ["aftersales_visit_id", "state", "move_type", "amount_total_signed"]
        )
        partners.flush_recordset(["company_id"])
        cutoffs = SQL(", ").join(
            SQL("(%s, %s::date)", company.id, day - relativedelta(months=loyalty.LOYALTY_MONTHS))
            for company, day in todays.items()
        )
        self.env.cr.execute(
            SQL(
                """
                WITH home AS (
                    SELECT p.id, p.company_id AS own_company_id,
                           COALESCE(p.company_id, (
                               SELECT last.company_id FROM fleet_aftersales_visit last
                                WHERE last.partner_id = p.id AND last.state = 'delivered'
                                ORDER BY last.delivery_datetime DESC, last.id DESC LIMIT 1
                           )) AS company_id
                      FROM res_partner p WHERE p.id = ANY(%(ids)s)
                )
                SELECT h.id, h.company_id, count(v.id), COALESCE(sum(inv.amount), 0.0)
                  FROM home h
             LEFT JOIN (VALUES %(cutoffs)s) AS c(company_id, cutoff) ON c.company_id = h.company_id
             LEFT JOIN fleet_aftersales_visit v
                    ON v.partner_id = h.id AND v.state = 'delivered'
                   AND v.delivery_date >= c.cutoff
                   AND (h.own_company_id IS NULL OR v.company_id = h.own_company_id)
             LEFT JOIN LATERAL (
                    SELECT sum(m.amount_total_signed) AS amount FROM account_move m
                     WHERE m.aftersales_visit_id = v.id AND m.state = 'posted'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                   ) inv ON TRUE
              GROUP BY h.id, h.company_id
                """,
                ids=partners.ids,
                cutoffs=cutoffs,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _get_loyalty_update_domain(self, today):
        """The customers whose tier is not computed yet today: those with a delivered
        visit, or a tier to lose."""
        return [
            "|",
            ("aftersales_loyalty_date", "=", False),
            ("aftersales_loyalty_date", "!=", today),
            "|",
            ("visit_ids.state", "=", "delivered"),
            ("aftersales_loyalty_tier", "!=", "none"),
        ]

    @api.model
    def _cron_update_loyalty(self, batch_size=1000, limit=20000):
        """Recompute the loyalty tiers of the customers not computed yet today.

        Idempotent: the day a tier is computed (``aftersales_loyalty_date``) is the marker,
        and the selection leaves out the customers computed today in the query itself.
        Batches of ``batch_size`` (three queries and one commit each), at most ``limit``
        a run; the rest re-triggers the action. Returns the customers computed."""
        # sudo: the action's "today" is the latest of all the shops' (their clocks only)
        today = max(c._aftersales_today() for c in self.env["res.company"].sudo().search([]))
        domain = self._get_loyalty_update_domain(today)
        partners = self.with_context(active_test=False).search(domain, limit=limit, order="id")
        done = 0
        for batch in cron.batches(partners, batch_size):
            batch._aftersales_update_loyalty(today)
            done += len(batch)
            cron.commit_progress(self.env, done, len(partners) - done)
        if len(partners) == limit:
            self.env.ref("fleet_aftersales.ir_cron_update_loyalty")._trigger()
        return partners
