# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking online (/my/appointments): the customer books from the shop's free capacity,
as the back-office sees it, cancels or moves a booking still to come."""

from datetime import datetime, time, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_datetime, mute_logger

from ..models.fleet_aftersales_appointment import FleetAftersalesAppointment
from .common import TODAY, DealerGroupCase, beijing

#: the day after TODAY (a Thursday): a working day of the shops
THURSDAY = TODAY + timedelta(days=1)
#: 端午节 2026, a Friday the shop is closed
DRAGON_BOAT = THURSDAY + timedelta(days=8)


def local(day, hour, minute=0):
    """``day`` at ``hour:minute``, naive, the shop's (Beijing) time."""
    return datetime.combine(day, time(hour, minute))


class PortalBookingCase(DealerGroupCase):
    """Shop A: two service bays, two service advisors; two of its customers have their
    portal login."""

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
        cls.customer, cls.other = cls.history_a[:2]
        cls.car, cls.other_car = cls.customer.vehicle_ids, cls.other.vehicle_ids
        cls.portal = cls.make_portal_user(cls.customer, "portal_customer_a")
        cls.portal_other = cls.make_portal_user(cls.other, "portal_other_a")

    def portal_env(self, user=None):
        """The bookings as the customer's portal pages see them (their language)."""
        user = user or self.portal
        return self.env["fleet.aftersales.appointment"].with_user(user).with_context(lang=user.lang)

    def book_online(self, start, car=None, user=None, **kwargs):
        Booking = self.portal_env(user)
        return Booking._portal_book((car or self.car).with_user(Booking.env.user), start, **kwargs)

    def book_back_office(self, customer, hour, minute=0, advisor=None, day=THURSDAY):
        """The advisor books ``customer``'s car himself (an inbound call)."""
        advisor = advisor or self.advisor_a
        return (
            self.env["fleet.aftersales.appointment"]
            .with_user(advisor)
            .create(
                {
                    "vehicle_id": customer.vehicle_ids[:1].id,
                    "advisor_id": advisor.id,
                    "date_start": beijing(day, hour, minute),
                }
            )
        )

    def fill(self, hour, minute=0, day=THURSDAY):
        """Both advisors (and so both bays) booked at ``hour:minute``."""
        self.book_back_office(self.history_a[2], hour, minute, self.advisor_a, day)
        self.book_back_office(self.history_a[3], hour, minute, self.advisor_a2, day)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalFreeSlots(PortalBookingCase):
    def free(self, day, days=1):
        return self.portal_env()._get_free_slots(self.shop_a, day, days)

    def test_slots_of_the_shop_calendar(self):
        """Every slot start of the working hours: lunch break (11:30-14:00) and evening
        left out; no slot that would end after closing (17:30)."""
        with self.at_beijing(TODAY, 8):
            self.assertEqual(
                self.free(THURSDAY),
                [
                    local(THURSDAY, h, m)
                    for h, m in ((8, 30), (9, 30), (10, 30), (14, 0), (15, 0), (16, 0))
                ],
            )
            # two days at once, in order
            self.assertEqual(len(self.free(THURSDAY, days=2)), 12)

    def test_no_slot_in_the_past(self):
        with self.at_beijing(THURSDAY, 10):
            self.assertEqual(self.free(THURSDAY)[0], local(THURSDAY, 10, 30))
            self.assertEqual(self.free(TODAY), [])

    def test_no_slot_on_a_holiday(self):
        self.close_shop(self.shop_a, DRAGON_BOAT, "端午节")
        with self.at_beijing(TODAY, 8):
            self.assertEqual(self.free(DRAGON_BOAT), [])
            self.assertTrue(self.free(DRAGON_BOAT - timedelta(days=1)))

    def test_full_slots_are_not_offered(self):
        with self.at_beijing(TODAY, 8):
            # one advisor busy: the other advisor and the second bay are free
            self.book_back_office(self.history_a[2], 9, 30)
            self.assertIn(local(THURSDAY, 9, 30), self.free(THURSDAY))
            self.book_back_office(self.history_a[3], 9, 30, self.advisor_a2)
            self.assertNotIn(local(THURSDAY, 9, 30), self.free(THURSDAY))
            # a cancelled booking frees its slot
            self.book_back_office(self.history_a[4], 14, 0).action_cancel()
            self.assertIn(local(THURSDAY, 14), self.free(THURSDAY))

    def test_bays_count_without_advisors(self):
        """One bay: a slot with an advisor still free is full all the same."""
        self.shop_a.aftersales_service_bays = 1
        with self.at_beijing(TODAY, 8):
            self.book_back_office(self.history_a[2], 9, 30)
            self.assertNotIn(local(THURSDAY, 9, 30), self.free(THURSDAY))


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalBooking(PortalBookingCase):
    def test_online_booking(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book_online(local(THURSDAY, 9, 30), service_type="repair")
        self.assertRecordValues(
            booking,
            [
                {
                    "source": "online",
                    "partner_id": self.customer.id,
                    "vehicle_id": self.car.id,
                    "company_id": self.shop_a.id,
                    # the advisor of the car's last visit
                    "advisor_id": self.advisor_a.id,
                    "service_type": "repair",
                    "date_start": beijing(THURSDAY, 9, 30),
                    "state": "booked",
                    "is_slot_held": True,
                }
            ],
        )
        self.assertEqual(booking.access_url, f"/my/appointments/{booking.id}")
        # the advisor is told, in his language
        note = booking.sudo().message_ids.filtered(
            lambda m: self.advisor_a.partner_id in m.partner_ids
        )
        self.assertRegex(note.body, "在线预约|Booked online by the customer")
        # the customer reads it, the other customer does not
        self.assertEqual(self.portal_env().search([]), booking)
        self.assertFalse(self.portal_env(self.portal_other).search([]))
        with self.assertRaises(AccessError):
            booking.with_user(self.portal_other).read(["date_start"])

    def test_the_next_advisor_when_the_first_is_busy(self):
        with self.at_beijing(TODAY, 8):
            self.book_back_office(self.history_a[2], 9, 30)
            booking = self.book_online(local(THURSDAY, 9, 30))
        self.assertEqual((booking.advisor_id, booking.bay_number), (self.advisor_a2, 2))

    def test_another_customers_car_is_refused(self):
        with self.at_beijing(TODAY, 8):
            with self.refused(UserError, "自己的车辆|your own cars"):
                self.portal_env()._portal_book(self.other_car, local(THURSDAY, 9, 30))
            with self.refused(UserError, "自己的车辆|your own cars"):
                self.portal_env()._portal_book(self.history_b[0].vehicle_ids, local(THURSDAY, 9))
        self.assertFalse(
            self.env["fleet.aftersales.appointment"].search(
                [("company_id", "in", (self.shop_a | self.shop_b).ids)]
            )
        )

    def test_refused_when_the_slot_is_full(self):
        """Both advisors booked by the back-office: the customer is refused with the
        module's refusal message, in Chinese, with the next free slot."""
        with self.at_beijing(TODAY, 8):
            self.fill(9, 30)
            next_free = format_datetime(
                self.env(context={"lang": "zh_CN"}),
                beijing(THURSDAY, 10, 30),
                tz="Asia/Shanghai",
                dt_format="short",
            )
            with self.refused(
                ValidationError,
                rf"无法为 {self.customer.name} 预约 .*：.*。下一个空闲时段：{next_free}.*（Asia/Shanghai）",
            ):
                self.book_online(local(THURSDAY, 9, 30))
        self.assertFalse(self.portal_env().search([]))

    def test_off_grid_and_past_slots_are_refused(self):
        with self.at_beijing(TODAY, 10):
            with self.refused(UserError, "空闲时段之一|proposed slots"):
                self.book_online(local(THURSDAY, 9, 45))
            with self.refused(UserError, "60"):
                self.book_online(local(TODAY, 8, 30))
            # outside the working hours: the module's refusal
            with self.refused(ValidationError, "无法为"):
                self.book_online(local(THURSDAY, 12))

    def test_racing_for_the_last_slot(self):
        """Two customers saw the slot free: the database refuses the second, told as a
        refusal (not a server error)."""
        with self.at_beijing(TODAY, 8):
            self.book_online(local(THURSDAY, 9, 30))
            with (
                patch.object(
                    FleetAftersalesAppointment, "_get_slot_refusal", lambda self: (None, 1)
                ),
                self.refused(ValidationError, "刚被他人预约|just booked by someone else"),
                mute_logger("odoo.sql_db"),
            ):
                self.book_online(local(THURSDAY, 9, 30), user=self.portal_other, car=self.other_car)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalBookingChanges(PortalBookingCase):
    def test_move(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book_online(local(THURSDAY, 9, 30))
            # its own slot stays offered to move it back
            self.assertIn(local(THURSDAY, 9, 30), booking._get_free_slots(self.shop_a, THURSDAY))
            booking._portal_move(local(THURSDAY, 14))
            self.assertEqual(booking.date_start, beijing(THURSDAY, 14))
            self.assertEqual(booking.date_end, beijing(THURSDAY, 15))
            # a full slot: refused with the module's message, the booking stays
            self.fill(15)
            with self.refused(ValidationError, "无法为.*下一个空闲时段"):
                booking._portal_move(local(THURSDAY, 15))
            self.assertEqual(booking.date_start, beijing(THURSDAY, 14))
        notes = booking.sudo().message_ids.filtered(
            lambda m: self.advisor_a.partner_id in m.partner_ids
        )
        self.assertEqual(len(notes), 2, "booked, moved")

    def test_cancel(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book_online(local(THURSDAY, 9, 30))
            booking._portal_cancel()
            self.assertRecordValues(booking, [{"state": "cancelled", "is_slot_held": False}])
            with self.refused(UserError, "无法在线更改|no longer be changed"):
                booking._portal_cancel()

    def test_past_booking_cannot_be_changed(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book_online(local(THURSDAY, 9, 30))
        with self.at_beijing(THURSDAY, 9, 45):
            self.assertFalse(booking._is_portal_changeable())
            with self.refused(UserError, "无法在线更改|no longer be changed"):
                booking._portal_cancel()
            with self.refused(UserError, "无法在线更改|no longer be changed"):
                booking._portal_move(local(THURSDAY, 14))
        self.assertEqual(booking.state, "booked")

    def test_arrived_booking_cannot_be_changed(self):
        with self.at_beijing(TODAY, 8):
            booking = self.book_online(local(THURSDAY, 9, 30))
            booking.with_user(self.advisor_a).action_arrive()
            self.assertFalse(booking._is_portal_changeable())
            with self.refused(UserError, "无法在线更改|no longer be changed"):
                booking._portal_cancel()
