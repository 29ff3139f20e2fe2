# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking statistics (#17): by source, the booked share of the visits (active and
passive booking, seed 004), show and no-show rates, bookings per advisor per day; on the
statistics service, the monthly PDF and the manager's dashboard, each shop its own.

A known June 2026 in shop A (Beijing time), booked by its agent on 1 June at 08:45:

- 2 June 09:00, advisor A, a reminder call: arrived; 10:00, advisor A, inbound: arrived;
- 3 June 09:00, advisor A, online: no-show; 09:00, advisor A2, new-car handover: arrived;
- 4 June 09:00, advisor A, walk-in: cancelled (left out of every figure);
- 1 June 07:30 (still 31 May in UTC), advisor A3, a campaign, entered late: still booked;
- 1 July 07:30 (still 30 June in UTC), advisor A3, entered late: July's, not June's;
- a visit received on 5 June without a booking.

Shop B: one online booking on 2 June, arrived, and a visit without booking.
"""

from datetime import date

from odoo.tests import tagged

from .common import JUNE, TODAY, beijing
from .test_appointment import AppointmentCase

MONTHLY = "fleet_aftersales.action_report_monthly_statistics"
JUNE_1, JUNE_2, JUNE_3, JUNE_4 = (date(2026, 6, d) for d in (1, 2, 3, 4))


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestBookingStatistics(AppointmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, a2, a3 = cls.advisor_a, cls.advisor_a2, cls.advisor_a3
        c = cls.customers
        with cls.at_beijing(JUNE_1, 8, 45):
            cls.reminder = cls._book(c[0], beijing(JUNE_2, 9), a, "reminder_call")
            cls.inbound = cls._book(c[1], beijing(JUNE_2, 10), a, "inbound_call")
            cls.online = cls._book(c[2], beijing(JUNE_3, 9), a, "online")
            cls.new_car = cls._book(c[3], beijing(JUNE_3, 9), a2, "new_car")
            cls.walk_in = cls._book(c[0], beijing(JUNE_4, 9), a, "walk_in")
            cls.walk_in.with_user(cls.agent_a).action_cancel()
            cls.campaign = cls._book(c[1], beijing(JUNE_1, 7, 30), a3, "campaign")
            cls.booking_b = cls._book(
                cls.history_b[0], beijing(JUNE_2, 9), cls.advisor_b, "online", cls.agent_b
            )
        for booking in (cls.reminder, cls.inbound, cls.new_car, cls.booking_b):
            day = booking.company_id._aftersales_localize(booking.date_start)
            with cls.at_beijing(day.date(), day.hour, 5):
                booking.with_user(booking.advisor_id).action_arrive()
        with cls.at_beijing(JUNE_3, 12):
            cls.online.with_user(cls.advisor_a).action_no_show()
        with cls.at_beijing(date(2026, 7, 2), 10):
            cls._book(c[2], beijing(date(2026, 7, 1), 7, 30), a3, "campaign")
        cls.unbooked = cls.receive_visit(c[3].vehicle_ids[:1], date(2026, 6, 5), 30000)
        cls.receive_visit(cls.history_b[1].vehicle_ids[:1], date(2026, 6, 5), 30000)

    @classmethod
    def _book(cls, customer, start, advisor, source, user=None):
        return (
            cls.env["fleet.aftersales.appointment"]
            .with_user(user or cls.agent_a)
            .create(
                {
                    "vehicle_id": customer.vehicle_ids[:1].id,
                    "advisor_id": advisor.id,
                    "date_start": start,
                    "source": source,
                }
            )
        )

    def stats(self, user, shop):
        Statistics = self.env["fleet.aftersales.statistics"].with_user(user)
        return Statistics.with_context(allowed_company_ids=user.company_ids.ids)._get_statistics(
            shop, *JUNE
        )

    def test_figures_of_the_month(self):
        """As shop A's manager: cancelled bookings and July's are left out; the shop's
        clock decides the day (1 June 07:30 is June's, 1 July 07:30 is not)."""
        s = self.stats(self.manager_a, self.shop_a)
        self.assertEqual(s["bookings"], 5)
        self.assertEqual(
            [
                (r["source"], r["is_active"], r["count"], r["arrived"], r["no_show"])
                for r in s["bookings_by_source"]
            ],
            [
                ("reminder_call", True, 1, 1, 0),
                ("inbound_call", False, 1, 1, 0),
                ("new_car", True, 1, 1, 0),
                ("campaign", True, 1, 0, 0),
                ("online", False, 1, 0, 1),
            ],
        )
        self.assertEqual((s["bookings_arrived"], s["bookings_no_show"]), (3, 1))
        self.assertEqual((s["show_rate"], s["no_show_rate"]), (75.0, 25.0))
        # four visits in June, three of them booked: two by us (active), one by the customer
        self.assertEqual((s["visits"], s["booked_visits"]), (4, 3))
        self.assertEqual(s["booked_visit_share"], 75.0)
        self.assertEqual((s["active_booked_visits"], s["active_booking_share"]), (2, 50.0))
        self.assertEqual((s["passive_booked_visits"], s["passive_booking_share"]), (1, 25.0))
        self.assertEqual(
            [(r["name"], r["count"], r["days"], r["per_day"]) for r in s["bookings_by_advisor"]],
            [
                (self.advisor_a.name, 3, 2, 1.5),
                # ties by name
                (self.advisor_a3.name, 1, 1, 1.0),
                (self.advisor_a2.name, 1, 1, 1.0),
            ],
        )
        self.assertEqual(s["bookings_per_advisor_day"], 1.2, "5 bookings over 4 advisor-days")

    def test_each_row_opens_its_records(self):
        s = self.stats(self.manager_a, self.shop_a)
        Booking = self.env["fleet.aftersales.appointment"].with_user(self.manager_a)
        Visit = self.env["fleet.aftersales.visit"].with_user(self.manager_a)
        for row in s["bookings_by_source"] + s["bookings_by_advisor"]:
            self.assertEqual(Booking.search_count(row["domain"]), row["count"], row["name"])
        self.assertEqual(Booking.search_count(s["bookings_domain"]), 5)
        self.assertEqual(Booking.search_count(s["show_domain"]), 4)
        self.assertEqual(Visit.search_count(s["visits_domain"]), 4)
        self.assertEqual(Booking.search_count(s["active_booked_domain"]), 2)
        self.assertEqual(Booking.search_count(s["passive_booked_domain"]), 1)
        self.assertNotIn(self.unbooked, Booking.search(s["booked_visits_domain"]).visit_id)

    def test_shop_b_does_not_leak(self):
        s_b = self.stats(self.manager_b, self.shop_b)
        self.assertEqual(s_b["bookings"], 1)
        self.assertEqual([r["source"] for r in s_b["bookings_by_source"]], ["online"])
        self.assertEqual((s_b["visits"], s_b["booked_visits"], s_b["show_rate"]), (2, 1, 100.0))
        self.assertEqual([r["name"] for r in s_b["bookings_by_advisor"]], [self.advisor_b.name])
        # the group manager reads each shop apart
        group_a = self.stats(self.group_manager, self.shop_a)
        self.assertEqual((group_a["bookings"], group_a["visits"]), (5, 4))

    def test_bounded_queries(self):
        """Grouped queries: four for the section (and the shop's clock), as many for more
        bookings, advisors and visits."""
        Statistics = self.env["fleet.aftersales.statistics"].with_user(self.manager_a)

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Statistics._section_bookings(self.shop_a, *JUNE)
            return self.env.cr.sql_log_count - before

        queries()  # caches warmed up
        baseline = queries()
        self.assertLessEqual(baseline, 8)
        with self.at_beijing(JUNE_1, 8, 50):
            for day in range(8, 13):
                customer = self.customers[day % 4]
                self._book(customer, beijing(date(2026, 6, day), 15), self.advisor_a2, "online")
                self._book(customer, beijing(date(2026, 6, day), 16), self.advisor_a3, "new_car")
        self.assertEqual(queries(), baseline)

    def test_monthly_pdf_has_the_booking_tables(self):
        Report = self.env["ir.actions.report"].with_user(self.manager_a).with_context(lang="en_US")
        html = Report._render_qweb_html(MONTHLY, self.shop_a.ids, data={"month": "2026-06-01"})
        html = html[0].decode()
        table = html[html.index("Bookings by Source") :]
        self.assertIn("<th>Booking Source</th>", table)
        self.assertRegex(
            table,
            r"Reminder Call</span></td>\s*<td>Active booking</td>\s*"
            r"<td[^>]*><span>1</span></td>\s*<td[^>]*><span>1</span></td>",
        )
        self.assertIn("Bookings by Service Advisor", html)
        self.assertIn('<th class="text-end">Bookings per Day</th>', html)
        self.assertIn("<span>75.0</span> % (<span>3</span> / <span>4</span>)", html)
        # the booking tables are cut into the paper layout's pages, like the others
        values = (
            self.env["report.fleet_aftersales.report_monthly_statistics"]
            .with_user(self.manager_a)
            ._get_report_values(self.shop_a.ids, {"month": "2026-06-01"})
        )
        keys = [section["key"] for page in values["stats"][0]["pages"] for section in page]
        start = keys.index("bookings")
        self.assertEqual(
            keys[start : start + 3], ["bookings", "bookings_by_source", "bookings_by_advisor"]
        )

    def test_dashboard_cards_and_charts(self):
        Dashboard = (
            self.env["fleet.aftersales.dashboard"]
            .with_user(self.manager_a)
            .with_context(allowed_company_ids=self.shop_a.ids)
        )
        with self.at_beijing(TODAY, 10):
            data = Dashboard.get_dashboard_data()
        cards = {card["key"]: card for card in data["cards"]}
        self.assertEqual(cards["booked_visit_share"]["value"], 75.0)
        self.assertEqual(cards["show_rate"]["value"], 75.0)
        env = self.env(user=self.manager_a, context={"allowed_company_ids": self.shop_a.ids})
        for key, whole in (("booked_visit_share", 4), ("show_rate", 4)):
            card = cards[key]
            self.assertEqual(env[card["model"]].search_count(card["domain"]), whole, key)
        for key in ("bookings_by_source", "bookings_by_advisor"):
            self.assertTrue(data[key], key)
            for row in data[key]:
                self.assertEqual(
                    env[data["booking_model"]].search_count(row["domain"]), row["count"], key
                )
        self.assertEqual(sum(r["count"] for r in data["bookings_by_source"]), 5)
