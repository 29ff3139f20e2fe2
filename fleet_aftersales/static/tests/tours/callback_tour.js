/** @odoo-module */
// An agent opens a callback from the activity inbox, answers the questionnaire with one
// poor rating and its reason, and marks the call done.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("fleet_aftersales_callback_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the activity inbox",
            trigger: ".o-mail-ActivityMenu-counter",
            run: "click",
        },
        {
            content: "Open the callbacks due",
            trigger: ".o-mail-ActivityGroup:contains('Callback')",
            run: "click",
        },
        {
            content: "Open the customer's callback",
            trigger: ".o_data_row td[name=partner_id]:contains('Tour Customer')",
            run: "click",
        },
        {
            content: "Rate the first question",
            trigger: ".o_field_one2many[name=answer_ids] .o_data_row:nth-child(1) td[name=rating]",
            run: "click",
        },
        {
            content: "Very good",
            trigger: ".o_data_row.o_selected_row .o_selection_badge:contains('Very Good')",
            run: "click",
        },
        {
            // under load the next click could come before the badge's value is in the row
            content: "The first rating is recorded",
            trigger: ".o_data_row.o_selected_row .o_selection_badge.active:contains('Very Good')",
        },
        {
            content: "Rate the second question",
            trigger: ".o_field_one2many[name=answer_ids] .o_data_row:nth-child(2) td[name=rating]",
            run: "click",
        },
        {
            content: "Poor",
            trigger: ".o_data_row.o_selected_row .o_selection_badge:contains('Poor'):not(:contains('Very'))",
            run: "click",
        },
        {
            content: "The second rating is recorded",
            trigger: ".o_data_row.o_selected_row .o_selection_badge.active:contains('Poor'):not(:contains('Very'))",
        },
        {
            content: "Record why",
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=reason] textarea",
            run: "edit The car still pulls to the left",
        },
        {
            content: "The reason is typed in",
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=reason] textarea:value(The car still pulls to the left)",
        },
        {
            content: "The poor answer is marked (its onchange is back)",
            trigger: ".o_field_one2many[name=answer_ids] .o_data_row.text-danger",
        },
        {
            content: "The call is done",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The callback is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
