# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# pylint: disable=consider-merging-classes-inherited
# (one concern a file, as the statistics sections: the loyalty tiers)
"""The loyalty and car club section of the statistics service (忠实客户, 车友俱乐部).

Definitions (also in the module's readme):
- a shop's customers are the contacts of the shop, and the contacts of no shop who had a
  delivered visit there; each is counted in his tier of today (the nightly action's);
  loyal customers (忠实客户) are those of the tiers "Loyal Customer" and VIP;
- club members are the customers who joined the shop's car club (车友俱乐部);
- per tier and for members and non-members: the callbacks due and done in the period
  (callback rate, cancelled ones excluded), the done ones with answers and those whose
  every answer is good (satisfaction rate, every kind of call), and the visits delivered
  in the period.
"""

from collections import Counter

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import loyalty
from .fleet_aftersales_statistics import _rate

PARTNER = "res.partner"
PARTNER_TABLE = "res_partner"
#: the tiers counted as loyal customers (忠实客户)
LOYAL_TIERS = ("loyal", "vip")


class FleetAftersalesStatistics(models.AbstractModel):
    _inherit = "fleet.aftersales.statistics"

    @api.model
    def _get_sections(self):
        return super()._get_sections() + ("loyalty",)

    @api.model
    def _get_shop_customer_domain(self, company):
        """The customers of the shop(s): theirs, and those of no shop seen there."""
        return expression.OR(self._get_shop_customer_parts(company))

    @api.model
    def _get_shop_customer_parts(self, company):
        """The two disjoint parts of :meth:`_get_shop_customer_domain`, counted apart: in
        one domain the visits' subquery sits under an OR, where PostgreSQL cannot join it
        and scans it again for each customer once it outgrows work_mem (minutes at
        1,000,000 customers); alone, it is a semi-join."""
        return [
            [("company_id", "in", company.ids)],
            [
                ("company_id", "=", False),
                (
                    "visit_ids",
                    "any",
                    [("company_id", "in", company.ids), ("state", "=", "delivered")],
                ),
            ],
        ]

    @api.model
    def _get_club_member_domain(self, company):
        return [("is_club_member", "=", True), ("club_company_id", "in", company.ids)]

    @api.model
    def _section_loyalty(self, company, date_from, date_to):
        """Customers, callbacks, satisfaction and visits per loyalty tier and for club
        members and the others: four counts of the customers and two grouped queries of
        their callbacks and visits."""
        customers = self._get_shop_customer_domain(company)
        members = self._get_club_member_domain(company)
        Partner = self.env[PARTNER]
        by_tier, member_count = Counter(), 0
        for part in self._get_shop_customer_parts(company):
            by_tier.update(
                dict(Partner._read_group(part, ["aftersales_loyalty_tier"], ["__count"]))
            )
            [(count,)] = Partner._read_group(part + members, [], ["__count"])
            member_count += count
        figures = self._get_loyalty_figures(company, date_from, date_to)
        labels = dict(Partner._fields["aftersales_loyalty_tier"]._description_selection(self.env))
        tier_rows = [
            self._loyalty_row(
                labels[tier],
                by_tier.get(tier, 0),
                figures.get(("tier", tier), {}),
                customers + [("aftersales_loyalty_tier", "=", tier)],
            )
            for tier in reversed(loyalty.TIERS)
        ]
        club_rows = [
            self._loyalty_row(
                self.env._("Car club members"),
                member_count,
                figures.get(("club", True), {}),
                customers + members,
            ),
            self._loyalty_row(
                self.env._("Other customers"),
                sum(by_tier.values()) - member_count,
                figures.get(("club", False), {}),
                customers + ["!", "&", *members],
            ),
        ]
        loyal_domain = customers + [("aftersales_loyalty_tier", "in", LOYAL_TIERS)]
        return {
            "loyalty_model": PARTNER,
            "loyal_customers": sum(by_tier.get(tier, 0) for tier in LOYAL_TIERS),
            "loyal_customers_domain": loyal_domain,
            "club_members": member_count,
            "club_members_domain": customers + members,
            "loyalty_by_tier": tier_rows,
            "loyalty_by_club": club_rows,
        }

    @api.model
    def _loyalty_row(self, name, customers, figures, domain):
        due, done = figures.get("due", 0), figures.get("done", 0)
        rated, satisfied = figures.get("rated", 0), figures.get("satisfied", 0)
        return {
            "name": name,
            "customers": customers,
            "domain": domain,
            "due": due,
            "done": done,
            "callback_rate": _rate(done, due),
            "rated": rated,
            "satisfied": satisfied,
            "satisfaction_rate": _rate(satisfied, rated),
            "visits": figures.get("visits", 0),
        }

    @api.model
    def _get_loyalty_figures(self, company, date_from, date_to):
        """``{("tier", tier) | ("club", is member): {due, done, rated, satisfied, visits}}``
        from the period's callbacks and visits, grouped by their customer's tier and
        membership in SQL (two grouped queries, whatever the number of customers)."""
        due_domain = self._get_due_domain(company, date_from, date_to)
        rated_domain = self._get_done_domain(company, date_from, date_to) + [
            ("has_rating", "=", True)
        ]
        callbacks = {
            "due": due_domain,
            "done": due_domain + [("state", "=", "done")],
            "rated": rated_domain,
            "satisfied": rated_domain + [("is_satisfied", "=", True)],
        }
        visit_domain = self._get_period_domain(company, "delivery_date", date_from, date_to) + [
            ("state", "=", "delivered"),
            ("partner_id", "!=", False),
        ]
        figures = {}
        for model, domains in (
            ("fleet.aftersales.callback", callbacks),
            ("fleet.aftersales.visit", {"visits": visit_domain}),
        ):
            for tier, member, counts in self._count_by_customer(company, model, domains):
                for group in (("tier", tier), ("club", member)):
                    row = figures.setdefault(group, {})
                    for key, count in counts.items():
                        row[key] = row.get(key, 0) + count
        return figures

    @api.model
    def _count_by_customer(self, company, model, domains):
        """Rows ``(tier, is member, {name: count})``: the records of ``model`` in any of
        ``domains`` (``{name: domain}``, on the model's own columns), searched as the user
        (record rules apply), grouped by their customer's loyalty tier and whether he is
        a member of one of ``company``'s car clubs, each name counting those of its domain
        (``COUNT(*) FILTER``): one pass over the callbacks for the due and the rated ones
        (#20). The customer is joined, not read: his tier and membership are no more than
        the ORM reads of them showed before (a record without customer is in no tier and
        no club)."""
        Model = self.env[model]
        query = Model._search(expression.OR(list(domains.values())))
        partner = query.left_join(Model._table, "partner_id", PARTNER_TABLE, "id", "partner_id")
        groups = [
            SQL.identifier(partner, "aftersales_loyalty_tier"),
            SQL(
                "COALESCE(%s AND %s IN %s, FALSE)",
                SQL.identifier(partner, "is_club_member"),
                SQL.identifier(partner, "club_company_id"),
                tuple(company.ids) or (None,),
            ),
        ]
        counts = [
            SQL("COUNT(*) FILTER (WHERE %s)", Model._where_calc(domain).where_clause)
            for domain in domains.values()
        ]
        query.groupby = SQL(", ").join(groups)
        self.env[PARTNER].flush_model(
            ["aftersales_loyalty_tier", "is_club_member", "club_company_id"]
        )
        rows = self.env.execute_query(query.select(*groups, *counts))
        return [(row[0] or False, row[1], dict(zip(domains, row[2:], strict=True))) for row in rows]
