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
        "security/fleet_aftersales_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/fleet_aftersales_maintenance_plan_data.xml",
        "data/fleet_aftersales_department_data.xml",
        "data/fleet_aftersales_reason_tag_data.xml",
        "data/fleet_aftersales_question_data.xml",
        "data/fleet_aftersales_complaint_category_data.xml",
        "views/fleet_aftersales_visit_views.xml",
        "views/fleet_aftersales_maintenance_plan_views.xml",
        "views/fleet_vehicle_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/fleet_aftersales_callback_views.xml",
        "views/fleet_aftersales_question_views.xml",
        "views/fleet_aftersales_complaint_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/fleet_aftersales_callback_reschedule_views.xml",
        "views/fleet_aftersales_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fleet_aftersales/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/fleet_aftersales_demo.xml",
    ],
}
