# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Where advisors land (today's bookings, calendar by advisor) and the first-service
(首保) booking proposed at the new-car handover (#16, #17).

The fixture's plan: first service at 3 months / 3,000 km; a car handed over on 10 March
2026 is due on 10 June (no odometer reading yet: the date decides)."""

from datetime import date, timedelta

from odoo.fields import Datetime
from odoo.tests import Form, tagged

from .common import TODAY, beijing
from .test_appointment import DRAGON_BOAT, AppointmentCase

HANDOVER = date(2026, 3, 10)
DAILY = "fleet_aftersales.ir_cron_generate_callbacks"
BOOK_FIRST = "fleet_aftersales.mail_act_book_first_service"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAdvisorLanding(AppointmentCase):
    def test_advisor_lands_on_todays_bookings_by_advisor(self):
        landing = self.env.ref("fleet_aftersales.fleet_aftersales_action_landing")
        # 01:00 in Beijing on the 11th is still the 10th in UTC: the shop's day counts
        with self.at_beijing(TODAY + timedelta(days=1), 1):
            action = landing.with_user(self.advisor_a).run()
        self.assertEqual(action["res_model"], "fleet.aftersales.appointment")
        self.assertEqual(action["views"][0][1], "calendar")
        self.assertEqual(action["context"]["search_default_my"], 1)
        self.assertEqual(
            action["context"]["initial_date"],
            Datetime.to_string(beijing(TODAY + timedelta(days=1), 12)),
        )
        Booking = self.env["fleet.aftersales.appointment"].with_user(self.advisor_a)
        arch = Booking.get_views([(action["views"][0][0], "calendar")])["views"]["calendar"]["arch"]
        self.assertIn('color="advisor_id"', arch)
        self.assertRegex(arch, r'<field name="advisor_id"[^>]*filters="1"')
        self.assertIn('mode="day"', arch)
        self.assertIn('name="visit_id"', arch, "an arrived booking's popup opens its visit")
        # the "my" filter is the advisor's own bookings
        search = Booking.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertRegex(search, r"name=\"my\"[^>]*domain=\"\[\('advisor_id', '=', uid\)\]\"")


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestFirstServiceAtHandover(AppointmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.customers[3]
        cls.car = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.car_model.id,
                "owner_id": cls.owner.id,
                "company_id": cls.shop_a.id,
                "license_plate": "粤A·NEW01",
            }
        )

    def hand_over(self, day):
        """The advisor records the handover on the car's form, on ``day`` at 10:00."""
        with self.at_beijing(day, 10), Form(self.car.with_user(self.advisor_a)) as car:
            car.delivery_date = day
        return self.car.with_user(self.advisor_a)

    def proposal(self, car, day):
        with self.at_beijing(day, 10, 5):
            return car.action_book_first_service()

    def test_handover_proposes_the_first_service_on_the_plans_date(self):
        car = self.hand_over(HANDOVER)
        self.assertEqual(car.next_service_date, date(2026, 6, 10))
        self.assertTrue(car.is_first_service_to_book)
        action = self.proposal(car, HANDOVER)
        context = action["context"]
        self.assertEqual(context["default_date_start"], Datetime.to_string(beijing(TODAY, 8, 30)))
        self.assertEqual(context["default_service_type"], "first_service")
        self.assertEqual(context["default_source"], "new_car")
        self.assertEqual(context["default_vehicle_id"], car.id)
        self.assertEqual(context["default_partner_id"], self.owner.id)
        self.assertEqual(context["default_advisor_id"], self.advisor_a.id)
        Booking = self.env["fleet.aftersales.appointment"].with_user(self.advisor_a)
        with self.at_beijing(HANDOVER, 10, 6):
            booking = Form(Booking.with_context(**context)).save()
        self.assertRecordValues(
            booking,
            [
                {
                    "partner_id": self.owner.id,
                    "vehicle_id": car.id,
                    "advisor_id": self.advisor_a.id,
                    "service_type": "first_service",
                    "source": "new_car",
                    "date_start": beijing(TODAY, 8, 30),
                    "state": "booked",
                    "is_slot_held": True,
                }
            ],
        )
        car.invalidate_recordset()
        self.assertFalse(car.is_first_service_to_book, "booked: proposed no more")

    def test_first_free_slot_of_that_day(self):
        with self.at_beijing(HANDOVER, 9):
            self.book(self.agent_a, self.customers[0], beijing(TODAY, 8, 30))
        action = self.proposal(self.hand_over(HANDOVER), HANDOVER)
        self.assertEqual(
            action["context"]["default_date_start"], Datetime.to_string(beijing(TODAY, 9, 30))
        )

    def test_a_holiday_moves_it_to_the_next_working_day(self):
        self.close_shop(self.shop_a, DRAGON_BOAT, "端午节")
        car = self.hand_over(date(2026, 3, 19))
        self.assertEqual(car.next_service_date, DRAGON_BOAT)
        action = self.proposal(car, date(2026, 3, 19))
        # closed on Friday 19th and over the holiday's weekend: Monday 22nd at opening time
        self.assertEqual(
            action["context"]["default_date_start"],
            Datetime.to_string(beijing(DRAGON_BOAT + timedelta(days=3), 8, 30)),
        )

    def test_no_proposal_without_handover_or_once_serviced(self):
        car = self.car.with_user(self.advisor_a)
        self.assertFalse(car.is_first_service_to_book, "not handed over by us")
        self.hand_over(HANDOVER)
        self.deliver_visit(self.car, date(2026, 5, 20), 10, 2500.0, "first_service")
        car.invalidate_recordset()
        self.assertFalse(car.is_first_service_to_book, "first service done")

    def test_the_new_car_calls_activity_is_not_duplicated_and_ends_booked(self):
        """The handover adds no second "book first service" activity; booking the first
        service from the car closes the new-car call's one."""
        car = self.hand_over(HANDOVER)
        Activity = self.env["mail.activity"]
        domain = [
            ("res_model", "=", "fleet.vehicle"),
            ("res_id", "=", car.id),
            ("activity_type_id", "=", self.env.ref(BOOK_FIRST).id),
        ]
        self.assertFalse(Activity.search(domain), "the proposal is the car's button")
        self.run_action(DAILY, HANDOVER + timedelta(days=7), 1)
        activity = Activity.search(domain)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.agent_a)
        context = self.proposal(car, HANDOVER + timedelta(days=7))["context"]
        Booking = self.env["fleet.aftersales.appointment"].with_user(self.advisor_a)
        with self.at_beijing(HANDOVER + timedelta(days=7), 10, 6):
            Form(Booking.with_context(**context)).save()
        self.assertFalse(Activity.search(domain), "done once the first service is booked")
        self.assertTrue(
            car.message_ids.filtered(lambda m: m.mail_activity_type_id == self.env.ref(BOOK_FIRST)),
            "the activity's feedback is in the car's chatter",
        )

    def test_booked_at_the_handover_the_new_car_call_asks_no_more(self):
        """Booked at the handover, the new-car call a week later brings no "book first
        service" activity."""
        car = self.hand_over(HANDOVER)
        context = self.proposal(car, HANDOVER)["context"]
        Booking = self.env["fleet.aftersales.appointment"].with_user(self.advisor_a)
        with self.at_beijing(HANDOVER, 10, 6):
            Form(Booking.with_context(**context)).save()
        self.run_action(DAILY, HANDOVER + timedelta(days=7), 1)
        calls = self.env["fleet.aftersales.callback"].search(
            [("vehicle_id", "=", car.id), ("callback_type", "=", "new_car")]
        )
        self.assertEqual(len(calls), 1, "the new-car call itself is made")
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "fleet.vehicle"),
                ("res_id", "=", car.id),
                ("activity_type_id", "=", self.env.ref(BOOK_FIRST).id),
            ]
        )
        self.assertFalse(activity)
