# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestDemoData(TransactionCase):
    def test_demo_dealer(self):
        if not self.env.ref("fleet_aftersales.user_advisor_wang", raise_if_not_found=False):
            self.skipTest("installed without demo data")
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
        plates = owners.mapped("license_plate")
        self.assertTrue(all(plate.startswith("粤") for plate in plates if plate))
        # a module update reloads demo files: the dealer is not generated twice
        partners = self.env["res.partner"].search_count([])
        self.assertFalse(self.env["fleet.aftersales.demo"]._generate())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
