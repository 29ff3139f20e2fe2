# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The measures of the seeds on the statistics service (#18), kept apart from the
service's file: insurance renewals, first services, intake, customers won back, the
agents' performance and the satisfaction week by week.

Definitions (also in the module's readme):
- insurance renewal rate (续保完成率, seed 004: at least 20 %) = the insurance renewal
  reminders about an insurance expiring in the period (the callback's ``reminder_date``,
  cancelled ones excluded) whose car has since a later insurance expiry (renewed) / those
  reminders. The car's new expiry is the fact of the renewal, whoever entered it; the
  call's outcome only says the customer was reached. A month's rate is settled once its
  policies have expired, when its statistics are mailed on the 3rd;
- first services (首保, seed 003 每月新车首保统计) = the new cars handed over in the
  period (the car's ``delivery_date``) that have had their first service (a delivered
  visit of type first service in the shop), to date; rate = those / the new cars;
- intake (进厂台次) = the visits received in the period (the shop's clock), cancelled ones
  excluded, by visit type;
- won back = the lost-customer periods that ended in the period (the customer came back:
  ``return_date``, by the lost periods' own rule) within the shop's lost-customer months
  after a win-back call done with the customer;
- agent performance (回访员绩效) = per agent, the callbacks first due in the period
  (cancelled ones excluded): the calls made (attempts), reached (done), attempts per
  reach, reached by the first due date, and the satisfaction rate of their satisfaction
  calls;
- satisfaction by week = the satisfaction by department and by advisor (rated answers
  that rate our service, :meth:`_get_service_answer_domain`) per week of the period
  (Monday to Sunday, cut to the period), with the period's own rate.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models

from .fleet_aftersales_statistics import _rate

CALLBACK = "fleet.aftersales.callback"
ANSWER = "fleet.aftersales.callback.answer"
LOST_PERIOD = "fleet.aftersales.lost.period"


def period_weeks(date_from, date_to):
    """The weeks (Monday to Sunday) of the period, each cut to it: ``(start, end)``."""
    weeks, start = [], date_from
    while start <= date_to:
        end = min(start + timedelta(days=6 - start.weekday()), date_to)
        weeks.append((start, end))
        start = end + timedelta(days=1)
    return weeks


class FleetAftersalesStatistics(models.AbstractModel):
    # one file a concern (the service's own file is near its size cap), as the bookings'
    _inherit = "fleet.aftersales.statistics"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_sections(self):
        return super()._get_sections() + (
            "insurance_renewal",
            "first_service",
            "intake",
            "win_back",
            "agents",
            "weekly_satisfaction",
        )

    # ---- insurance renewals ----

    @api.model
    def _get_insurance_reminder_domain(self, company, date_from, date_to):
        """The insurance renewal reminders about an insurance expiring in the period."""
        return self._get_period_domain(company, "reminder_date", date_from, date_to) + [
            ("callback_type", "=", "insurance_renewal"),
            ("state", "!=", "cancelled"),
        ]

    @api.model
    def _section_insurance_renewal(self, company, date_from, date_to):
        """The reminders of the period and those whose car was renewed since: one
        grouped query and one read of the cars."""
        domain = self._get_insurance_reminder_domain(company, date_from, date_to)
        rows = self.env[CALLBACK]._read_group(
            domain, ["vehicle_id", "reminder_date:day"], ["id:array_agg"]
        )
        expiry = {car: car.insurance_expiry_date for car, _day, _ids in rows}
        renewed = [
            callback_id
            for car, day, ids in rows
            if car and expiry[car] and expiry[car] > day
            for callback_id in ids
        ]
        reminders = sum(len(ids) for _car, _day, ids in rows)
        return {
            "insurance_reminders": reminders,
            "insurance_reminders_domain": domain,
            "insurance_renewed": len(renewed),
            "insurance_renewed_domain": [("id", "in", renewed)],
            "insurance_renewal_rate": _rate(len(renewed), reminders),
            "target_insurance_renewal_rate": company[:1].aftersales_target_insurance_renewal_rate,
        }

    # ---- first services ----

    @api.model
    def _get_new_car_domain(self, company, date_from, date_to):
        """The cars the shop handed over new in the period."""
        return self._get_period_domain(company, "delivery_date", date_from, date_to)

    @api.model
    def _section_first_service(self, company, date_from, date_to):
        """The period's new cars, and those that had their first service in the shop."""
        Vehicle = self.env["fleet.vehicle"]
        domain = self._get_new_car_domain(company, date_from, date_to)
        served_domain = domain + [
            (
                "visit_ids",
                "any",
                [
                    ("company_id", "in", company.ids),
                    ("visit_type", "=", "first_service"),
                    ("state", "=", "delivered"),
                ],
            )
        ]
        new_cars = Vehicle.search_count(domain)
        served = Vehicle.search_count(served_domain)
        return {
            "new_cars": new_cars,
            "new_cars_domain": domain,
            "first_serviced": served,
            "first_serviced_domain": served_domain,
            "first_service_rate": _rate(served, new_cars),
        }

    # ---- intake ----

    @api.model
    def _section_intake(self, company, date_from, date_to):
        """The visits received in the period by visit type, in the selection's order."""
        Visit = self.env["fleet.aftersales.visit"]
        domain = self._get_period_visit_domain(company, date_from, date_to)
        counts = dict(Visit._read_group(domain, ["visit_type"], ["__count"]))
        rows = [
            {
                "type": code,
                "name": label,
                "count": counts[code],
                "domain": domain + [("visit_type", "=", code)],
            }
            for code, label in Visit._fields["visit_type"]._description_selection(self.env)
            if code in counts
        ]
        return {"intake": sum(counts.values()), "intake_by_type": rows}

    # ---- customers won back ----

    @api.model
    def _section_win_back(self, company, date_from, date_to):
        """The lost customers who came back in the period within the lost-customer months
        of a win-back call done with them; and the win-back calls done in the period."""
        periods = self.env[LOST_PERIOD].search(
            self._get_period_domain(company, "return_date", date_from, date_to)
            + [
                (
                    "callback_ids",
                    "any",
                    [("callback_type", "=", "lost_customer"), ("state", "=", "done")],
                )
            ]
        )
        won = periods.filtered(lambda p: self._is_won_back(p))
        calls_domain = self._get_done_domain(company, date_from, date_to) + [
            ("callback_type", "=", "lost_customer")
        ]
        return {
            "won_back": len(won),
            "won_back_model": LOST_PERIOD,
            "won_back_domain": [("id", "in", won.ids)],
            "win_back_calls": self.env[CALLBACK].search_count(calls_domain),
            "win_back_calls_domain": calls_domain,
        }

    @api.model
    def _is_won_back(self, period):
        """Whether the customer of ``period`` came back within the shop's lost-customer
        months after one of its win-back calls done."""
        months = relativedelta(months=period.company_id.aftersales_lost_months)
        return any(
            call.date_done <= period.return_date <= call.date_done + months
            for call in period.callback_ids
            if call.callback_type == "lost_customer" and call.state == "done" and call.date_done
        )

    # ---- agents ----

    @api.model
    def _get_agent_domain(self, company, date_from, date_to):
        """The callbacks first due in the period, cancelled ones excluded."""
        return self._get_period_domain(company, "date_first_due", date_from, date_to) + [
            ("state", "!=", "cancelled")
        ]

    @api.model
    def _section_agents(self, company, date_from, date_to):
        """Per agent: calls, attempts, reached, attempts per reach, reached on time and
        the satisfaction of their satisfaction calls; most calls first. One grouped query."""
        domain = self._get_agent_domain(company, date_from, date_to)
        headline = self._get_kind_codes("in_satisfaction_rate")
        rows = {}
        for agent, kind, state, satisfied, due, done, count, attempts in self.env[
            CALLBACK
        ]._read_group(
            domain,
            [
                "user_id",
                "callback_type",
                "state",
                "is_satisfied",
                "date_first_due:day",
                "date_done:day",
            ],
            ["__count", "attempt_count:sum"],
        ):
            row = rows.setdefault(agent, self._new_agent_row(agent, domain))
            row["calls"] += count
            row["attempts"] += attempts or 0
            if state == "done":
                row["reached"] += count
                row["on_time"] += count if done and done <= due else 0
                if kind in headline:
                    row["rated"] += count
                    row["satisfied"] += count if satisfied else 0
        for row in rows.values():
            row["attempts_per_reach"] = (
                round(row["attempts"] / row["reached"], 1) if row["reached"] else 0.0
            )
            row["reach_rate"] = _rate(row["reached"], row["calls"])
            row["on_time_rate"] = _rate(row["on_time"], row["calls"])
            row["satisfaction_rate"] = _rate(row["satisfied"], row["rated"])
        return {"agents": sorted(rows.values(), key=lambda r: (-r["calls"], r["name"]))}

    @api.model
    def _new_agent_row(self, agent, domain):
        return {
            "name": agent.display_name or self.env._("Unassigned"),
            "domain": domain + [("user_id", "=", agent.id)],
            "calls": 0,
            "attempts": 0,
            "reached": 0,
            "on_time": 0,
            "rated": 0,
            "satisfied": 0,
        }

    # ---- satisfaction week by week ----

    @api.model
    def _section_weekly_satisfaction(self, company, date_from, date_to):
        """The satisfaction of each week of the period, overall, by department and by
        service advisor (rate of good answers): two grouped queries."""
        domain = self._get_service_answer_domain(company, date_from, date_to)
        weeks = period_weeks(date_from, date_to)
        groups = self._get_answer_groups(company, date_from, date_to)
        by_department = self._get_weekly_satisfaction_by(groups, domain, "department_id", weeks)
        by_advisor = self._get_weekly_satisfaction_by(groups, domain, "advisor_id", weeks)
        total = self._new_weekly_row(self.env._("All"), domain, weeks)
        for row in by_department:
            for week, cell in zip(total["weeks"], row["weeks"], strict=True):
                week["count"] += cell["count"]
                week["good"] += cell["good"]
            total["count"] += row["count"]
            total["good"] += row["good"]
        self._set_weekly_rates([total])
        return {
            "weeks": [
                {
                    "name": f"{start.month}/{start.day}-{end.month}/{end.day}",
                    "date_from": start,
                    "date_to": end,
                }
                for start, end in weeks
            ],
            "weekly_satisfaction": total,
            "weekly_by_department": by_department,
            "weekly_by_advisor": by_advisor,
        }

    @api.model
    def _get_weekly_satisfaction_by(self, groups, domain, groupby, weeks):
        """One row a value of ``groupby``: its good answers and count per week and over
        the period, and the rates; best rate over the period first. From the rows of
        :meth:`_get_answer_groups` (``groups``) of the answers of ``domain``."""
        comodel = self.env[ANSWER]._fields[groupby].comodel_name
        rows = {}
        for key_id, day, good, count, _sum in groups[groupby]:
            key = self.env[comodel].browse(key_id)
            row = rows.setdefault(
                key,
                self._new_weekly_row(
                    key.display_name or "-", domain + [(groupby, "=", key.id)], weeks
                ),
            )
            index = next(i for i, (start, end) in enumerate(weeks) if start <= day <= end)
            row["weeks"][index]["count"] += count
            row["count"] += count
            if good:
                row["weeks"][index]["good"] += count
                row["good"] += count
        self._set_weekly_rates(rows.values())
        return sorted(rows.values(), key=lambda r: (-r["rate"], r["name"]))

    @api.model
    def _new_weekly_row(self, name, domain, weeks):
        return {
            "name": name,
            "domain": domain,
            "count": 0,
            "good": 0,
            "weeks": [
                {
                    "count": 0,
                    "good": 0,
                    "domain": domain + [("date_done", ">=", start), ("date_done", "<=", end)],
                }
                for start, end in weeks
            ],
        }

    @api.model
    def _set_weekly_rates(self, rows):
        for row in rows:
            row["rate"] = _rate(row["good"], row["count"])
            for cell in row["weeks"]:
                cell["rate"] = _rate(cell["good"], cell["count"])
