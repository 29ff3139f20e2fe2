# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import FleetAftersalesCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPartnerArchive(FleetAftersalesCase):
    def _archive_activities(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("fleet_aftersales.mail_act_archive_completion").id,
                ),
            ]
        )

    def test_owner_smart_button_shows_vehicles_without_driver(self):
        second = self.env["fleet.vehicle"].create(
            {"model_id": self.model.id, "license_plate": "粤A·54321", "owner_id": self.customer.id}
        )
        self.assertFalse(second.driver_id)
        self.assertEqual(self.customer.vehicle_ids, self.vehicle | second)
        self.assertEqual(self.customer.owned_vehicle_count, 2)
        action = self.customer.action_view_owned_vehicles()
        found = self.env["fleet.vehicle"].with_context(**action["context"]).search(action["domain"])
        self.assertEqual(found, self.vehicle | second)
        # an after-sales user who drives none of them sees them too
        found = self.env["fleet.vehicle"].with_user(self.user).search(action["domain"])
        self.assertEqual(found, self.vehicle | second)
        second.active = False
        self.assertEqual(self.customer.owned_vehicle_count, 2, "archived cars stay in the archive")

    def test_call_window_validated(self):
        self.customer.write({"call_window_start": 18.5, "call_window_end": 21})
        with self.assertRaisesRegex(ValidationError, "call window"):
            self.customer.write({"call_window_start": 21, "call_window_end": 18})
        with self.assertRaisesRegex(ValidationError, "call window"):
            self.customer.write({"call_window_start": 8, "call_window_end": 25})

    def test_after_sales_fields_on_the_contact_form(self):
        with Form(self.customer.with_user(self.manager)) as form:
            form.preferred_channel = "sms"
            form.desired_services = "Pick-up and delivery"
            form.is_club_member = True
            form.birthday = date(1988, 3, 5)
        self.assertEqual(self.customer.preferred_channel, "sms")
        self.assertTrue(self.customer.is_club_member)

    def test_last_visit_date_and_history_order(self):
        self.assertFalse(self.customer.last_visit_date)
        first = self.make_visit(date(2026, 1, 5), odometer=1000)
        second = self.make_visit(date(2026, 3, 5), odometer=2000)
        self.make_visit(date(2026, 4, 5), odometer=3000, deliver=False)
        self.assertEqual(self.customer.last_visit_date, date(2026, 3, 5), "delivered visits only")
        history = self.customer.visit_ids.filtered(lambda v: v.state == "delivered")
        self.assertEqual(history, second | first)
        self.assertEqual(history[0], second, "newest first")

    def test_completeness(self):
        self.assertTrue(self.customer.is_archive_complete, self.customer.archive_missing)
        self.vehicle.vin_sn = False
        self.assertFalse(self.customer.is_archive_complete)
        self.assertIn("VIN", self.customer.archive_missing)
        self.vehicle.vin_sn = "LGXCE4CB8N0012345"
        self.customer.mobile = False
        self.assertIn("phone", self.customer.archive_missing)
        no_car = self.env["res.partner"].create(
            {"name": "No car", "phone": "1", "street": "s", "city": "c"}
        )
        self.assertEqual(no_car.archive_missing, "vehicle")

    def test_cron_asks_for_incomplete_archive_two_days_after_visit(self):
        walk_in = self.env["res.partner"].create(
            {"name": "Walk-in", "followup_user_id": self.agent.id}
        )
        car = self.env["fleet.vehicle"].create({"model_id": self.model.id, "owner_id": walk_in.id})
        self.make_visit(date(2026, 6, 1), vehicle=car, odometer=100)
        self.make_visit(date(2026, 6, 1), odometer=200)  # the complete archive of self.customer
        Partner = self.env["res.partner"]
        with freeze_time("2026-06-02 12:00:00"):
            Partner._cron_check_archive_completeness()
        self.assertFalse(self._archive_activities(walk_in), "not before two days")
        with freeze_time("2026-06-03 12:00:00"):
            Partner._cron_check_archive_completeness()
        activity = self._archive_activities(walk_in)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.agent, "the follow-up agent completes it")
        self.assertIn("phone", activity.note)
        self.assertFalse(
            self._archive_activities(self.customer), "complete archives are left alone"
        )
        # idempotent: a second run, and a new visit while the activity is open, add nothing
        with freeze_time("2026-06-10 12:00:00"):
            Partner._cron_check_archive_completeness()
            self.make_visit(date(2026, 6, 5), vehicle=car, odometer=300)
            Partner._cron_check_archive_completeness()
        self.assertEqual(len(self._archive_activities(walk_in)), 1)

    def test_cron_falls_back_to_the_advisor(self):
        walk_in = self.env["res.partner"].create({"name": "Walk-in 2"})
        car = self.env["fleet.vehicle"].create({"model_id": self.model.id, "owner_id": walk_in.id})
        self.make_visit(date(2026, 6, 1), vehicle=car)
        with freeze_time("2026-06-04 12:00:00"):
            self.env["res.partner"]._cron_check_archive_completeness()
        self.assertEqual(self._archive_activities(walk_in).user_id, self.user)

    def test_manager_lists_incomplete_archives(self):
        walk_in = self.env["res.partner"].create({"name": "Walk-in 3"})
        car = self.env["fleet.vehicle"].create({"model_id": self.model.id, "owner_id": walk_in.id})
        self.make_visit(date(2026, 6, 1), vehicle=car)
        action = self.env.ref("fleet_aftersales.res_partner_action_archive_incomplete")
        found = self.env["res.partner"].with_user(self.manager).search(safe_eval(action.domain))
        self.assertIn(walk_in, found)
        self.assertNotIn(self.customer, found)
