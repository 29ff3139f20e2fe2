# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackTour(HttpCase):
    def test_agent_answers_a_callback_from_the_inbox(self):
        agent = new_test_user(
            self.env,
            "fa_tour_agent",
            name="Tour Agent",
            groups="fleet_aftersales.fleet_aftersales_group_agent",
            lang="en_US",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer", "mobile": "13800000000"}
        )
        callback = self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "second_followup",
                "partner_id": customer.id,
                "user_id": agent.id,
                "date_due": fields.Date.today(),
            }
        )
        self.assertEqual(len(callback.answer_ids), 2)
        self.start_tour("/odoo", "fleet_aftersales_callback_tour", login="fa_tour_agent")
        self.assertEqual(callback.state, "done")
        first, second = callback.answer_ids.sorted("sequence")
        self.assertEqual(first.rating, "5")
        self.assertEqual(second.rating, "2")
        self.assertEqual(second.reason, "The car still pulls to the left")
        self.assertFalse(
            callback.activity_ids.filtered(lambda a: a.user_id == agent), "out of the agent's inbox"
        )
        # the Poor answer's written notice is for its department's head, not the agent (#18)
        notice = self.env.ref("fleet_aftersales.mail_act_dissatisfaction_notice")
        self.assertFalse(callback.activity_ids.filtered(lambda a: a.activity_type_id != notice))
