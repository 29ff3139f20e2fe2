# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the dealer's screens show: columns in lifecycle order, decimal scores, the shop's
customers, each role's landing, formatted phone numbers, what an archive lacks."""

from datetime import timedelta

from odoo.tests import Form, tagged

from .common import TODAY, DealerGroupCase

#: the states as the kanban columns and pivot headers show them
LIFECYCLES = {
    "fleet.aftersales.complaint": [
        "new",
        "assigned",
        "in_progress",
        "resolved",
        "closed",
        "cancelled",
    ],
    "fleet.aftersales.callback": ["pending", "done", "unreachable", "cancelled"],
    "fleet.aftersales.visit": ["draft", "in_progress", "ready", "delivered", "cancel"],
}


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestScreens(DealerGroupCase):
    @property
    def customer(self):
        """Shop A's first history customer: a car and a delivered visit there."""
        return self.history_a[0]

    def _records_in_states(self):
        """Records of the three models in states whose alphabetical order is not their
        lifecycle's, made as shop A's manager (who may set a state)."""
        manager = self.manager_a
        self.env["fleet.aftersales.complaint"].with_user(manager).create(
            [
                {"partner_id": self.customer.id, "description": "异响", "state": state}
                for state in ("cancelled", "closed", "in_progress", "new")
            ]
        )
        self.env["fleet.aftersales.callback"].with_user(manager).create(
            [
                {
                    "callback_type": "inbound",
                    "partner_id": self.customer.id,
                    "date_due": TODAY,
                    "state": state,
                }
                for state in ("unreachable", "cancelled", "pending")
            ]
        )
        visit = self.receive_visit(self.customer.vehicle_ids, TODAY, 50000.0)
        self.receive_visit(self.customer.vehicle_ids, TODAY, 50000.0, hour=10).with_user(
            self.advisor_a
        ).action_cancel()
        return visit

    def test_states_group_and_sort_in_lifecycle_order(self):
        self._records_in_states()
        for model, lifecycle in LIFECYCLES.items():
            Model = self.env[model].with_user(self.manager_a)
            with self.subTest(model=model):
                # the kanban: every state a column, in lifecycle order
                kanban = Model.read_group([], ["state"], ["state"])
                self.assertEqual([g["state"] for g in kanban], lifecycle)
                # the pivot (eager, no empty groups) and _read_group: the same order
                pivot = Model.read_group([], ["state"], ["state"], lazy=False)
                states = [g["state"] for g in pivot]
                self.assertGreaterEqual(len(states), 3)
                self.assertEqual(states, [s for s in lifecycle if s in states])
                rows = [state for (state,) in Model._read_group([], ["state"])]
                self.assertEqual(rows, states)
                desc = [state for (state,) in Model._read_group([], ["state"], order="state desc")]
                self.assertEqual(desc, states[::-1])
                # a list sorted by status
                found = Model.search([], order="state, id").mapped("state")
                self.assertEqual(found, sorted(found, key=lifecycle.index))

    def test_satisfaction_averages_are_decimals(self):
        Answer = self.env["fleet.aftersales.callback.answer"].with_user(self.manager_a)
        field = Answer.fields_get(["rating_value"])["rating_value"]
        self.assertEqual(field["type"], "float", "an integer average shows 3.6 as 4")
        callbacks = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.agent_a)
            .create(
                [
                    {"callback_type": "satisfaction", "partner_id": c.id, "date_due": TODAY}
                    for c in self.history_a[:2]
                ]
            )
        )
        # the six questions of a satisfaction call: averages 3.5 and 4.5, not 4 and 4
        for callback, ratings in zip(callbacks, ("333444", "444555"), strict=True):
            self.assertEqual(len(callback.answer_ids), 6)
            for answer, rating in zip(callback.answer_ids, ratings, strict=True):
                answer.rating = rating
        groups = Answer.read_group(
            [("callback_id", "in", callbacks.ids)], ["rating_value:avg"], ["callback_id"]
        )
        averages = {g["callback_id"][0]: g["rating_value"] for g in groups}
        self.assertAlmostEqual(averages[callbacks[0].id], 3.5)
        self.assertAlmostEqual(averages[callbacks[1].id], 4.5)
        self.assertEqual(callbacks.mapped("average_rating"), [3.5, 4.5])

    def test_customers_are_the_shops_own(self):
        Partner = self.env["res.partner"].with_user(self.advisor_a)
        walk_in = Partner.create({"name": "路过的联系人"})
        customers = Partner.search([("is_aftersales_customer", "=", True)])
        self.assertIn(self.customer, customers)
        self.assertFalse(customers & self.history_b, "shop B's customers are shop B's")
        self.assertNotIn(walk_in, customers)
        self.assertNotIn(self.advisor_a.partner_id, customers, "staff are not customers")
        self.assertIn(walk_in, Partner.search([("is_aftersales_customer", "=", False)]))
        self.assertTrue(self.customer.with_user(self.advisor_a).is_aftersales_customer)
        # a visit makes a customer, a car of another shop does not
        self.receive_visit(self.history_b[0].vehicle_ids, TODAY, 90000.0)
        group = self.env["res.partner"].with_user(self.group_manager)
        self.assertIn(self.history_b[0], group.search([("is_aftersales_customer", "=", True)]))
        # the menu's action shows them by default; "All Contacts" widens it to everyone
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.advisor_a)
            ._for_xml_id("fleet_aftersales.fleet_aftersales_customer_action")
        )
        self.assertIn("'search_default_aftersales_customers': 1", action["context"])
        search = Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="all_contacts"', search)
        list_arch = Partner.get_views([(action["views"][0][0], "list")])["views"]["list"]["arch"]
        self.assertIn('name="archive_missing"', list_arch)
        self.assertIn('name="aftersales_phone"', list_arch)

    def test_customer_search_is_one_query(self):
        Partner = self.env["res.partner"].with_user(self.advisor_a)
        Partner.search([("is_aftersales_customer", "=", True)])  # warm up
        with self.assertQueryCount(2):
            self.assertTrue(Partner.search([("is_aftersales_customer", "=", True)]))

    def test_each_role_lands_where_its_day_starts(self):
        self._records_in_states()
        landing = self.env.ref("fleet_aftersales.fleet_aftersales_action_landing")
        root = self.env.ref("fleet_aftersales.fleet_aftersales_menu_root")
        self.assertEqual(root.action, landing)
        for user in (self.advisor_a, self.agent_a, self.manager_a):
            self.assertEqual(user.action_id.id, landing.id, "new users start on their landing")
        with self.at_beijing(TODAY, 8):
            advisor = landing.with_user(self.advisor_a).run()
            agent = landing.with_user(self.agent_a).run()
            manager = landing.with_user(self.manager_a).run()
            accountant = landing.with_user(self.accountant_a).run()
        # advisors land on today's bookings, calendar by advisor (#17: test_appointment_handover)
        self.assertEqual(advisor["res_model"], "fleet.aftersales.appointment")
        self.assertEqual(advisor["views"][0][1], "calendar")
        self.assertEqual(agent["res_model"], "fleet.aftersales.callback")
        Callback = self.env["fleet.aftersales.callback"].with_user(self.agent_a)
        self.assertEqual(set(Callback.search(agent["domain"]).mapped("state")), {"pending"})
        # 01:00 in Beijing is still yesterday in UTC: the company's today counts
        with self.at_beijing(TODAY + timedelta(days=1), 1):
            late = landing.with_user(self.agent_a).run()
        self.assertIn(("date_due", "<=", str(TODAY + timedelta(days=1))), late["domain"])
        self.assert_accountant_lands_on_visits_to_invoice(accountant)
        # the manager's: what the dashboard action opens (its own helper builds it)
        self.assertTrue(manager.get("type", "").startswith("ir.actions."))
        self.assertNotIn(
            manager.get("res_model"), ("fleet.aftersales.visit", "fleet.aftersales.callback")
        )

    def assert_accountant_lands_on_visits_to_invoice(self, action):
        """The accountant's day: the shop's delivered visits without a posted customer
        invoice (not the advisor's own visits, always empty for an accountant)."""
        self.assertEqual(action["res_model"], "fleet.aftersales.visit")
        self.assertEqual(action["context"], "{'search_default_to_invoice': 1}")
        self.assertIn("o_view_nocontent", action["help"])
        search = self.env["fleet.aftersales.visit"].with_user(self.accountant_a)
        arch = search.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="to_invoice"', arch)
        Visit = self.env["fleet.aftersales.visit"].with_user(self.accountant_a)
        delivered = Visit.search([("state", "=", "delivered")])
        self.assertTrue(delivered, "shop A's history")
        domain = [
            ("state", "=", "delivered"),
            (
                "invoice_ids",
                "not any",
                [("state", "=", "posted"), ("move_type", "=", "out_invoice")],
            ),
        ]
        self.assertEqual(Visit.search(domain), delivered, "none invoiced yet")
        if self.env["account.journal"].search_count(
            [("type", "=", "sale"), ("company_id", "=", self.shop_a.id)]
        ):
            delivered[0].action_create_invoice()  # a draft: still to post
            self.assertEqual(Visit.search(domain), delivered)

    def test_every_list_says_what_to_do_when_empty(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "fleet_aftersales"), ("model", "=", "ir.actions.act_window")]
        )
        actions = (
            self.env["ir.actions.act_window"]
            .browse(data.mapped("res_id"))
            .filtered(lambda a: a.target not in ("new", "inline"))
        )
        self.assertGreater(len(actions), 20)
        for action in actions:
            with self.subTest(action=action.name):
                self.assertTrue(action.help, "an empty list says what to do")

    def test_phone_numbers_are_formatted_for_china(self):
        partner = Form(self.env["res.partner"].with_user(self.advisor_a))
        self.assertEqual(partner.country_id, self.env.ref("base.cn"))
        partner.name = "新客户"
        partner.mobile = "138 0013 8000"
        partner.phone = "+86 20 1234 5678"
        partner = partner.save()
        self.assertEqual(partner.mobile, "+86 138 0013 8000")
        self.assertEqual(partner.phone, "+86 20 1234 5678")
        self.assertEqual(partner.phone_sanitized, "+8613800138000")
        self.assertFalse(partner.has_invalid_phone)
        self.assertEqual(partner.aftersales_phone, "+86 20 1234 5678")
        partner.phone = "12345"
        self.assertTrue(partner.has_invalid_phone, "a malformed number is flagged")

    def test_lists_show_the_mobile_missing_items_and_insurance_expiry(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.advisor_a)
            .create({"name": "缺资料客户", "mobile": "13800138000"})
        )
        self.assertEqual(partner.aftersales_phone, "13800138000")
        self.assertIn(partner.with_context(lang="en_US").archive_missing, ("address, vehicle",))
        car = self.customer.vehicle_ids.with_user(self.advisor_a)
        self.assertEqual(car.owner_phone, self.customer.mobile)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_aftersales.fleet_vehicle_action_insurance_next_month"
        )
        arch = car.get_views([(action["views"][0][0], "list")])["views"]["list"]["arch"]
        self.assertIn('name="insurance_expiry_date"', arch)
        self.assertIn('name="owner_phone"', arch)
        incomplete = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_aftersales.res_partner_action_archive_incomplete"
        )
        arch = partner.get_views([(incomplete["views"][0][0], "list")])["views"]["list"]["arch"]
        self.assertIn('name="archive_missing"', arch)
