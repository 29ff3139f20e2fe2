# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..tools import agent_assignment
from ..tools.batch_texts import run_memo


class FleetAftersalesAgentMixin(models.AbstractModel):
    """Who makes a call: the callback's ``create()`` gives every new callback without an
    agent one (the one place that assigns agents, whoever creates the callback).

    Inherited by ``fleet.aftersales.callback`` only: ``self`` is the callback model (its
    pending calls measure the agents' load, its last call is where round-robin resumes).
    Afterwards a call changes hands only by ``action_take`` (an unassigned call of the
    shop's queue) or a hand-over (its agent to a colleague, or a manager).
    """

    _name = "fleet.aftersales.agent.mixin"
    _description = "Callback Agent Assignment"

    @api.model
    def _get_agent_pool(self, company):
        """The company's callback agents, else every agent of the company, by id: once a
        run of the daily action (context ``fleet_aftersales_run``, its batches' memo)."""
        memo = run_memo(self.env)
        key = ("agents", company.id)
        if key not in memo:
            agents = company.aftersales_agent_ids.filtered("active").sorted("id")
            memo[key] = (
                agents
                or self.env["res.users"]._get_aftersales_group_users(
                    "fleet_aftersales.fleet_aftersales_group_agent", company
                )
            ).ids
        return self.env["res.users"].browse(memo[key])

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

    # ---- The shared queue and hand-overs ----------------------------------------------
    def action_take(self):
        """An agent of the shop takes an unassigned call from the shared queue.

        Never a call of a car the agent received (the advisor's); a call already taken is
        handed over by its agent or a manager instead."""
        if not self.env.user.has_group("fleet_aftersales.fleet_aftersales_group_agent"):
            raise UserError(self.env._("Only callback agents take calls from the queue."))
        self.check_access("read")
        self._check_pending()
        for callback in self:
            if callback.user_id:
                raise UserError(
                    self.env._(
                        "Callback %(name)s was taken by %(agent)s: ask them or a manager to hand it over.",
                        name=callback.display_name,
                        agent=callback.user_id.name,
                    )
                )
            if callback.advisor_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You received the car of callback %(name)s: another agent makes this call.",
                        name=callback.display_name,
                    )
                )
        # agents write only their own calls: taking an unassigned one (read above, checked
        # here) is the one write they make on another's
        self.sudo().write({"user_id": self.env.uid})
        return True

    def _check_hand_over(self, vals):
        """Whether ``vals`` hands these calls over by their agent (not a manager).

        The assigned agent hands a call over to a colleague: an agent of the call's shop
        (the advisor check is ``_check_agent_not_advisor``). Managers reassign freely."""
        if (
            not vals.get("user_id")
            or self.env.su
            or self.env.user.has_group("fleet_aftersales.fleet_aftersales_group_manager")
        ):
            return False
        colleague = self.env["res.users"].browse(vals["user_id"])
        callbacks = self.filtered(lambda c: c.user_id != colleague)
        for company in callbacks.company_id:
            agents = self.env["res.users"]._get_aftersales_group_users(
                "fleet_aftersales.fleet_aftersales_group_agent", company
            )
            if colleague not in agents:
                message = self.env._(
                    "%(user)s is no callback agent of %(company)s: hand the call over to an "
                    "agent of the shop.",
                    user=colleague.name,
                    company=company.name,
                )
                raise ValidationError(message)
        return bool(callbacks)
