# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import FleetAftersalesCase

# role -> model -> the operations allowed by the access rights (r, w, c, u = unlink)
MATRIX = {
    "advisor": {
        "fleet.aftersales.visit": "rwc",
        "fleet.aftersales.callback": "r",
        "fleet.aftersales.callback.answer": "r",
        "fleet.aftersales.complaint": "rwc",
        "fleet.aftersales.maintenance.plan": "r",
        "fleet.aftersales.question": "r",
        "fleet.aftersales.campaign": "r",
        "fleet.aftersales.optout": "rwc",
        "fleet.vehicle": "rwc",
        "res.partner": "rwcu",  # Odoo's contact creation group
        "account.move": "",
    },
    "agent": {
        "fleet.aftersales.visit": "r",
        "fleet.aftersales.callback": "rwc",
        "fleet.aftersales.callback.answer": "rwc",
        "fleet.aftersales.complaint": "rwc",
        "fleet.aftersales.maintenance.plan": "r",
        "fleet.aftersales.question": "r",
        "fleet.aftersales.campaign": "r",
        "fleet.aftersales.optout": "rwc",
        "fleet.vehicle": "rwc",
        "res.partner": "rwcu",  # Odoo's contact creation group
        "account.move": "",
    },
    "manager": {
        "fleet.aftersales.visit": "rwcu",
        "fleet.aftersales.callback": "rwcu",
        "fleet.aftersales.callback.answer": "rwcu",
        "fleet.aftersales.complaint": "rwcu",
        "fleet.aftersales.maintenance.plan": "rwcu",
        "fleet.aftersales.question": "rwcu",
        "fleet.aftersales.campaign": "rwcu",
        "fleet.aftersales.optout": "rwcu",
        "fleet.vehicle": "rwcu",
        "res.partner": "rwcu",
        "account.move": "",
    },
    "accountant": {
        "fleet.aftersales.visit": "r",
        "fleet.aftersales.callback": "",
        "fleet.aftersales.complaint": "",
        "account.move": "rwcu",
    },
    "employee": {
        "fleet.aftersales.visit": "",
        "fleet.aftersales.callback": "",
        "fleet.aftersales.complaint": "",
        "fleet.aftersales.maintenance.plan": "",
    },
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAccessMatrix(FleetAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "advisor": cls.user,
            "agent": cls.agent,
            "manager": cls.manager,
            "accountant": new_test_user(
                cls.env, "fa_pure_accountant", groups="account.group_account_invoice"
            ),
            "employee": new_test_user(cls.env, "fa_employee", groups="base.group_user"),
        }

    def test_access_rights_matrix(self):
        Access = self.env["ir.model.access"]
        for role, models in MATRIX.items():
            user = self.roles[role]
            for model, allowed in models.items():
                for letter, operation in OPERATIONS.items():
                    with self.subTest(role=role, model=model, operation=operation):
                        self.assertEqual(
                            Access.with_user(user).check(model, operation, raise_exception=False),
                            letter in allowed,
                        )

    def test_record_rules(self):
        visit = self.make_visit(date(2026, 6, 1), odometer=1000)
        other_agent = new_test_user(
            self.env, "fa_agent_b", groups="fleet_aftersales.fleet_aftersales_group_agent"
        )
        callback = self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "satisfaction",
                "partner_id": self.customer.id,
                "visit_id": visit.id,
                "user_id": self.agent.id,
                "date_due": date(2026, 6, 4),
            }
        )
        # the agent edits his own callback, not another agent's
        callback.with_user(self.agent).note = "Called at noon"
        with self.assertRaises(AccessError):
            callback.with_user(other_agent).write({"note": "not mine"})
        # the advisor reads the callback of the car he received, but cannot answer it
        self.assertEqual(callback.with_user(self.user).partner_id, self.customer)
        with self.assertRaises(AccessError):
            callback.with_user(self.user).answer_ids.write({"rating": "5"})
        # an advisor of another car does not see it
        other_advisor = new_test_user(
            self.env, "fa_advisor_b", groups="fleet_aftersales.fleet_aftersales_group_advisor"
        )
        self.assertFalse(
            self.env["fleet.aftersales.callback"]
            .with_user(other_advisor)
            .search([("id", "=", callback.id)])
        )
        # the agent sees the amounts of a visit, not the invoices
        self.assertEqual(visit.with_user(self.agent).amount_invoiced, 0.0)
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(self.agent).search([])

    def test_other_company_invisible_to_every_role(self):
        other = self.env["res.company"].create({"name": "Other Dealer"})
        partner = self.env["res.partner"].create({"name": "Other customer"})
        car = self.env["fleet.vehicle"].create({"model_id": self.model.id, "company_id": other.id})
        visit = self.env["fleet.aftersales.visit"].create(
            {"vehicle_id": car.id, "partner_id": partner.id, "company_id": other.id}
        )
        callback = self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "inbound",
                "partner_id": partner.id,
                "company_id": other.id,
                "date_due": date(2026, 6, 1),
            }
        )
        campaign = self.env["fleet.aftersales.campaign"].create(
            {"name": "Elsewhere", "date": date(2026, 7, 1), "company_id": other.id}
        )
        for role in ("advisor", "agent", "manager"):
            user = self.roles[role]
            for record in (car, visit, callback, campaign):
                with self.subTest(role=role, model=record._name):
                    self.assertFalse(record.with_user(user).search([("id", "=", record.id)]))
                    with self.assertRaises(AccessError):
                        record.with_user(user).read(["display_name"])
