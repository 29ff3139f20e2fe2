# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The call rules of the seeds: calls in working time only (lunch break, national holidays
and their make-up working days from the shop's calendar), inside the customer's window,
at most one call per customer in the shop's days between calls, and the call script."""

from datetime import date

from odoo.tests import tagged

from .common import TODAY, DealerGroupCase, beijing

CRON = "fleet_aftersales.ir_cron_generate_callbacks"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallRules(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.history_a[0]
        cls.car = cls.customer.vehicle_ids

    def new_call(self, day=TODAY, customer=None, kind="satisfaction"):
        customer = customer or self.history_a[1]
        return self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": kind,
                "partner_id": customer.id,
                "vehicle_id": customer.vehicle_ids[:1].id,
                "company_id": self.shop_a.id,
                "date_due": day,
                "user_id": self.agent_a.id,
            }
        )

    def no_answer(self, call, day, hour, minute=0):
        with self.at_beijing(day, hour, minute):
            call.with_user(self.agent_a).action_no_answer()
        return call.next_call_datetime

    # ---- Working time ---------------------------------------------------------------------
    def test_retries_skip_the_lunch_break(self):
        call = self.new_call()
        # 11:00 + 2 hours is in the lunch break (11:30-14:00): 14:00
        self.assertEqual(self.no_answer(call, TODAY, 11), beijing(TODAY, 14))
        # 16:00 + 2 hours is past the call hours: tomorrow 10:00
        self.assertEqual(self.no_answer(call, TODAY, 16), beijing(date(2026, 6, 11), 10))

    def test_retries_skip_national_holidays(self):
        call = self.new_call(date(2026, 6, 18))
        # Dragon Boat Festival 19-21 June 2026 (a Friday to a Sunday): Monday 22nd
        self.assertEqual(
            self.no_answer(call, date(2026, 6, 18), 16), beijing(date(2026, 6, 22), 10)
        )
        self.assertEqual(call.date_due, date(2026, 6, 22))
        self.assertEqual(
            self.shop_a._aftersales_next_call_day(date(2026, 10, 1)), date(2026, 10, 8)
        )

    def test_a_rescheduled_call_never_lands_on_a_holiday_or_at_lunch(self):
        call = self.new_call()
        with self.at_beijing(TODAY, 10):
            call.with_user(self.agent_a).action_reschedule(beijing(TODAY, 12))
            self.assertEqual(call.next_call_datetime, beijing(TODAY, 14))
            call.with_user(self.agent_a).action_reschedule(beijing(date(2026, 6, 20), 10))
        # the customer named a time: working time alone applies (the shop opens at 8:30)
        self.assertEqual(call.next_call_datetime, beijing(date(2026, 6, 22), 8, 30))

    def test_the_customers_window_inside_working_time(self):
        call = self.new_call()
        call.partner_id.write({"call_window_start": 11.0, "call_window_end": 15.0})
        # before the window: its start; inside: 2 hours later, out of the lunch break
        self.assertEqual(self.no_answer(call, TODAY, 9), beijing(TODAY, 11))
        self.assertEqual(self.no_answer(call, TODAY, 11, 20), beijing(TODAY, 14))

    def test_a_make_up_working_weekend_is_a_call_day(self):
        # shop B works Monday to Friday and follows China's public holidays
        weekdays = self.env["resource.calendar"].create(
            {
                "name": "周一至周五",
                "tz": "Asia/Shanghai",
                "aftersales_holiday_country_id": self.env.ref("base.cn").id,
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": f"{d}-{h}", "dayofweek": str(d), "hour_from": h, "hour_to": e})
                    for d in range(5)
                    for h, e in ((8.5, 11.5), (14.0, 17.5))
                ],
            }
        )
        self.env["resource.calendar"]._cron_aftersales_sync_public_holidays()
        self.env["resource.calendar"]._cron_aftersales_sync_public_holidays()  # idempotent
        self.assertEqual(len(weekdays.leave_ids.filtered("aftersales_holiday_line_id")), 33)
        self.assertEqual(len(weekdays.attendance_ids.filtered("aftersales_workday_id")), 12)
        self.shop_b.resource_calendar_id = weekdays
        next_day = self.shop_b._aftersales_next_call_day
        self.assertEqual(next_day(date(2026, 2, 14)), date(2026, 2, 14), "调休: Saturday worked")
        self.assertEqual(next_day(date(2026, 2, 7)), date(2026, 2, 9), "a plain Saturday")
        self.assertEqual(next_day(date(2026, 2, 15)), date(2026, 2, 24), "Spring Festival")
        self.assertEqual(next_day(date(2026, 9, 20)), date(2026, 9, 20), "调休: Sunday worked")
        # the daily shop A calendar calls on weekends anyway
        self.assertEqual(self.shop_a._aftersales_next_call_day(date(2026, 2, 7)), date(2026, 2, 7))

    # ---- Not too often --------------------------------------------------------------------
    def deliver_visit(self, day, vehicle=None):
        visit = self.env["fleet.aftersales.visit"].create(
            {
                "vehicle_id": (vehicle or self.car).id,
                "advisor_id": self.advisor_a.id,
                "company_id": self.shop_a.id,
                "visit_type": "repair",
                "reception_datetime": beijing(day, 9),
                "delivery_datetime": beijing(day, 17),
            }
        )
        visit.action_deliver()
        return visit

    def second_car(self, plate, expiry):
        return self.env["fleet.vehicle"].create(
            {
                "model_id": self.car_model.id,
                "license_plate": plate,
                "owner_id": self.customer.id,
                "company_id": self.shop_a.id,
                "insurance_expiry_date": expiry,
            }
        )

    def calls_of(self, customer):
        return self.env["fleet.aftersales.callback"].search(
            [("partner_id", "=", customer.id), ("channel", "=", "phone")], order="id"
        )

    def inbox(self, calls):
        return self.env["mail.activity"].search(
            [("res_model", "=", calls._name), ("res_id", "in", calls.ids)]
        )

    def test_one_call_for_several_purposes(self):
        # due the same day: the satisfaction call of a visit and the insurance renewal
        self.deliver_visit(date(2026, 6, 7))
        self.car.insurance_expiry_date = date(2026, 6, 30)
        self.run_action(CRON, TODAY)
        calls = self.calls_of(self.customer)
        self.assertEqual(
            set(calls.mapped("callback_type")) >= {"satisfaction", "insurance_renewal"}, True
        )
        carrier = calls.filtered(lambda c: not c.merged_into_id)
        self.assertEqual(len(carrier), 1, "one call")
        self.assertEqual(calls - carrier, carrier.merged_ids)
        activity = self.inbox(calls)
        self.assertEqual(len(activity), 1, "one activity in the agent's inbox")
        self.assertEqual(activity.res_id, carrier.id)
        self.assertEqual(activity.user_id, self.agent_a)
        # a third purpose within the days between calls joins the open call
        self.second_car("粤A·33333", date(2026, 7, 10))
        self.run_action(CRON, date(2026, 6, 12))
        third = self.calls_of(self.customer) - calls
        self.assertEqual(third.merged_into_id, carrier)
        self.assertEqual(len(self.inbox(calls | third)), 1)
        # the agent reaches the customer: every purpose is done, each counted
        purposes = carrier | carrier.merged_ids
        purposes.write({"note": "客户很满意"})
        with self.at_beijing(date(2026, 6, 12), 10):
            carrier.with_user(self.agent_a).action_done()
        self.assertEqual(set(purposes.mapped("state")), {"done"})
        # a new purpose 3 days after that call: a new call, 7 days after the last one (the
        # 19th, Dragon Boat Festival until the 21st: the 22nd)
        self.second_car("粤A·44444", date(2026, 7, 14))
        self.run_action(CRON, date(2026, 6, 15))
        new = self.calls_of(self.customer) - purposes
        self.assertEqual(len(new), 1)
        self.assertFalse(new.merged_into_id)
        self.assertEqual(new.date_due, date(2026, 6, 22))

    def test_the_days_between_calls_is_a_setting(self):
        self.shop_a.with_user(self.manager_a).aftersales_call_interval_days = 0
        self.deliver_visit(date(2026, 6, 7))
        self.car.insurance_expiry_date = date(2026, 6, 30)
        self.run_action(CRON, TODAY)
        calls = self.calls_of(self.customer)
        self.assertGreaterEqual(len(calls), 2)
        self.assertFalse(calls.merged_into_id, "no limit: a call per purpose")
        self.assertEqual(len(self.inbox(calls)), len(calls))

    def test_the_daily_action_on_a_holiday_makes_calls_due_after_it(self):
        self.deliver_visit(date(2026, 6, 17))
        self.run_action(CRON, date(2026, 6, 20))
        call = self.calls_of(self.customer).filtered(lambda c: c.callback_type == "satisfaction")
        self.assertEqual(call.date_due, date(2026, 6, 22))

    # ---- The call script ------------------------------------------------------------------
    def test_the_call_script_names_the_dealer_and_each_purpose(self):
        call = self.new_call()
        insurance = self.new_call(kind="insurance_renewal")
        self.assertEqual(insurance.merged_into_id, self.env["fleet.aftersales.callback"])
        insurance.merged_into_id = call
        script = call.with_user(self.agent_a).call_script
        self.assertIn("广州天河丰田4S店", script)
        self.assertIn(self.history_a[1].name, script)
        self.assertIn(self.agent_a.name, script)
        self.assertEqual(len(script.splitlines()), 4, "greeting, two purposes, closing")
        # the manager words the shop's own purpose of the satisfaction call
        self.env["fleet.aftersales.call.script"].with_user(self.manager_a).create(
            {"callback_type": "satisfaction", "purpose": "{customer}您好,{dealer}满意度回访。"}
        )
        call.invalidate_recordset(["call_script"])
        script = call.with_user(self.agent_a).call_script
        self.assertIn(f"{self.history_a[1].name}您好,广州天河丰田4S店满意度回访。", script)
