# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A complaint's owner works it up to its resolution; the customer's answer to the
confirmation call closes it; only a manager closes it by hand or lifts an escalation."""

from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase

ESCALATE = "fleet_aftersales.ir_cron_escalate_complaints"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestComplaintRoles(DealerGroupCase):
    @property
    def customer(self):
        return self.history_a[0]

    def register(self, owner=None, hour=10, minute=0):
        """A complaint of shop A registered by its agent and owned by ``owner``."""
        with self.at_beijing(TODAY, hour, minute):
            return (
                self.env["fleet.aftersales.complaint"]
                .with_user(self.agent_a)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "vehicle_id": self.customer.vehicle_ids.id,
                        "description": "保养后发动机异响",
                        "user_id": owner.id if owner else False,
                        "date_deadline": TODAY + timedelta(days=3),
                    }
                )
            )

    def resolve(self, complaint, user=None, hour=10, minute=0):
        """Start and resolve ``complaint`` as ``user`` (its owner, the advisor)."""
        complaint = complaint.with_user(user or self.advisor_a)
        with self.at_beijing(TODAY, hour, minute):
            complaint.action_start()
            complaint.write({"root_cause": "减震垫松动", "resolution": "更换减震垫"})
            complaint.action_resolve()
        return complaint

    def test_the_owner_resolves_and_the_agent_confirms(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                complaint = self.register(self.advisor_a, hour, minute)
                self.resolve(complaint, hour=hour, minute=minute)
                self.assertEqual(complaint.state, "resolved")
                call = complaint.confirmation_callback_ids
                self.assertEqual(len(call), 1, "the owner's resolution asks for a call")
                self.assertEqual(call.user_id, self.agent_a, "made by the shop's agent")
                self.assertEqual(call.date_due, date(2026, 6, 11), "the next working day")
                call = call.with_user(self.agent_a)
                call.answer_ids.write({"rating": "5"})
                with self.at_beijing(TODAY + timedelta(days=1), 10):
                    call.action_done()
                self.assertEqual(complaint.state, "closed", "the satisfied customer closes it")
                self.assertEqual(complaint.customer_satisfaction, "satisfied")

    def test_the_owner_cannot_skip_the_confirmation(self):
        complaint = self.register(self.advisor_a)
        mine = complaint.with_user(self.advisor_a)
        mine.action_start()
        mine.write({"root_cause": "减震垫松动", "resolution": "更换减震垫"})
        for state in ("resolved", "closed"):
            with self.subTest(state=state), self.assertRaises(AccessError):
                mine.write({"state": state})
        self.assertEqual(complaint.state, "in_progress")
        self.assertFalse(complaint.confirmation_callback_ids)
        mine.action_resolve()
        with self.assertRaisesRegex(AccessError, "经理|manager"):
            mine.action_close()
        with self.assertRaises(AccessError):
            mine.write({"state": "closed"})
        with self.assertRaises(AccessError):
            mine.write({"customer_satisfaction": "satisfied"})
        self.assertEqual(complaint.state, "resolved")
        # the shop's manager closes it by hand; another shop's cannot even see it
        with self.assertRaises(AccessError):
            complaint.with_user(self.manager_b).action_close()
        complaint.with_user(self.manager_a).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_nobody_but_a_manager_sets_the_state(self):
        # a complaint nobody owns yet: anybody completes it, nobody moves it by hand
        complaint = self.register()
        for user in (self.agent_a, self.advisor_a, self.accountant_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                complaint.with_user(user).write({"state": "in_progress"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.advisor_b).write({"state": "in_progress"})
        self.assertEqual(complaint.state, "new")
        with self.assertRaises(AccessError):
            self.env["fleet.aftersales.complaint"].with_user(self.agent_a).create(
                {
                    "partner_id": self.customer.id,
                    "description": "投诉",
                    "state": "closed",
                }
            )
        complaint.with_user(self.manager_a).write({"state": "cancelled"})
        self.assertEqual(complaint.state, "cancelled")
        # handing it to an owner still assigns it, the buttons still move it
        complaint.with_user(self.manager_a).action_reopen()
        complaint.with_user(self.agent_a).write({"user_id": self.advisor_a.id})
        self.assertEqual(complaint.state, "assigned")
        with self.assertRaises(UserError):
            complaint.with_user(self.advisor_a).action_close()

    def test_only_a_manager_lifts_an_escalation(self):
        complaint = self.register(self.advisor_a)
        self.run_action(ESCALATE, TODAY + timedelta(days=5), 1)
        self.assertTrue(complaint.is_escalated)
        self.assertEqual(complaint.escalated_to_id, self.manager_a)
        for vals in ({"is_escalated": False}, {"escalated_to_id": False}):
            for user in (self.advisor_a, self.agent_a):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(AccessError):
                    complaint.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            complaint.with_user(self.manager_b).write({"is_escalated": False})
        self.assertTrue(complaint.is_escalated)
        complaint.with_user(self.manager_a).write({"is_escalated": False})
        self.assertFalse(complaint.is_escalated)
