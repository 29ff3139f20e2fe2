# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The manager's morning screen: the figures of the OWL dashboard (``static/src/dashboard``).

:meth:`FleetAftersalesDashboard.get_dashboard_data` is its one call. It reads the
statistics service (``fleet.aftersales.statistics``) with grouped queries over the user's
current companies, as the user (record rules apply: a shop's manager sees the shop), and
returns with every figure the model and domain of the records behind it: the dashboard
opens them with that domain, so a number and its list cannot disagree.
"""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import AccessError

from .fleet_aftersales_complaint import OPEN_STATES
from .fleet_aftersales_statistics import _rate

CALLBACK = "fleet.aftersales.callback"
ANSWER = "fleet.aftersales.callback.answer"
COMPLAINT = "fleet.aftersales.complaint"
#: how many months the monthly charts show, this month included
MONTHS = 12
#: the complaint aging buckets: days open, from and to (None: no end)
AGING_BUCKETS = ((0, 2), (3, 7), (8, 14), (15, 30), (31, None))


class FleetAftersalesDashboard(models.AbstractModel):
    _name = "fleet.aftersales.dashboard"
    _description = "After-Sales Dashboard"

    @api.model
    def action_open(self):
        """The dashboard, an OWL client action (the menu's server action returns it). It
        carries the server action's id: the web client finds the app of the screen (its
        menu) by that id, also when the dashboard is a manager's landing page or home."""
        return {
            "id": self.env.ref("fleet_aftersales.fleet_aftersales_dashboard_action").id,
            "type": "ir.actions.client",
            "tag": "fleet_aftersales.dashboard",
            "name": self.env._("After-Sales Dashboard"),
            "target": "current",
        }

    @api.model
    def get_dashboard_data(self, company_ids=None):
        """Every figure of the dashboard for the user's current companies (those of
        ``company_ids`` among them, if given), in the clock of the current company.

        Returns JSON: ``cards`` (this month and today), ``months`` (the callback and
        satisfaction rates of the last 12 months against the targets), ``by_advisor``,
        ``by_department``, ``reasons`` (top 5), ``overdue_by_agent``, ``complaint_aging``,
        ``bookings_by_source`` and ``bookings_by_advisor`` (per day); each figure with the
        ``model`` and ``domain`` of its records.
        """
        if not self.env.user.has_group("fleet_aftersales.fleet_aftersales_group_manager"):
            raise AccessError(self.env._("Only after-sales managers can open the dashboard."))
        companies = self.env.companies
        if company_ids:
            if set(company_ids) - set(companies.ids):
                raise AccessError(self.env._("The dashboard shows your current companies only."))
            companies = companies.browse(company_ids)
        # the clock and the targets: the current company's, else the first one's
        company = self.env.company if self.env.company in companies else companies[:1]
        # one memo for the request: the sections share their grouped queries
        dashboard = self.with_context(aftersales_statistics_memo={})
        with self.env["fleet.aftersales.statistics"]._aggregating():
            return dashboard._get_dashboard_data(companies, company)

    @api.model
    def _get_dashboard_data(self, companies, company):
        """The figures of :meth:`get_dashboard_data`, once the companies are checked."""
        today = company._aftersales_today()
        Statistics = self.env["fleet.aftersales.statistics"].with_company(company)
        month = Statistics._month_bounds(today)
        service_domain = Statistics._get_service_answer_domain(companies, *month)
        answers = Statistics._get_answer_groups(companies, *month)
        bookings = Statistics._section_bookings(companies, *month)
        measures = self._get_measures(companies, company, month)
        return {
            "companies": companies.mapped("name"),
            "today": today,
            "period": self._get_month_label(month[0]),
            "cards": self._get_cards(companies, company, today)
            + self._get_booking_cards(bookings)
            + self._get_measure_cards(measures),
            "months": self._get_months(companies, company, today),
            "by_advisor": Statistics._get_satisfaction_rows(answers, service_domain, "advisor_id"),
            "by_department": Statistics._get_satisfaction_rows(
                answers, service_domain, "department_id"
            ),
            "answer_model": ANSWER,
            "reasons": Statistics._section_feedback(companies, *month)["top_reasons"],
            "overdue_by_agent": self._get_overdue_by_agent(companies),
            "callback_model": CALLBACK,
            "complaint_aging": self._get_complaint_aging(companies, company, today),
            "complaint_model": COMPLAINT,
            "bookings_by_source": bookings["bookings_by_source"],
            "bookings_by_advisor": bookings["bookings_by_advisor"],
            "booking_model": bookings["booking_model"],
            "intake_by_type": measures["intake_by_type"],
            "agents": measures["agents"],
            "weekly_satisfaction": self._get_weekly_rows(measures),
            "visit_model": "fleet.aftersales.visit",
        }

    # ---- the sections of the dashboard ----

    @api.model
    def _get_month_label(self, day):
        return f"{day.year}-{day.month:02d}"

    @api.model
    def _get_cards(self, companies, company, today):
        """Today's counters, and this month's rates against the targets."""
        Statistics = self.env["fleet.aftersales.statistics"]
        date_from, date_to = Statistics._month_bounds(today)
        labels = {
            "calls_today": self.env._("Calls Due Today"),
            "calls_overdue": self.env._("Overdue Calls"),
            "complaints_open": self.env._("Open Complaints"),
            "complaints_escalated": self.env._("Escalated Complaints"),
        }
        cards = [
            {"key": key, "label": labels[key], "value": self.env[model].search_count(domain)}
            | {"model": model, "domain": domain, "unit": ""}
            for key, (model, domain) in Statistics._get_workload_domains(companies, today).items()
        ]
        cards += self._get_rate_cards(companies, company, date_from, date_to)
        cards.append(self._get_lost_card(companies, date_from, date_to))
        return cards

    @api.model
    def _get_rate_cards(self, companies, company, date_from, date_to):
        """This month's callback rates and satisfaction rate, each with the domain of
        its whole (the callbacks due, the rated calls) and the company's target."""
        Statistics = self.env["fleet.aftersales.statistics"]
        cards = []
        for key, label, whole_domain, part, target in (
            (
                "callback_rate",
                self.env._("Callback Rate (%)"),
                Statistics._get_due_domain(companies, date_from, date_to),
                [("state", "=", "done")],
                company.aftersales_target_callback_rate,
            ),
            (
                "warranty_callback_rate",
                self.env._("Callback Rate, Cars in Warranty (%)"),
                Statistics._get_warranty_domain(companies, date_from, date_to),
                [("state", "=", "done")],
                company.aftersales_target_callback_rate,
            ),
            (
                "satisfaction_rate",
                self.env._("Satisfaction Rate (%)"),
                Statistics._get_satisfaction_domain(companies, date_from, date_to),
                [("is_satisfied", "=", True)],
                company.aftersales_target_satisfaction_rate,
            ),
        ):
            whole = self.env[CALLBACK].search_count(whole_domain)
            done = self.env[CALLBACK].search_count(whole_domain + part)
            cards.append(
                {
                    "key": key,
                    "label": label,
                    "value": _rate(done, whole),
                    "unit": "%",
                    "target": target,
                    "model": CALLBACK,
                    "domain": whole_domain,
                }
            )
        return cards

    @api.model
    def _get_lost_card(self, companies, date_from, date_to):
        """This month's lost customers over the customers active on the 1st, each shop
        by its own rule (its lost-customer months)."""
        Statistics = self.env["fleet.aftersales.statistics"]
        lost = self.env["res.partner"]
        active = 0
        for company in companies:
            section = Statistics.with_company(company)._section_lost_customers(
                company, date_from, date_to
            )
            active += section["active_customers"]
            lost |= Statistics._get_lost_customers(company, date_from, date_to)
        return {
            "key": "lost_rate",
            "label": self.env._("Lost-Customer Rate (%)"),
            "value": _rate(len(lost), active),
            "unit": "%",
            "model": "res.partner",
            "domain": [("id", "in", lost.ids)],
        }

    @api.model
    def _get_booking_cards(self, bookings):
        """This month's share of the visits that were booked (opens the month's visits)
        and the show rate of its bookings (opens the bookings arrived or missed)."""
        return [
            {
                "key": "booked_visit_share",
                "label": self.env._("Booked Visits (%)"),
                "value": bookings["booked_visit_share"],
                "unit": "%",
                "model": "fleet.aftersales.visit",
                "domain": bookings["visits_domain"],
            },
            {
                "key": "show_rate",
                "label": self.env._("Booking Show Rate (%)"),
                "value": bookings["show_rate"],
                "unit": "%",
                "model": bookings["booking_model"],
                "domain": bookings["show_domain"],
            },
        ]

    @api.model
    def _get_measures(self, companies, company, month):
        """This month's measures of the seeds (``fleet_aftersales_statistics_measures``)."""
        Statistics = self.env["fleet.aftersales.statistics"].with_company(company)
        measures = {}
        # each lost period is judged by its own shop's lost-customer months
        for section in ("insurance_renewal", "first_service", "intake", "win_back", "agents"):
            measures.update(getattr(Statistics, f"_section_{section}")(companies, *month))
        measures.update(Statistics._section_weekly_satisfaction(companies, *month))
        return measures

    @api.model
    def _get_measure_cards(self, measures):
        """This month's insurance renewal rate (against the target), the first services
        of the month's new cars and the lost customers won back."""
        return [
            {
                "key": "insurance_renewal_rate",
                "label": self.env._("Insurance Renewal Rate (%)"),
                "value": measures["insurance_renewal_rate"],
                "unit": "%",
                "target": measures["target_insurance_renewal_rate"],
                "model": CALLBACK,
                "domain": measures["insurance_reminders_domain"],
            },
            {
                "key": "first_service_rate",
                "label": self.env._("First Services of New Cars (%)"),
                "value": measures["first_service_rate"],
                "unit": "%",
                "model": "fleet.vehicle",
                "domain": measures["new_cars_domain"],
            },
            {
                "key": "won_back",
                "label": self.env._("Lost Customers Won Back"),
                "value": measures["won_back"],
                "unit": "",
                "model": measures["won_back_model"],
                "domain": measures["won_back_domain"],
            },
        ]

    @api.model
    def _get_weekly_rows(self, measures):
        """The satisfaction rate of each week of the month, a bar each."""
        total = measures["weekly_satisfaction"]
        return [
            {
                "name": week["name"],
                "rate": cell["rate"],
                "count": cell["count"],
                "domain": cell["domain"],
            }
            for week, cell in zip(measures["weeks"], total["weeks"], strict=True)
        ]

    @api.model
    def _get_months(self, companies, company, today):
        """The callback rate and the satisfaction rate of each of the last ``MONTHS``
        months (this one included): two grouped queries."""
        Statistics = self.env["fleet.aftersales.statistics"]
        first = Statistics._month_bounds(today - relativedelta(months=MONTHS - 1))[0]
        last = Statistics._month_bounds(today)[1]
        starts = [first + relativedelta(months=i) for i in range(MONTHS)]
        due, done, rated, satisfied = ({start: 0 for start in starts} for _i in range(4))
        for start, state, count in self.env[CALLBACK]._read_group(
            Statistics._get_due_domain(companies, first, last),
            ["date_due:month", "state"],
            ["__count"],
        ):
            due[start] += count
            done[start] += count if state == "done" else 0
        for start, is_satisfied, count in self.env[CALLBACK]._read_group(
            Statistics._get_satisfaction_domain(companies, first, last),
            ["date_done:month", "is_satisfied"],
            ["__count"],
        ):
            rated[start] += count
            satisfied[start] += count if is_satisfied else 0
        bounds = [Statistics._month_bounds(start) for start in starts]
        return {
            "labels": [self._get_month_label(start) for start in starts],
            "callback_rate": [_rate(done[s], due[s]) for s in starts],
            "due": [due[s] for s in starts],
            "callback_domains": [Statistics._get_due_domain(companies, *b) for b in bounds],
            "satisfaction_rate": [_rate(satisfied[s], rated[s]) for s in starts],
            "rated": [rated[s] for s in starts],
            "satisfaction_domains": [
                Statistics._get_satisfaction_domain(companies, *b) for b in bounds
            ],
            "target_callback_rate": company.aftersales_target_callback_rate,
            "target_satisfaction_rate": company.aftersales_target_satisfaction_rate,
        }

    @api.model
    def _get_overdue_by_agent(self, companies):
        """The overdue calls per agent, most first: one grouped query."""
        domain = [("company_id", "in", companies.ids), ("is_overdue", "=", True)]
        rows = [
            {
                "name": agent.display_name or self.env._("Unassigned"),
                "count": count,
                "domain": domain + [("user_id", "=", agent.id)],
            }
            for agent, count in self.env[CALLBACK]._read_group(domain, ["user_id"], ["__count"])
        ]
        return sorted(rows, key=lambda r: (-r["count"], r["name"]))

    @api.model
    def _get_complaint_aging(self, companies, company, today):
        """The open complaints by days open (days since registered, in the company's
        clock), one bucket of :data:`AGING_BUCKETS` a bar."""
        rows = []
        for start, end in AGING_BUCKETS:
            domain = [("company_id", "in", companies.ids), ("state", "in", OPEN_STATES)]
            # opened on or before today - start, and on or after today - end
            domain.append(("date_registered", "<", self._local_midnight(company, today, 1 - start)))
            if end is None:
                name = self.env._("Over %(days)s days", days=start - 1)
            else:
                name = self.env._("%(start)s-%(end)s days", start=start, end=end)
                domain.append(("date_registered", ">=", self._local_midnight(company, today, -end)))
            rows.append(
                {
                    "name": name,
                    "count": self.env[COMPLAINT].search_count(domain),
                    "domain": domain,
                }
            )
        return rows

    @api.model
    def _local_midnight(self, company, today, days):
        """The UTC moment of the company's midnight starting ``today + days``."""
        return company._aftersales_to_utc(datetime.combine(today + timedelta(days=days), time()))
