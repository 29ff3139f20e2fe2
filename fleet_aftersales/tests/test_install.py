# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestInstall(TransactionCase):
    """The module is installed in a real database, with its menu and groups."""

    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "fleet_aftersales")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "18.0.1.4.0")
        # the dependencies the manifest promises are really installed
        deps = self.env["ir.module.module"].search(
            [("name", "in", ("fleet", "account_fleet", "mail"))]
        )
        self.assertEqual(set(deps.mapped("state")), {"installed"})

    def test_app_menu_and_groups(self):
        root = self.env.ref("fleet_aftersales.fleet_aftersales_menu_root")
        self.assertFalse(root.parent_id, "After-Sales is a top-level application menu")
        user_group = self.env.ref("fleet_aftersales.fleet_aftersales_group_user")
        manager_group = self.env.ref("fleet_aftersales.fleet_aftersales_group_manager")
        self.assertIn(user_group, root.groups_id)
        self.assertIn(user_group, manager_group.trans_implied_ids)
        for role in ("advisor", "agent"):
            group = self.env.ref(f"fleet_aftersales.fleet_aftersales_group_{role}")
            self.assertIn(user_group, group.implied_ids)
            self.assertIn(group, manager_group.implied_ids)
        self.assertIn(self.env.ref("fleet.fleet_group_user"), user_group.implied_ids)

        user = new_test_user(
            self.env, "fa_user", groups="fleet_aftersales.fleet_aftersales_group_user"
        )
        manager = new_test_user(
            self.env, "fa_manager", groups="fleet_aftersales.fleet_aftersales_group_manager"
        )
        menus_user = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        config = self.env.ref("fleet_aftersales.fleet_aftersales_menu_config")
        self.assertIn(root.id, menus_user)
        self.assertIn(root.id, self.env["ir.ui.menu"].with_user(manager)._visible_menu_ids())
        self.assertNotIn(config.id, menus_user, "configuration is for managers only")
        self.assertEqual(config.groups_id, manager_group)
        plain = new_test_user(self.env, "fa_plain", groups="base.group_user")
        self.assertNotIn(root.id, self.env["ir.ui.menu"].with_user(plain)._visible_menu_ids())

    def test_round_trip_through_postgresql(self):
        """A trivial flow that proves the tests run against the real database, not a mock."""
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "BYD"})
        model = self.env["fleet.vehicle.model"].create({"name": "Han", "brand_id": brand.id})
        vehicle = self.env["fleet.vehicle"].create(
            {"model_id": model.id, "license_plate": "粤A·12345"}
        )
        self.env.flush_all()
        self.env.cr.execute("SELECT license_plate FROM fleet_vehicle WHERE id = %s", [vehicle.id])
        self.assertEqual(self.env.cr.fetchone()[0], "粤A·12345")
        self.env.cr.execute("SELECT current_setting('server_version_num')::int")
        self.assertGreaterEqual(self.env.cr.fetchone()[0], 120000)
