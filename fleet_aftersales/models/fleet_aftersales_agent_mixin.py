# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models

from ..tools import agent_assignment


class FleetAftersalesAgentMixin(models.AbstractModel):
    """Who makes a call: the callback's ``create()`` gives every new callback without an
    agent one (the one place that assigns agents, whoever creates the callback).

    Inherited by ``fleet.aftersales.callback`` only: ``self`` is the callback model (its
    pending calls measure the agents' load, its last call is where round-robin resumes).
    """

    _name = "fleet.aftersales.agent.mixin"
    _description = "Callback Agent Assignment"

    @api.model
    def _get_agent_pool(self, company):
        """The company's callback agents, else every agent of the company, by id."""
        agents = company.aftersales_agent_ids.filtered("active").sorted("id")
        return agents or self.env["res.users"]._get_aftersales_group_users(
            "fleet_aftersales.fleet_aftersales_group_agent", company
        )

    @api.model
    def _assign_agents(self, vals_list):
        """Give each new callback without an agent one who is not the advisor of its
        visit nor the owner of the complaint it confirms (the one place that assigns).

        Least-loaded: the agent with the fewest pending callbacks (one grouped query);
        round-robin: in turn, after the agent of the company's last callback (no cursor
        to store). Values are changed in place.
        """
        todo = [vals for vals in vals_list if not vals.get("user_id")]
        by_company = defaultdict(list)
        for vals in todo:
            by_company[vals.get("company_id") or self.env.company.id].append(vals)
        excluded = self._get_excluded_agents(todo)
        for company_id, company_vals in by_company.items():
            company = self.env["res.company"].browse(company_id)
            agents = self._get_agent_pool(company)
            if not agents:
                continue
            if company.aftersales_agent_assignment == "round_robin":
                pick = self._round_robin(company, agents)
            else:
                pick = self._least_loaded(agents)
            for vals in company_vals:
                vals["user_id"] = pick(excluded(vals))
        return vals_list

    @api.model
    def _get_excluded_agents(self, vals_list):
        """A function: values -> the users who may not make that call."""
        visits = self.env["fleet.aftersales.visit"].browse(
            [v["visit_id"] for v in vals_list if v.get("visit_id")]
        )
        complaints = self.env["fleet.aftersales.complaint"].browse(
            [v["complaint_id"] for v in vals_list if v.get("complaint_id")]
        )
        advisors = {visit.id: visit.advisor_id.id for visit in visits}
        owners = {complaint.id: complaint.user_id.id for complaint in complaints}
        return lambda vals: {
            advisors.get(vals.get("visit_id")),
            owners.get(vals.get("complaint_id")),
        }

    @api.model
    def _least_loaded(self, agents):
        load = {
            user.id: count
            for user, count in self._read_group(
                [("state", "=", "pending"), ("user_id", "in", agents.ids)], ["user_id"], ["__count"]
            )
        }
        return agent_assignment.least_loaded(agents.ids, load)

    @api.model
    def _round_robin(self, company, agents):
        last = self.search(
            [("company_id", "=", company.id), ("user_id", "in", agents.ids)],
            order="id desc",
            limit=1,
        )
        return agent_assignment.round_robin(agents.ids, last.user_id.id)
