/** @odoo-module */
// Shop A's manager opens the after-sales dashboard, sees its charts and clicks the
// overdue calls card into their list: one call, shop A's customer.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("fleet_aftersales_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows its charts",
            trigger: ".o_fleet_aftersales_dashboard [data-chart=callback_rate] canvas",
        },
        {
            content: "And the overdue calls by agent",
            trigger: ".o_fleet_aftersales_dashboard [data-chart=overdue_by_agent] canvas",
        },
        {
            content: "One overdue call in shop A",
            trigger: ".o_fa_card[data-key=calls_overdue] .o_fa_card_value:contains(1)",
        },
        {
            content: "Open the overdue calls",
            trigger: ".o_fa_card[data-key=calls_overdue]",
            run: "click",
        },
        {
            content: "Their list shows shop A's customer",
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains('A客户03')",
        },
        {
            content: "And that call only",
            trigger: ".o_list_view tbody:not(:has(.o_data_row:nth-child(2)))",
        },
    ],
});
