# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""OCA's fleet_vehicle_ownership installed beside ours: one owner, one list of cars."""

from lxml import etree

from odoo.tests import Form, tagged

from .common import DealerGroupCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestVehicleOwnership(DealerGroupCase):
    def test_both_installed_one_vehicle_list(self):
        module = self.env.ref("base.module_fleet_vehicle_ownership")
        self.assertEqual(module.state, "installed")
        Partner = self.env["res.partner"]
        lists = [
            name
            for name, field in Partner._fields.items()
            if field.type == "one2many" and field.comodel_name == "fleet.vehicle"
        ]
        self.assertEqual(lists, ["vehicle_ids"], "the customer has one list of cars")
        self.assertEqual(Partner._fields["vehicle_ids"].inverse_name, "owner_id")
        customer = self.history_a[0]
        self.assertEqual(customer.vehicle_ids, customer.vehicle_ids.filtered("owner_id"))
        self.assertEqual(len(customer.vehicle_ids), 1)

    def test_partner_form_shows_one_vehicles_button(self):
        arch = self.env["res.partner"].with_user(self.advisor_a).get_view(view_type="form")["arch"]
        buttons = etree.fromstring(arch).xpath(
            "//button[@name='action_view_vehicles' or @name='action_view_owned_vehicles']"
        )
        visible = [b for b in buttons if b.get("invisible") not in ("1", "True")]
        self.assertEqual([b.get("name") for b in visible], ["action_view_owned_vehicles"])

    def test_advisor_registers_a_customer_before_the_car(self):
        # the OCA list is declared required: a new customer without a car must still save
        with Form(self.env["res.partner"].with_user(self.advisor_a)) as form:
            form.name = "新客户"
            form.mobile = "13912345678"
        self.assertTrue(form.record.id)
        self.assertFalse(form.record.vehicle_ids)
