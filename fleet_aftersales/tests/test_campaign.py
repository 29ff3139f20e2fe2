# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import ReminderCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCampaign(ReminderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.is_club_member = True
        cls.other = cls.env["res.partner"].create({"name": "Not a member", "mobile": "1"})
        cls.env["fleet.vehicle"].create({"model_id": cls.model.id, "owner_id": cls.other.id})

    def new_campaign(self, **vals):
        with Form(self.env["fleet.aftersales.campaign"].with_user(self.manager)) as form:
            form.name = "Free check-up week"
            form.date = date(2026, 7, 1)
            form.place = "Showroom"
            form.target_model = "res.partner"
            form.target_domain = "[('is_club_member', '=', True), ('name', '=', 'Zhang Wei')]"
            for key, value in vals.items():  # target_model first, then its domain
                setattr(form, key, value)
        return form.record

    @freeze_time("2026-06-01 09:00:00")
    def test_invitations_two_weeks_before_then_letters(self):
        campaign = self.new_campaign()
        self.assertEqual(campaign.invitation_date, date(2026, 6, 17))
        self.assertEqual(campaign.target_count, 1)
        campaign.action_confirm()
        calls = campaign.callback_ids.filtered(lambda c: c.channel == "phone")
        letters = campaign.callback_ids.filtered(lambda c: c.channel == "letter")
        self.assertEqual(calls.partner_id, self.customer)
        self.assertEqual(calls.date_due, date(2026, 6, 17))
        self.assertEqual(calls.callback_type, "campaign")
        self.assertEqual(letters.partner_id, self.customer)
        self.assertEqual(
            letters.date_due, date(2026, 6, 19), "the letter within two days of the call"
        )
        self.assertEqual(letters.parent_id, calls)
        self.assertFalse(letters.answer_ids, "a letter asks no question")
        questions = calls.answer_ids.question_id
        self.assertIn(
            self.env.ref("fleet_aftersales.question_campaign_club"),
            questions,
            "club members' own question",
        )
        self.assertEqual((campaign.invitation_count, campaign.letter_count), (1, 1))
        # confirming again invites nobody twice
        campaign.action_confirm()
        self.assertEqual(len(campaign.callback_ids), 2)

    @freeze_time("2026-06-01 09:00:00")
    def test_targets_on_vehicles_and_opt_outs(self):
        self.vehicle.delivery_date = date(2026, 3, 1)  # first service due 2026-06-01
        campaign = self.new_campaign(
            target_model="fleet.vehicle",
            target_domain="[('license_plate', '=', '粤A·12345'), "
            "('next_service_date', '<=', (context_today() + relativedelta(months=1)).strftime('%Y-%m-%d'))]",
        )
        self.assertEqual(campaign._get_target_partners(), self.customer)
        self.env["fleet.aftersales.optout"].create(
            {"partner_id": self.customer.id, "callback_type": "campaign", "reason": "No marketing"}
        )
        campaign.action_confirm()
        self.assertFalse(campaign.callback_ids)

    @freeze_time("2026-06-25 09:00:00")
    def test_late_confirmation_invites_today_and_cancel(self):
        campaign = self.new_campaign()
        campaign.action_confirm()
        call = campaign.callback_ids.filtered(lambda c: c.channel == "phone")
        self.assertEqual(call.date_due, date(2026, 6, 25))
        campaign.action_cancel()
        self.assertEqual(set(campaign.callback_ids.mapped("state")), {"cancelled"})
