# Copyright 2026 fleet_aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Fleet After-Sales",
    "summary": "After-sales customer care for car dealers: customer archive, "
    "maintenance cycles, callbacks, complaints and statistics",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Fleet",
    "website": "https://github.com/fleet-aftersales/fleet_aftersales",
    "author": "fleet_aftersales contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["fleet", "account_fleet", "mail"],
    "data": [
        "security/fleet_aftersales_groups.xml",
        "security/ir.model.access.csv",
        "views/fleet_aftersales_menus.xml",
    ],
    "demo": [],
}
