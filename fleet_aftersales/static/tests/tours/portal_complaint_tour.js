/** @odoo-module */
// On a phone (390x844), a customer goes from /my to their car, files a complaint about it
// and finds it in their complaints. Selectors only: the words are the customer's language.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("fleet_aftersales_portal_complaint_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open my cars (the entry shows once its count is known)",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/vehicles']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open my car",
            trigger: ".o_fleet_aftersales_portal_vehicle a[href^='/my/vehicles/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The car's page: its service history",
            trigger: ".o_fleet_aftersales_portal_car .o_fleet_aftersales_portal_visit",
        },
        {
            content: "File a complaint about this car",
            trigger: "a.o_fleet_aftersales_file_complaint",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Describe what went wrong",
            trigger: ".o_fleet_aftersales_complaint_form textarea[name=description]",
            run: "edit 手机上提交的投诉：保养后仪表盘报警灯亮。",
        },
        {
            content: "Send",
            trigger: ".o_fleet_aftersales_complaint_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is registered",
            trigger: ".o_fleet_aftersales_portal_complaint_page .alert-success",
        },
        {
            content: "Back to my complaints",
            trigger: ".o_portal_submenu a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is in the list",
            trigger: ".o_fleet_aftersales_portal_complaint a[href^='/my/complaints/']",
        },
    ],
});
