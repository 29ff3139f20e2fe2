# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A delivered visit keeps its advisor (the ratings of its calls count for him), and no
visit goes to the agent who calls it back."""

from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestVisitAdvisor(DealerGroupCase):
    def second_advisor(self):
        """Another advisor of shop A (one, whoever asks)."""
        login = "fa_advisor2_a"
        return self.env["res.users"].search([("login", "=", login)]) or self.make_shop_user(
            self.shop_a,
            login,
            "广州天河服务顾问二",
            "fleet_aftersales.fleet_aftersales_group_advisor",
        )

    def bad_call(self, visit):
        """The visit's satisfaction call, done by agent A with a Very Poor rating."""
        call = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.agent_a)
            .create(
                {
                    "callback_type": "satisfaction",
                    "partner_id": visit.partner_id.id,
                    "visit_id": visit.id,
                    "user_id": self.agent_a.id,
                    "date_due": TODAY,
                }
            )
        )
        call.answer_ids.write({"rating": "5"})
        call.answer_ids[0].write({"rating": "1", "reason": "态度差"})
        with self.at_beijing(TODAY, 23, 30):
            call.action_done()
        return call

    def test_an_advisor_cannot_hand_a_delivered_visit_to_another(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                customer = self.history_a[0 if hour == 1 else 1]
                visit = self.deliver_visit(
                    customer.vehicle_ids, TODAY - timedelta(days=3), 17
                ).with_user(self.advisor_a)
                call = self.bad_call(visit)
                with (
                    self.at_beijing(TODAY, hour, minute),
                    self.refused(UserError, "(?i)delivered|已交车|交车"),
                ):
                    visit.advisor_id = self.second_advisor()
                self.assertEqual(call.advisor_id, self.advisor_a, "the bad rating stays his")
                # the same advisor again is no change
                visit.write({"advisor_id": self.advisor_a.id, "odometer": 20001})

    def test_a_manager_corrects_the_advisor_of_a_delivered_visit(self):
        visit = self.deliver_visit(self.history_a[2].vehicle_ids, TODAY - timedelta(days=3), 17)
        call = self.bad_call(visit)
        self.env.cr.precommit.run()  # delivered in an earlier transaction, as in the UI
        with self.at_beijing(TODAY, 1):
            visit.with_user(self.manager_a).advisor_id = self.second_advisor()
        self.assertEqual(call.advisor_id, self.second_advisor())
        self.env.cr.precommit.run()  # tracking values are written at commit
        visit.invalidate_recordset(["message_ids"])
        # (read as the superuser: tracking values are for the Settings group)
        tracked = visit.with_env(self.env).message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "advisor_id"
        )
        self.assertTrue(tracked, "the correction is tracked")

    def test_an_open_visit_does_not_go_to_the_agent_who_calls_it_back(self):
        customer = self.history_a[3]
        visit = self.receive_visit(customer.vehicle_ids, TODAY, 20000)
        # the customer rang while the car is in the workshop: agent A calls back
        self.env["fleet.aftersales.callback"].with_user(self.agent_a).create(
            {
                "callback_type": "inbound",
                "partner_id": customer.id,
                "visit_id": visit.id,
                "user_id": self.agent_a.id,
                "date_due": TODAY,
            }
        )
        with self.refused(ValidationError, "cannot call the customer back"):
            visit.advisor_id = self.agent_a
        visit.advisor_id = self.second_advisor()  # still open: another advisor may take it over
        self.assertEqual(visit.advisor_id, self.second_advisor())
