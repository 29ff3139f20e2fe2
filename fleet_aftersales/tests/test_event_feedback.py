# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Event feedback (#18, seed 004: 对客户参与活动后的感受进行回访): a campaign's invited
customers each get a line of attendance; those who came to the event get a feedback call
from the daily action, the shop's satisfaction call delay (3 days) after the event, once,
with its question and script.

Shop A's 车友联谊会 on 10 June: three history customers invited, two came. Shop B's the
same day: two invited, one came.
"""

from datetime import timedelta

from odoo.tests import tagged

from .common import TODAY, DealerGroupCase

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestEventFeedback(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for shop in (cls.shop_a, cls.shop_b):
            # each purpose its own call here (the days between calls are tested elsewhere)
            shop.aftersales_call_interval_days = 0
        cls.campaign_a = cls.make_campaign("a", cls.history_a[:3], cls.history_a[:2])
        cls.campaign_b = cls.make_campaign("b", cls.history_b[:2], cls.history_b[:1])

    @classmethod
    def make_campaign(cls, key, invited, came):
        """The shop's manager confirms the campaign 20 days before, then ticks who came."""
        manager = getattr(cls, f"manager_{key}")
        with cls.at_beijing(TODAY - timedelta(days=20), 10):
            campaign = (
                cls.env["fleet.aftersales.campaign"]
                .with_user(manager)
                .create(
                    {
                        "name": "车友联谊会",
                        "date": TODAY,
                        "company_id": manager.company_id.id,
                        "target_domain": str([("id", "in", invited.ids)]),
                    }
                )
            )
            campaign.action_confirm()
        with cls.at_beijing(TODAY, 18):
            campaign.attendee_ids.filtered(lambda a: a.partner_id in came).write({"attended": True})
        return campaign

    def feedback_calls(self, manager):
        return (
            self.env["fleet.aftersales.callback"]
            .with_user(manager)
            .search([("callback_type", "=", "event_feedback")])
        )

    def test_invited_customers_get_a_line_of_attendance(self):
        self.assertEqual(self.campaign_a.attendee_ids.partner_id, self.history_a[:3])
        self.assertEqual(self.campaign_a.attended_count, 2)
        # inviting again adds nobody twice
        with self.at_beijing(TODAY - timedelta(days=19), 10):
            self.campaign_a.with_user(self.manager_a).action_confirm()
        self.assertEqual(len(self.campaign_a.attendee_ids), 3)

    def test_attendees_get_one_feedback_call_after_the_event(self):
        self.run_action(DAILY, TODAY + timedelta(days=2))
        self.assertFalse(self.feedback_calls(self.manager_a), "3 days after the event")
        self.run_action(DAILY, TODAY + timedelta(days=3))
        calls_a = self.feedback_calls(self.manager_a)
        self.assertEqual(calls_a.partner_id, self.history_a[:2], "those who came, not the third")
        self.assertEqual(calls_a.campaign_id, self.campaign_a)
        self.assertEqual(calls_a.user_id, self.agent_a)
        self.assertEqual(set(calls_a.mapped("reminder_date")), {TODAY})
        self.assertEqual(
            calls_a.activity_ids.activity_type_id,
            self.env.ref("fleet_aftersales.mail_act_callback_event_feedback"),
        )
        question = self.env.ref("fleet_aftersales.question_event_feedback")
        self.assertEqual(calls_a.answer_ids.question_id, question)
        calls_b = self.feedback_calls(self.manager_b)
        self.assertEqual(calls_b.partner_id, self.history_b[:1])
        self.assertEqual(calls_b.user_id, self.agent_b)
        # the next mornings: none twice
        self.run_action(DAILY, TODAY + timedelta(days=4))
        self.assertEqual(self.feedback_calls(self.manager_a), calls_a)
        self.assertEqual(len(self.feedback_calls(self.group_manager)), 3)
        # the agent reads the kind's script (its zh_CN comes with the translations' merge)
        call = calls_a[:1].with_user(self.agent_a)
        self.assertIn("感谢您参加我们的活动", call.call_script or "", "in the shop's language")
