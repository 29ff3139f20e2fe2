# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An opt-out is edited or lifted by a manager or by whoever recorded it."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DealerGroupCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestOptoutRights(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a2 = cls.make_second_agent_a()

    def record(self, user, kind="birthday"):
        return (
            self.env["fleet.aftersales.optout"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.history_a[1].id,
                    "callback_type": kind,
                    "reason": "不要生日电话",
                }
            )
        )

    def test_whoever_recorded_it_edits_and_lifts_it(self):
        optout = self.record(self.agent_a)
        self.assertEqual(optout.user_id, self.agent_a)
        optout.write({"reason": "客户说不要任何生日问候"})
        optout.action_archive()
        self.assertFalse(optout.active)

    def test_colleagues_read_but_neither_edit_nor_lift_it(self):
        optout = self.record(self.agent_a)
        for user in (self.agent_a2, self.advisor_a, self.accountant_a):
            mine = optout.with_user(user)
            self.assertEqual(mine.reason, "不要生日电话", "everybody of the shop sees it")
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    mine.write({"reason": "改了"})
                with self.assertRaises(AccessError):
                    mine.action_archive()
                with self.assertRaises(AccessError):
                    mine.write({"user_id": user.id})
        self.assertTrue(optout.active)
        with self.assertRaises(AccessError):
            optout.with_user(self.agent_b).reason  # noqa: B018

    def test_a_manager_edits_and_lifts_any_opt_out_of_the_shop(self):
        optout = self.record(self.agent_a)
        optout.with_user(self.manager_a).write({"reason": "经理核实"})
        optout.with_user(self.manager_a).action_archive()
        self.assertFalse(optout.active)
        # and records one again, in the name of nobody else
        again = self.record(self.agent_a2)
        self.assertEqual(again.user_id, self.agent_a2)
