/** @odoo-module */
// The customer opens the survey link on a phone (no login), rates the six questions (the
// last one Poor, with its reason), writes a suggestion and sends the answers.
import {registry} from "@web/core/registry";

function rate(index, value) {
    return {
        content: `Rate question ${index + 1}`,
        trigger: `.o_survey_question:eq(${index}) label[for$='_${value}']`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("fleet_aftersales_survey_link_tour", {
    steps: () => [
        {
            content: "The survey opens on the phone",
            trigger: ".o_survey_form",
        },
        rate(0, 5),
        rate(1, 5),
        rate(2, 5),
        rate(3, 5),
        rate(4, 4),
        rate(5, 2),
        {
            content: "A Poor rating asks why",
            trigger: ".o_survey_question:eq(5) .o_survey_reason textarea:visible",
            run: "edit 车没洗干净",
        },
        {
            content: "A suggestion",
            trigger: "textarea#suggestion",
            run: "edit 希望周末也营业",
        },
        {
            content: "Send the answers",
            trigger: ".o_survey_submit",
            run: "click",
        },
        {
            content: "Thanked",
            trigger: ".o_survey_thanks",
        },
    ],
});
