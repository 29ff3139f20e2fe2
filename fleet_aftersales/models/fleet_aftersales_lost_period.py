# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..tools import cron


class FleetAftersalesLostPeriod(models.Model):
    """A customer lost to a shop (流失客户), from the day he or she had not been back for
    the shop's lost-customer months until the day he or she is seen there again.

    One per customer, shop and absence: a customer of two shops is lost, or not, in each,
    by that shop's own visits, car sales and settings. An absence is known by the day the
    customer was last seen in the shop (``last_seen_date``: the last delivered visit, or
    the handover of a car bought there); its win-back call is made once
    (``fleet.aftersales.callback.lost_period_id``, a unique index). The periods stay when
    the customer comes back: the statistics count those that start in a month, per shop.
    """

    _name = "fleet.aftersales.lost.period"
    _description = "Lost-Customer Period"
    _order = "lost_since_date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    last_seen_date = fields.Date(
        string="Last Seen",
        required=True,
        index=True,
        help="The customer's last delivered visit in this shop, or the handover of a car "
        "bought there if he or she never came back.",
    )
    lost_since_date = fields.Date(
        string="Lost Since",
        required=True,
        index=True,
        help="The last seen day plus the shop's lost-customer months: the start of the "
        "absence, and the reminder date of its win-back call.",
    )
    return_date = fields.Date(
        string="Back On",
        index=True,
        copy=False,
        help="The day the customer was seen in the shop again (or no longer counted as lost "
        "after the shop raised its lost-customer months). Empty while lost.",
    )
    callback_ids = fields.One2many(
        "fleet.aftersales.callback", "lost_period_id", string="Win-back Calls"
    )

    _sql_constraints = [
        (
            "absence_uniq",
            "UNIQUE(partner_id, company_id, last_seen_date)",
            "A customer is lost once per absence and shop.",
        ),
        (
            "open_uniq",
            "EXCLUDE (partner_id WITH =, company_id WITH =) WHERE (return_date IS NULL)",
            "A customer is lost only once at a time in a shop.",
        ),
    ]

    # ---- The rule -------------------------------------------------------------------
    @api.model
    def _get_lost_cutoff(self, company, today):
        """Customers last seen on or before this day are lost (the seeds: 6 months)."""
        return today - relativedelta(months=company.aftersales_lost_months)

    @api.model
    def _get_seen_domain(self, company, since=None):
        """res.partner domain: customers seen in ``company`` (a delivered visit other than
        a free one of a campaign, a car handed over), after the day ``since`` if given."""
        visit = [
            ("company_id", "=", company.id),
            ("state", "=", "delivered"),
            # a free visit during a campaign brings nobody back (seed 004)
            ("is_free_campaign_visit", "=", False),
        ]
        car = [("company_id", "=", company.id), ("delivery_date", "!=", False)]
        if since:
            visit.append(("delivery_date", ">", since))
            car.append(("delivery_date", ">", since))
        return ["|", ("visit_ids", "any", visit), ("vehicle_ids", "any", car)]

    @api.model
    def _get_newly_lost_domain(self, company, today):
        """res.partner domain: the customers of ``company`` not seen there since the
        lost-customer cutoff, and not yet lost there. The ones already recorded are left
        out in the query: a run's limit never returns them again."""
        cutoff = self._get_lost_cutoff(company, today)
        return [
            *self._get_seen_domain(company),
            "!",
            *self._get_seen_domain(company, since=cutoff),
            (
                "aftersales_lost_period_ids",
                "not any",
                [("company_id", "=", company.id), ("return_date", "=", False)],
            ),
        ]

    @api.model
    def _get_returned_domain(self, company, today):
        """The open periods of ``company`` whose customer is no longer lost there."""
        cutoff = self._get_lost_cutoff(company, today)
        return [
            ("company_id", "=", company.id),
            ("return_date", "=", False),
            ("partner_id", "any", self._get_seen_domain(company, since=cutoff)),
        ]

    @api.model
    def _get_win_back_domain(self, company, today):
        """The open periods of ``company`` whose customer was last seen within its
        win-back range (the seeds: 6 to 12 months ago), whenever they started: the
        backlog of the first run and of missed runs too."""
        first = today - relativedelta(months=company.aftersales_lost_max_months)
        return [
            ("company_id", "=", company.id),
            ("return_date", "=", False),
            ("last_seen_date", ">=", first),
            ("last_seen_date", "<=", self._get_lost_cutoff(company, today)),
        ]

    # ---- The daily update -------------------------------------------------------------
    @api.model
    def _start_absences(self, company, today, batch_size, limit):
        """Record the customers of ``company`` who became lost (on the first run, all of
        them), ``batch_size`` at a time, at most ``limit``. Returns (periods, more left)."""
        # the domain's NOT IN over the customers seen (millions of visits at a dealer
        # group) is hashed only with the statistics' memory: 4MB re-scans them per customer
        with self.env["fleet.aftersales.statistics"]._aggregating():
            partners = self.env["res.partner"].search(
                self._get_newly_lost_domain(company, today), limit=limit + 1, order="id"
            )
        more = len(partners) > limit
        partners = partners[:limit]
        months = company.aftersales_lost_months
        started = self.browse()
        done = 0
        for batch in cron.batches(partners, batch_size):
            started |= self._start_batch(company, batch, months)
            done += len(batch)
            cron.commit_progress(self.env, done, len(partners) - done)
        return started, more

    @api.model
    def _start_batch(self, company, partners, months):
        """The periods of ``partners``, lost in ``company``: from their last seen day."""
        last_seen = self._get_last_seen(company, partners)
        # the same absence ended by a change of the shop's months (or of the clock): lost
        # again, the period (and its call) are the same
        reopened = self.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                ("last_seen_date", "in", list(set(last_seen.values()))),
            ]
        ).filtered(lambda p: last_seen[p.partner_id.id] == p.last_seen_date)
        reopened.write({"return_date": False})
        reopened_ids = set(reopened.partner_id.ids)
        return reopened | self.create(
            [
                {
                    "partner_id": partner_id,
                    "company_id": company.id,
                    "last_seen_date": day,
                    "lost_since_date": day + relativedelta(months=months),
                }
                for partner_id, day in last_seen.items()
                if partner_id not in reopened_ids
            ]
        )

    @api.model
    def _end_returned(self, company, today, limit):
        """End the periods of the customers seen in ``company`` again, however the visit
        or the sale was recorded. Returns (periods, more left)."""
        with self.env["fleet.aftersales.statistics"]._aggregating():
            periods = self.search(
                self._get_returned_domain(company, today), limit=limit + 1, order="id"
            )
        periods[:limit]._end(today)
        return periods[:limit], len(periods) > limit

    @api.model
    def _end_for_visits(self, visits):
        """Delivered ``visits`` bring their customers back to their shops: the open
        periods there end and their pending win-back calls are cancelled.

        sudo: the advisor who delivers the car may neither write the lost periods nor the
        agents' callbacks, and the delivery is what ends the absence; only the periods of
        these customers in these visits' shops are touched."""
        ended = self.browse()
        visits = visits.filtered(lambda v: not v.is_free_campaign_visit)
        for company, company_visits in visits.grouped("company_id").items():
            periods = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", company_visits.partner_id.ids),
                    ("return_date", "=", False),
                ]
            )
            periods._end(company._aftersales_today())
            ended |= periods
        return ended

    def _end(self, day):
        """The customers are back on ``day``: no longer lost, the win-back calls that are
        still pending are cancelled."""
        if not self:
            return
        self.write({"return_date": day})
        calls = self.callback_ids.filtered(lambda c: c.state == "pending")
        for company, company_calls in calls.grouped("company_id").items():
            # a note several people read: in the shop's language
            note = company._aftersales_reader_env()._("The customer came back.")
            company_calls.write({"note": note})
        calls.action_cancel()

    @api.model
    def _get_last_seen(self, company, partners):
        """{partner id: the day each of ``partners`` was last seen in ``company``}: the
        latest delivered visit (not a free one of a campaign) or car handover there, in
        two grouped queries."""
        last = {}
        for model, link, domain in (
            (
                "fleet.aftersales.visit",
                "partner_id",
                [("state", "=", "delivered"), ("is_free_campaign_visit", "=", False)],
            ),
            ("fleet.vehicle", "owner_id", [("delivery_date", "!=", False)]),
        ):
            for partner, day in self.env[model]._read_group(
                [("company_id", "=", company.id), (link, "in", partners.ids), *domain],
                [link],
                ["delivery_date:max"],
            ):
                last[partner.id] = max(day, last.get(partner.id, date.min))
        return last
