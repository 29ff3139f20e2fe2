# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer with history is archived by managers only, and deleted by nobody."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCustomerGuard(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.history_a[2]
        cls.car = cls.customer.vehicle_ids
        cls.visit = cls.customer.visit_ids

    def test_staff_neither_delete_nor_archive_a_customer_with_history(self):
        for user in (self.agent_a, self.advisor_a, self.accountant_a):
            customer = self.customer.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "manager"):
                    customer.unlink()
                with self.assertRaisesRegex(UserError, "manager"):
                    customer.action_archive()
                with self.assertRaisesRegex(UserError, "manager"):
                    customer.write({"active": False})
        self.assertTrue(self.customer.active)
        self.assertEqual(self.visit.partner_id, self.customer)

    def test_nobody_deletes_a_customer_whose_records_would_be_orphaned(self):
        with self.assertRaisesRegex(UserError, "(?i)archive the customer"):
            self.customer.with_user(self.manager_a).unlink()
        self.assertTrue(self.customer.exists())
        self.assertEqual(self.car.owner_id, self.customer, "the car keeps its owner")

    def test_a_manager_archives_a_customer_with_history(self):
        self.customer.with_user(self.manager_a).action_archive()
        self.assertFalse(self.customer.active)
        self.customer.with_user(self.manager_a).action_unarchive()
        self.assertTrue(self.customer.active)

    def test_a_customer_with_a_callback_or_a_complaint_only_is_guarded_too(self):
        for kind in ("callback", "complaint"):
            customer = self.env["res.partner"].create(
                {"name": f"新客户{kind}", "mobile": "13700000000"}
            )
            if kind == "callback":
                self.env["fleet.aftersales.callback"].create(
                    {
                        "callback_type": "birthday",
                        "partner_id": customer.id,
                        "company_id": self.shop_a.id,
                        "date_due": TODAY,
                    }
                )
            else:
                self.env["fleet.aftersales.complaint"].create(
                    {
                        "partner_id": customer.id,
                        "company_id": self.shop_a.id,
                        "description": "等待时间太长",
                    }
                )
            with self.subTest(kind=kind), self.assertRaises(UserError):
                customer.with_user(self.agent_a).unlink()

    def test_staff_still_delete_and_archive_customers_without_history(self):
        for user in (self.agent_a, self.advisor_a):
            customer = self.env["res.partner"].with_user(user).create({"name": f"错录{user.id}"})
            customer.action_archive()
            self.assertFalse(customer.active)
            customer.unlink()
            self.assertFalse(customer.exists())
