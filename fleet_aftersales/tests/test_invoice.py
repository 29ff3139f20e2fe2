# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import FleetAftersalesCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestInvoice(FleetAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)]
        ):
            cls.env["account.chart.template"].try_loading(
                "generic_coa", cls.company, install_demo=False
            )
        cls.visit = cls.make_visit(date(2026, 5, 4), odometer=8000, visit_type="repair")

    def _invoice(self, amount=500.0, post=True, **vals):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 5, 4),
                "invoice_line_ids": [
                    (0, 0, {"name": "Door lock repair", "quantity": 1, "price_unit": amount})
                ],
                **vals,
            }
        )
        if post:
            move.action_post()
        return move

    def test_create_invoice_button(self):
        action = self.visit.with_user(self.accountant).action_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.aftersales_visit_id, self.visit)
        self.assertEqual(invoice.aftersales_vehicle_id, self.vehicle)
        self.assertEqual(invoice.invoice_origin, self.visit.name)

    def test_posted_invoice_linked_afterwards(self):
        invoice = self._invoice(700.0)
        self.assertEqual(self.visit.invoice_count, 0)
        # the accountant links a posted invoice to the visit: the vehicle follows
        with Form(invoice.with_user(self.accountant)) as form:
            form.aftersales_visit_id = self.visit
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.aftersales_vehicle_id, self.vehicle)
        self.visit.invalidate_recordset()
        self.vehicle.invalidate_recordset()
        self.assertEqual(self.visit.invoice_count, 1)
        self.assertEqual(self.visit.amount_invoiced, 700.0)
        self.assertEqual(self.visit.invoice_payment_state, "not_paid")
        self.assertEqual(self.vehicle.customer_invoice_count, 1)
        self.assertEqual(self.vehicle.customer_invoiced_amount, 700.0)
        action = self.vehicle.action_view_customer_invoices()
        self.assertEqual(self.env["account.move"].search(action["domain"]), invoice)

    def test_vehicle_only_link_and_draft_not_counted(self):
        self._invoice(100.0, aftersales_vehicle_id=self.vehicle.id)
        self._invoice(999.0, post=False, aftersales_vehicle_id=self.vehicle.id)
        self.assertEqual(self.vehicle.customer_invoice_count, 1)
        self.assertEqual(self.vehicle.customer_invoiced_amount, 100.0)

    def test_link_must_be_consistent(self):
        other = self.env["fleet.vehicle"].create(
            {"model_id": self.model.id, "license_plate": "粤A·00001"}
        )
        with self.assertRaisesRegex(ValidationError, "must be the one of visit"):
            self._invoice(aftersales_visit_id=self.visit.id, aftersales_vehicle_id=other.id)
        with self.assertRaisesRegex(ValidationError, "Only customer invoices"):
            self.env["account.move"].create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.customer.id,
                    "aftersales_vehicle_id": self.vehicle.id,
                }
            )

    def test_after_sales_user_sees_amounts_not_entries(self):
        invoice = self._invoice(300.0, aftersales_visit_id=self.visit.id)
        visit = self.visit.with_user(self.user)
        self.assertEqual(visit.amount_invoiced, 300.0)
        self.assertEqual(visit.invoice_payment_state, "not_paid")
        with self.assertRaises(AccessError):
            invoice.with_user(self.user).read(["name"])
        with self.assertRaises(AccessError):
            invoice.with_user(self.user).write({"aftersales_visit_id": False})
        with self.assertRaises(AccessError):
            visit.action_create_invoice()
        # the visit form opens for the after-sales user (no journal entry is read)
        Form(visit)

    def test_payment_state_follows_payment(self):
        invoice = self._invoice(200.0, aftersales_visit_id=self.visit.id)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date(2026, 5, 5)})._create_payments()
        self.visit.invalidate_recordset()
        self.assertIn(self.visit.invoice_payment_state, ("paid", "partial"))
        self.assertEqual(self.visit.amount_residual, 0.0)
