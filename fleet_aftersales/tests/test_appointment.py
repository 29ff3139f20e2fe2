# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bookings: the shop's working calendar, its advisors and its service bays decide."""

from datetime import date, timedelta
from unittest.mock import patch

import psycopg2

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_datetime, mute_logger

from ..models.fleet_aftersales_appointment import FleetAftersalesAppointment
from .common import TODAY, DealerGroupCase, beijing

#: the day after TODAY (a Thursday): a working day of the shops
THURSDAY = TODAY + timedelta(days=1)
#: 端午节 2026, a Friday the shop is closed
DRAGON_BOAT = date(2026, 6, 19)


class AppointmentCase(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop_a.aftersales_service_bays = 2
        cls.advisor_a2 = cls.make_shop_user(
            cls.shop_a,
            "fa_advisor_a2",
            "天河服务顾问二",
            "fleet_aftersales.fleet_aftersales_group_advisor",
        )
        cls.advisor_a3 = cls.make_shop_user(
            cls.shop_a,
            "fa_advisor_a3",
            "天河服务顾问三",
            "fleet_aftersales.fleet_aftersales_group_advisor",
        )
        cls.customers = cls.history_a[:4]

    def book(self, user, customer, start, advisor=None, **vals):
        """``user`` books ``customer``'s car at ``start`` (naive UTC) with ``advisor``."""
        return (
            self.env["fleet.aftersales.appointment"]
            .with_user(user)
            .create(
                {
                    "vehicle_id": customer.vehicle_ids[:1].id,
                    "advisor_id": (advisor or self.advisor_a).id,
                    "date_start": start,
                    **vals,
                }
            )
        )

    def local(self, user, utc_datetime):
        """``utc_datetime`` as the refusal shows it to ``user`` (Beijing time)."""
        return format_datetime(
            self.env(user=user), utc_datetime, tz="Asia/Shanghai", dt_format="short"
        )


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAppointmentCapacity(AppointmentCase):
    def test_one_booking_per_advisor_per_slot(self):
        with self.at_beijing(TODAY, 8):
            first = self.book(self.agent_a, self.customers[0], beijing(THURSDAY, 9))
            self.assertEqual(first.date_end, beijing(THURSDAY, 10), "one slot: 60 minutes")
            self.assertEqual(first.bay_number, 1)
            next_free = self.local(self.agent_a, beijing(THURSDAY, 10, 30))
            with self.refused(
                ValidationError, rf"顾问.*Next free slot: {next_free} \(Asia/Shanghai\)"
            ):
                self.book(self.agent_a, self.customers[1], beijing(THURSDAY, 9, 30))
            # another advisor takes the slot: the shop has a second bay
            second = self.book(
                self.agent_a, self.customers[1], beijing(THURSDAY, 9), advisor=self.advisor_a2
            )
            self.assertEqual(second.bay_number, 2)

    def test_at_most_the_shop_bays_at_once(self):
        with self.at_beijing(TODAY, 8):
            self.book(self.advisor_a, self.customers[0], beijing(THURSDAY, 9))
            self.book(
                self.advisor_a2, self.customers[1], beijing(THURSDAY, 9), advisor=self.advisor_a2
            )
            next_free = self.local(self.advisor_a3, beijing(THURSDAY, 10, 30))
            with self.refused(ValidationError, rf"all 2 service bays.*{next_free}"):
                self.book(
                    self.advisor_a3,
                    self.customers[2],
                    beijing(THURSDAY, 9),
                    advisor=self.advisor_a3,
                )
            # a cancelled booking frees its bay
            self.env["fleet.aftersales.appointment"].with_user(self.advisor_a).search(
                [("advisor_id", "=", self.advisor_a.id)]
            ).action_cancel()
            third = self.book(
                self.advisor_a3, self.customers[2], beijing(THURSDAY, 9), advisor=self.advisor_a3
            )
            self.assertEqual(third.bay_number, 1)

    def test_outside_working_hours(self):
        with self.at_beijing(TODAY, 8):
            # lunch break of the dealer's calendar (11:30-14:00)
            next_free = self.local(self.agent_a, beijing(THURSDAY, 14))
            with self.refused(ValidationError, rf"outside the working hours.*{next_free}"):
                self.book(self.agent_a, self.customers[0], beijing(THURSDAY, 11, 30))
            # the evening: the next working morning
            next_free = self.local(self.agent_a, beijing(THURSDAY + timedelta(days=1), 8, 30))
            with self.refused(ValidationError, rf"outside the working hours.*{next_free}"):
                self.book(self.agent_a, self.customers[0], beijing(THURSDAY, 19))

    def test_holiday(self):
        self.close_shop(self.shop_a, DRAGON_BOAT, "端午节")
        with self.at_beijing(TODAY, 8):
            # closed on Friday 19th; the weekend too: Monday 22nd at opening time
            next_free = self.local(self.manager_a, beijing(DRAGON_BOAT + timedelta(days=3), 8, 30))
            with self.refused(ValidationError, rf"closed \(端午节\).*{next_free}"):
                self.book(self.manager_a, self.customers[0], beijing(DRAGON_BOAT, 10))
            # shop B's calendar has no such leave
            customer_b = self.history_b[0]
            booking_b = self.book(
                self.agent_b, customer_b, beijing(DRAGON_BOAT, 10), advisor=self.advisor_b
            )
            self.assertTrue(booking_b.is_slot_held)

    def test_past_bookings_are_history(self):
        """Imported history and late entries: no working time, no capacity."""
        with self.at_beijing(TODAY, 10):
            sunday_evening = beijing(TODAY - timedelta(days=10), 20)
            bookings = self.book(self.manager_a, self.customers[0], sunday_evening) | self.book(
                self.manager_a, self.customers[1], sunday_evening
            )
        self.assertEqual(bookings.mapped("is_slot_held"), [False, False])
        self.assertEqual(bookings.mapped("bay_number"), [0, 0])

    def test_database_refuses_double_bookings(self):
        """Two transactions that each saw the slot free: the database refuses the second."""
        Appointment = self.env["fleet.aftersales.appointment"]
        bays = iter([1, 2, 1])
        with (
            self.at_beijing(TODAY, 8),
            patch.object(
                FleetAftersalesAppointment, "_get_slot_refusal", lambda self: (None, next(bays))
            ),
        ):
            self.book(self.advisor_a, self.customers[0], beijing(THURSDAY, 9))
            for advisor, customer, constraint in (
                (self.advisor_a, self.customers[1], "advisor_no_overlap"),
                (self.advisor_a2, self.customers[2], "bay_no_overlap"),
            ):
                with (
                    self.assertRaises(psycopg2.errors.ExclusionViolation) as caught,
                    mute_logger("odoo.sql_db"),
                ):
                    self.book(advisor, customer, beijing(THURSDAY, 9, 30), advisor=advisor)
                    Appointment.env.flush_all()
                self.assertEqual(
                    caught.exception.diag.constraint_name,
                    f"fleet_aftersales_appointment_{constraint}",
                )

    def test_state_moves_through_buttons(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book(self.advisor_a, self.customers[0], beijing(THURSDAY, 9))
            with self.refused(AccessError, "buttons"):
                booking.write({"state": "confirmed"})
            with self.refused(AccessError, "buttons"):
                booking.write({"bay_number": 2})
            booking.action_confirm()
            self.assertEqual(booking.state, "confirmed")

    def test_company_isolation(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book(self.advisor_a, self.customers[0], beijing(THURSDAY, 9))
        Appointment = self.env["fleet.aftersales.appointment"]
        self.assertFalse(Appointment.with_user(self.advisor_b).search([]))
        self.assertFalse(Appointment.with_user(self.manager_b).search([]))
        with self.assertRaises(AccessError):
            booking.with_user(self.agent_b).read(["date_start"])
        self.assertEqual(Appointment.with_user(self.manager_a).search([]), booking)

    def test_vehicle_of_the_customer(self):
        with self.at_beijing(TODAY, 8), self.refused(ValidationError, "is not a car of"):
            self.book(
                self.agent_a,
                self.customers[0],
                beijing(THURSDAY, 9),
                partner_id=self.customers[1].id,
            )
