# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import FleetAftersalesCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackAccess(FleetAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_agent = new_test_user(
            cls.env,
            "fa_agent2",
            name="Agent Wu",
            groups="fleet_aftersales.fleet_aftersales_group_agent",
        )
        cls.visit = cls.make_visit(date(2026, 6, 1), odometer=1000)
        cls.callback = cls.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "satisfaction",
                "partner_id": cls.customer.id,
                "visit_id": cls.visit.id,
                "user_id": cls.agent.id,
                "date_due": date(2026, 6, 4),
            }
        )

    def test_agent_works_own_callbacks(self):
        callback = self.callback.with_user(self.agent)
        callback.answer_ids.write({"rating": "5"})
        callback.suggestion = "More parking"
        callback.action_done()
        self.assertEqual(callback.state, "done")

    def test_other_agent_cannot_see_or_edit(self):
        callback = self.callback.with_user(self.other_agent)
        with self.assertRaises(AccessError):
            callback.read(["state"])
        with self.assertRaises(AccessError):
            callback.write({"suggestion": "x"})
        self.assertFalse(
            self.env["fleet.aftersales.callback"].with_user(self.other_agent).search([])
            & self.callback
        )

    def test_advisor_reads_but_does_not_answer(self):
        callback = self.callback.with_user(self.user)
        self.assertEqual(callback.state, "pending")
        with self.assertRaises(AccessError):
            callback.write({"note": "I answer my own customer"})
        with self.assertRaises(AccessError):
            callback.answer_ids.write({"rating": "5"})

    def test_manager_sees_and_edits_all(self):
        callback = self.callback.with_user(self.manager)
        callback.user_id = self.other_agent
        self.assertIn(
            self.callback, self.env["fleet.aftersales.callback"].with_user(self.manager).search([])
        )
