# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged

from odoo.addons.fleet_aftersales import hooks
from odoo.addons.fleet_aftersales.populate import demo

ROLES = {
    "advisor.wang": "fleet_aftersales.fleet_aftersales_group_advisor",
    "advisor.li": "fleet_aftersales.fleet_aftersales_group_advisor",
    "advisor.zhao": "fleet_aftersales.fleet_aftersales_group_advisor",
    "agent.zhou": "fleet_aftersales.fleet_aftersales_group_agent",
    "agent.wu": "fleet_aftersales.fleet_aftersales_group_agent",
    "manager.sun": "fleet_aftersales.fleet_aftersales_group_manager",
    "customer.chen": "base.group_portal",  # a customer's own side (/my)
}


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestDemoData(TransactionCase):
    def setUp(self):
        super().setUp()
        if not self.env.ref("fleet_aftersales.user_advisor_wang", raise_if_not_found=False):
            self.skipTest("installed without demo data")

    def test_demo_dealer(self):
        Visit = self.env["fleet.aftersales.visit"]
        owners = self.env["fleet.vehicle"].search([("owner_id", "!=", False)])
        self.assertGreaterEqual(len(owners.owner_id), 30)
        self.assertGreaterEqual(len(owners), 40)
        self.assertGreaterEqual(Visit.search_count([]), 120)
        self.assertTrue(
            self.env["fleet.vehicle.odometer"].search_count([("vehicle_id", "in", owners.ids)])
            >= 120
        )
        callback_states = set(self.env["fleet.aftersales.callback"].search([]).mapped("state"))
        self.assertEqual(callback_states, {"pending", "done", "unreachable", "cancelled"})
        complaint_states = set(self.env["fleet.aftersales.complaint"].search([]).mapped("state"))
        self.assertEqual(
            complaint_states, {"new", "assigned", "in_progress", "resolved", "closed", "cancelled"}
        )
        self.assertTrue(self.env["res.partner"].search_count([("is_lost_customer", "=", True)]))
        self.assertTrue(
            self.env["fleet.aftersales.campaign"].search_count([("state", "=", "confirmed")])
        )
        self.assertTrue(
            self.env["fleet.aftersales.callback.answer"].search_count([("rating", "!=", False)])
        )
        # the dealer's cars (OCA's fleet_vehicle_ownership demo gives Odoo's demo car an owner)
        plates = owners.filtered("visit_ids").mapped("license_plate")
        self.assertTrue(all(plate.startswith("粤") for plate in plates if plate))

    def test_demo_roles(self):
        """The README's role users exist, in their group, in China time, password = login."""
        Users = self.env["res.users"]
        for login, group in ROLES.items():
            user = Users.search([("login", "=", login)])
            self.assertEqual(len(user), 1, login)
            self.assertTrue(user.has_group(group), login)
            self.assertEqual(user.tz, "Asia/Shanghai", login)
            user.with_user(user)._check_credentials(
                {"login": login, "password": login, "type": "password"}, {"interactive": False}
            )
        self.assertEqual(self.env.company.aftersales_manager_id.login, "manager.sun")
        self.assertEqual(
            set(self.env.company.aftersales_agent_ids.mapped("login")), {"agent.zhou", "agent.wu"}
        )

    def test_demo_portal_customer(self):
        """The README's portal customer reads her two cars and her online complaint."""
        user = self.env.ref("fleet_aftersales.user_customer_chen")
        self.assertTrue(user.share)
        cars = self.env["fleet.vehicle"].with_user(user).search([])
        self.assertEqual(len(cars), 2)
        self.assertTrue(cars.visit_ids)
        complaints = self.env["fleet.aftersales.complaint"].with_user(user).search([])
        self.assertEqual(complaints.mapped("channel"), ["online"])

    def test_demo_survey_link(self):
        """This morning's survey link of the demo: sent by e-mail, queued, its page open."""
        callback = self.env["fleet.aftersales.callback"].search([("survey_state", "=", "sent")])
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.survey_channel, "email")
        self.assertTrue(callback.access_token)
        self.assertIn(f"access_token={callback.access_token}", callback.get_portal_url())

    def test_demo_generated_once(self):
        """No model exists for the demo; the hook ran at install, and a module update (the
        test run upgrades the module first) or a second run generates nothing again."""
        self.assertNotIn("fleet.aftersales.demo", self.env)
        partners = self.env["res.partner"].search_count([])
        self.assertFalse(demo.generate(self.env))
        hooks.post_init_hook(self.env)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(
            self.env["fleet.aftersales.campaign"].search_count(
                [("name", "=", "车友俱乐部免费检测周")]
            ),
            1,
        )

    def test_demo_week_of_bookings(self):
        """Bookings over the week around the install day, every source, made by the model
        (the ones to come hold their advisor and bay: their slots were checked); the past
        ones arrived (with their visit) or missed, the ones to come booked or confirmed."""
        company = self.env.company
        bookings = self.env["fleet.aftersales.appointment"].search(
            [("company_id", "=", company.id)]
        )
        self.assertGreaterEqual(len(bookings), 12)
        sources = dict(bookings._fields["source"].selection)
        self.assertEqual(set(bookings.mapped("source")), set(sources))
        days = {company._aftersales_localize(b.date_start).date() for b in bookings}
        self.assertLessEqual((max(days) - min(days)).days, 6)
        install_day = self.env["res.users"].search([("login", "=", "agent.zhou")]).create_date
        install_day = company._aftersales_localize(install_day).date()
        for booking in bookings:
            day = company._aftersales_localize(booking.date_start).date()
            if day < install_day:
                self.assertIn(booking.state, ("arrived", "no_show"))
                self.assertEqual(bool(booking.visit_id), booking.state == "arrived")
                if booking.visit_id:
                    self.assertEqual(booking.visit_id.state, "delivered")
                    self.assertEqual(booking.visit_id.reception_datetime, booking.date_start)
            elif day > install_day:
                self.assertIn(booking.state, ("booked", "confirmed"))
                self.assertTrue(booking.is_slot_held)

    def test_demo_dealer_company(self):
        """The demo dealer is a Guangzhou 4S shop in China time, on the shop's hours: its
        name and address print on the forms, its today is China's."""
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, demo.DEALER["name"])
        self.assertEqual(company.city, "广州市")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.state_id, self.env.ref("base.state_cn_GD"))
        self.assertTrue(company.phone)
        self.assertEqual(company.partner_id.tz, "Asia/Shanghai")
        self.assertEqual(str(company._get_aftersales_tz()), "Asia/Shanghai")
        self.assertEqual(
            company.resource_calendar_id, self.env.ref("fleet_aftersales.resource_calendar_dealer")
        )
        if not company.root_id._existing_accounting():
            self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        # the cars came in the shop's hours, in China time
        visits = self.env["fleet.aftersales.visit"].search(
            [("company_id", "=", company.id), ("state", "=", "delivered")]
        )
        for visit in visits:
            reception = company._aftersales_localize(visit.reception_datetime)
            self.assertTrue(8 <= reception.hour + reception.minute / 60 <= 17.5, reception)
        # the demo bookings follow the shop's hours: 8:30-11:30 and 14:00-17:30, every day
        bookings = self.env["fleet.aftersales.appointment"].search(
            [("company_id", "=", company.id)]
        )
        for booking in bookings:
            start = company._aftersales_localize(booking.date_start)
            hour = start.hour + start.minute / 60
            self.assertTrue(8.5 <= hour < 11.5 or 14 <= hour < 17.5, start)

    def test_demo_dashboard_figures(self):
        """Right after install, the manager's dashboard has this month's rated calls, a
        dissatisfaction reason, overdue calls by agent, and no unnamed advisor row."""
        manager = self.env["res.users"].search([("login", "=", "manager.sun")])
        Dashboard = self.env["fleet.aftersales.dashboard"].with_user(manager)
        data = Dashboard.with_context(tz="Asia/Shanghai").get_dashboard_data()
        cards = {card["key"]: card for card in data["cards"]}
        self.assertGreater(cards["satisfaction_rate"]["value"], 0)
        self.assertTrue(data["reasons"])
        self.assertTrue(data["overdue_by_agent"])
        self.assertTrue(data["by_advisor"])
        Answer = self.env[data["answer_model"]].with_user(manager)
        for row in data["by_advisor"] + data["by_department"]:
            self.assertNotEqual(row["name"], "-")
            self.assertEqual(Answer.search_count(row["domain"]), row["count"], row["name"])
        for row in data["overdue_by_agent"]:
            Callback = self.env[data["callback_model"]].with_user(manager)
            self.assertEqual(Callback.search_count(row["domain"]), row["count"])
