# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bookings made from a call, a customer or a car, and the customer's arrival."""

from datetime import date, timedelta

from odoo.fields import Datetime
from odoo.tests import Form, tagged

from .common import TODAY, beijing
from .test_appointment import THURSDAY, AppointmentCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAppointmentFlow(AppointmentCase):
    def make_call(self, customer, kind):
        return self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": kind,
                "company_id": self.shop_a.id,
                "partner_id": customer.id,
                "vehicle_id": customer.vehicle_ids[:1].id,
                "date_due": TODAY,
            }
        )

    def book_from_call(self, call, user):
        action = call.with_user(user).action_book()
        Appointment = self.env["fleet.aftersales.appointment"].with_user(user)
        return action, Form(Appointment.with_context(**action["context"])).save()

    def test_book_from_a_maintenance_call(self):
        customer = self.customers[0]
        call = self.make_call(customer, "maintenance_reminder")
        self.assertEqual(call.user_id, self.agent_a)
        self.assertTrue(call.is_bookable)
        with self.at_beijing(TODAY, 10, 20):
            # the advisor of the car's last visit is busy at 10:30, the last slot before the
            # lunch break (11:30-14:00): the next free slot is 14:00
            self.book(self.manager_a, self.customers[1], beijing(TODAY, 10, 30))
            action, booking = self.book_from_call(call, self.agent_a)
        self.assertEqual(
            action["context"]["default_date_start"], Datetime.to_string(beijing(TODAY, 14))
        )
        self.assertRecordValues(
            booking,
            [
                {
                    "partner_id": customer.id,
                    "vehicle_id": customer.vehicle_ids[:1].id,
                    "advisor_id": self.advisor_a.id,
                    "service_type": "maintenance",
                    "source": "reminder_call",
                    "date_start": beijing(TODAY, 14),
                    "callback_id": call.id,
                    "state": "booked",
                }
            ],
        )
        self.assertRecordValues(call, [{"state": "done", "outcome": "booked", "date_done": TODAY}])
        self.assertRegex(call.note, "Booked|已预约")

    def test_book_from_a_new_car_call(self):
        """Its questions unanswered: the booking is the call's outcome, its note says so."""
        call = self.make_call(self.customers[2], "new_car")
        with self.at_beijing(TODAY, 8):
            __, booking = self.book_from_call(call, self.agent_a)
        self.assertEqual((booking.service_type, booking.source), ("first_service", "new_car"))
        self.assertEqual((call.state, call.outcome), ("done", "booked"))

    def test_new_car_call_proposes_the_first_service_date(self):
        """A car handed over a week ago: its first service (3 months) is booked on that day."""
        customer = self.customers[3]
        new_car = self.env["fleet.vehicle"].create(
            {
                "model_id": self.car_model.id,
                "owner_id": customer.id,
                "company_id": self.shop_a.id,
                "delivery_date": TODAY - timedelta(days=7),
            }
        )
        first_service = new_car.next_service_date
        self.assertEqual(first_service, date(2026, 9, 3))
        call = self.make_call(customer, "new_car")
        call.vehicle_id = new_car
        Appointment = self.env["fleet.aftersales.appointment"].with_user(self.agent_a)
        with self.at_beijing(TODAY, 10):
            # no visit yet, so no advisor of the car: the agent picks one
            action = call.with_user(self.agent_a).action_book()
            with Form(Appointment.with_context(**action["context"])) as form:
                form.advisor_id = self.advisor_a
        booking = form.record
        self.assertEqual(booking.vehicle_id, new_car)
        self.assertEqual(booking.date_start, beijing(first_service, 8, 30))
        self.assertEqual(booking.service_type, "first_service")

    def test_satisfaction_calls_book_nothing(self):
        call = self.make_call(self.customers[0], "satisfaction")
        self.assertFalse(call.is_bookable)

    def test_book_from_the_car_and_the_customer(self):
        customer = self.customers[3]
        car = customer.vehicle_ids[:1]
        with self.at_beijing(TODAY, 16, 30):
            action = car.with_user(self.advisor_a).action_book_appointment()
            booking = Form(
                self.env["fleet.aftersales.appointment"]
                .with_user(self.advisor_a)
                .with_context(**action["context"])
            ).save()
        # 16:30: the day's last slot started; the next is tomorrow at opening
        self.assertRecordValues(
            booking,
            [
                {
                    "vehicle_id": car.id,
                    "partner_id": customer.id,
                    "advisor_id": self.advisor_a.id,
                    "date_start": beijing(THURSDAY, 8, 30),
                }
            ],
        )
        customer_as_agent = customer.with_user(self.agent_a)
        self.assertEqual(customer_as_agent.appointment_count, 1)
        self.assertEqual(car.with_user(self.agent_a).appointment_count, 1)
        context = customer_as_agent.action_book_appointment()["context"]
        self.assertEqual(context["default_partner_id"], customer.id)
        self.assertFalse(context["default_advisor_id"], "an agent picks the advisor")

    def test_arrival_creates_the_visit(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book(self.agent_a, self.customers[0], beijing(TODAY, 10))
            booking.with_user(self.agent_a).action_confirm()
        with self.at_beijing(TODAY, 9, 50):
            action = booking.with_user(self.advisor_a).action_arrive()
        visit = booking.visit_id
        self.assertEqual(action["res_id"], visit.id, "the visit's form opens for the odometer")
        self.assertEqual(booking.state, "arrived")
        self.assertRecordValues(
            visit,
            [
                {
                    "vehicle_id": booking.vehicle_id.id,
                    "partner_id": booking.partner_id.id,
                    "advisor_id": self.advisor_a.id,
                    "visit_type": "maintenance",
                    "reception_datetime": beijing(TODAY, 9, 50),
                    "company_id": self.shop_a.id,
                    "state": "draft",
                }
            ],
        )
