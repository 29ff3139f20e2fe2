# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time

from odoo import api, fields, models

USER_GROUP = "fleet_aftersales.fleet_aftersales_group_user"
#: where each role's day starts, first role first (a manager is also advisor and agent)
LANDING_ROLES = (
    ("fleet_aftersales.fleet_aftersales_group_manager", "_get_aftersales_manager_landing"),
    ("fleet_aftersales.fleet_aftersales_group_agent", "_get_aftersales_agent_landing"),
    ("fleet_aftersales.fleet_aftersales_group_advisor", "_get_aftersales_advisor_landing"),
    # an accountant with none of the roles above: billing rights on the after-sales app
    ("account.group_account_invoice", "_get_aftersales_accountant_landing"),
)
#: the after-sales app's root menu opens this action (also new users' home action)
LANDING_ACTION = "fleet_aftersales.fleet_aftersales_action_landing"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._set_aftersales_home_action()
        return users

    @api.model
    def _get_aftersales_group_users(self, group_xmlid, company):
        """The active internal users of an after-sales group who work in ``company``
        (OdooBot aside), sorted by id: the pool of agents, the fallback manager."""
        root = self.env.ref("base.user_root")
        return (
            self.env.ref(group_xmlid)
            .users.filtered(
                lambda u: u.active and not u.share and u != root and company in u.company_ids
            )
            .sorted("id")
        )

    def _set_aftersales_home_action(self):
        """New after-sales users without a home action start their day on their landing."""
        group = self.env.ref(USER_GROUP, raise_if_not_found=False)
        landing = self.env.ref(LANDING_ACTION, raise_if_not_found=False)
        if not (group and landing):
            return
        users = self.filtered(lambda u: not u.action_id and group in u.groups_id)
        if users:
            users.write({"action_id": landing.id})

    # ---- Landing ------------------------------------------------------------------------
    def _get_aftersales_landing_action(self):
        """The screen where this user's after-sales day starts: the dashboard for
        managers, today's calls for agents, today's bookings for advisors, the delivered
        visits to invoice for accountants."""
        self.ensure_one()
        for group, method in LANDING_ROLES:
            if self.has_group(group):
                return getattr(self, method)()
        return self._get_aftersales_advisor_landing()

    def _get_aftersales_manager_landing(self):
        xmlid = "fleet_aftersales.fleet_aftersales_dashboard_action"
        action = self.env.ref(xmlid)
        if action.type == "ir.actions.server":
            return action.run()
        return self.env["ir.actions.actions"]._for_xml_id(xmlid)

    def _get_aftersales_agent_landing(self):
        """The pending calls due today or earlier (the company's today)."""
        today = self.env.company._aftersales_today()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_aftersales.fleet_aftersales_callback_action_my"
        )
        action.update(
            name=self.env._("Today's Calls"),
            domain=[("state", "=", "pending"), ("date_due", "<=", fields.Date.to_string(today))],
            context={"search_default_my_callbacks": 1},
        )
        return action

    def _get_aftersales_advisor_landing(self):
        """Today's bookings (the company's day) in the day calendar, one colour an
        advisor, filtered on the user's own (the filter removed, the colleagues' show);
        an arrived booking's popup opens the visit it led to."""
        company = self.env.company
        # the calendar opens on the day of this moment in the browser's zone: the
        # company's noon is its today wherever the browser is
        noon = company._aftersales_to_utc(datetime.combine(company._aftersales_today(), time(12)))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_aftersales.fleet_aftersales_appointment_action_today"
        )
        action.update(
            name=self.env._("Today's Bookings"),
            context={"initial_date": fields.Datetime.to_string(noon), "search_default_my": 1},
        )
        return action

    def _get_aftersales_accountant_landing(self):
        """The shop's delivered visits without a posted customer invoice: the invoices
        the accountant creates and posts (``action_create_invoice``), the filter removed,
        every visit shows."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_aftersales.fleet_aftersales_visit_action_to_invoice"
        )
