/** @odoo-module */
// Tour steps that read the screen as a zh_CN dealer sees it and list every English word on
// it: the navbar, the action (breadcrumbs, control panel, views, chatter) and what is open
// over it (dropdowns, dialogs). Names typed by the dealer are no English: the allow-list is
// read from the database as the tour's user (partners, users, shops, plates, VINs, brands,
// models, the references of visits and complaints, the languages' names), plus the few
// tokens below that are no English words; web and e-mail addresses are no words either.
import {rpc} from "@web/core/network/rpc";

/**
 * Latin tokens of Odoo's and the dealer's Chinese UI that are no English words:
 * - VIN: the 17-character vehicle identification number is "VIN" in Chinese too (车架号/VIN).
 * - SMS, PDF, ID: what Odoo's zh_CN calls an SMS, a PDF and an ID.
 * - km: Odoo fleet's own odometer unit, shown as "km" in zh_CN by fleet.
 * - VIP: a customer tag as Chinese dealers write it (Odoo's zh_CN tag placeholder has it).
 */
export const TOKENS = ["VIN", "SMS", "PDF", "ID", "km", "VIP"];

/** The parts of the screen the words are read from (the overlays: dropdowns, dialogs). */
const ROOTS = [".o_main_navbar", ".o_action_manager", ".o-overlay-container"];
const WORD = /[A-Za-z]{2,}/g;
const ADDRESS = /(https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
/**
 * Odoo's FullCalendar week numbers ("Week 49"): FullCalendar's own locale files are not
 * shipped with Odoo 18, so they read so in every language; no string of ours nor of
 * Odoo's translations.
 */
const ODOO_UNTRANSLATABLE = ".fc-timegrid-axis, .fc-daygrid-week-number, .o-fc-week";
/** The fake records (lorem ipsum) Odoo shows behind the help of an empty view. */
const SAMPLE = ".o_view_sample_data";
/** Where a word was seen, the first container of these that holds it. */
const PLACES = [
    [".o_main_navbar", "navbar"],
    [".o_breadcrumb", "breadcrumb"],
    [".o_search_bar_menu", "search menu"],
    [".o_searchview", "search bar"],
    [".o_control_panel_navigation", "pager/view switcher"],
    [".o_control_panel", "control panel"],
    [".o_view_nocontent", "empty-list help"],
    [".o-mail-Chatter, .o-mail-Form-chatter", "chatter"],
    [".o_statusbar_buttons", "status bar buttons"],
    [".o-form-buttonbox, .oe_button_box", "smart button"],
    [".o_statusbar_status", "status bar"],
    ["th", "list header"],
    [".o_group_name, .o_kanban_header", "group header"],
    [".o_kanban_record", "kanban card"],
    ["label, .o_form_label", "form label"],
    [".o_notebook_headers", "notebook tab"],
    [".o_calendar_view", "calendar"],
    [".o_pivot, .o_graph_view", "analysis"],
    [".modal", "dialog"],
    [".o-overlay-container", "overlay"],
];

let allowed = null;
/** Each English text seen, where it was seen ("place: words «text»"), with its screens. */
const found = new Map();

async function searchRead(model, domain, fields) {
    return rpc(`/web/dataset/call_kw/${model}/search_read`, {
        model,
        method: "search_read",
        args: [domain],
        kwargs: {fields, context: {active_test: false}, limit: 5000},
    });
}

/** The names the dealer typed that this user may see, longest first. */
async function loadAllowed() {
    const sources = [
        ["res.partner", ["name", "display_name", "email"]],
        ["res.users", ["name", "login"]],
        ["res.company", ["name"]],
        ["fleet.vehicle", ["license_plate", "vin_sn", "display_name"]],
        ["fleet.vehicle.model.brand", ["name"]],
        ["fleet.vehicle.model", ["name", "display_name"]],
        ["fleet.aftersales.visit", ["name"]],
        ["fleet.aftersales.complaint", ["name"]],
        ["res.lang", ["name"]],
    ];
    const names = new Set();
    for (const [model, fields] of sources) {
        for (const record of await searchRead(model, [], fields)) {
            for (const field of fields) {
                if (typeof record[field] === "string" && record[field].trim()) {
                    names.add(record[field].trim());
                }
            }
        }
    }
    return [...names].sort((a, b) => b.length - a.length);
}

function isShown(element) {
    return element && element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
}

function isSkipped(element) {
    return (
        element.closest(ODOO_UNTRANSLATABLE) ||
        (element.closest(SAMPLE) && !element.closest(".o_view_nocontent"))
    );
}

function placeOf(element) {
    const place = PLACES.find(([selector]) => element.closest(selector));
    const field = element.closest("[name], [data-name]");
    const name = field && (field.getAttribute("name") || field.dataset.name);
    return [place ? place[1] : "view", name].filter(Boolean).join(" ");
}

/** The visible text of the screen: text nodes, input values and placeholders. */
function* visibleTexts() {
    for (const root of ROOTS.flatMap((s) => [...document.querySelectorAll(s)])) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const parent = node.parentElement;
            if (node.nodeValue.trim() && isShown(parent) && !isSkipped(parent)) {
                yield [node.nodeValue, parent];
            }
        }
        for (const input of root.querySelectorAll("input, textarea, select")) {
            if (
                !isShown(input) ||
                isSkipped(input) ||
                ["checkbox", "radio", "hidden"].includes(input.type)
            ) {
                continue;
            }
            if (input.tagName === "SELECT") {
                yield [input.selectedOptions[0]?.text || "", input];
            } else {
                yield [input.value || input.placeholder || "", input];
            }
        }
    }
}

function englishWords(text) {
    let rest = text.replace(ADDRESS, " ");
    for (const name of allowed) {
        if (rest.includes(name)) {
            rest = rest.split(name).join(" ");
        }
    }
    return (rest.match(WORD) || []).filter((word) => !TOKENS.includes(word));
}

/** Record the English words of the screen now shown, under ``screen``. */
export function collectEnglish(screen) {
    for (const [text, element] of visibleTexts()) {
        const words = englishWords(text);
        if (words.length) {
            const key = `${placeOf(element)}: ${words.join(" ")} «${text.trim().slice(0, 80)}»`;
            const screens = found.get(key) || new Set();
            found.set(key, screens.add(screen));
        }
    }
}

/** The first step of a tour: read the allow-list as the tour's user. */
export function loadAllowList() {
    return {
        content: "Read the names the dealer typed (the allow-list)",
        trigger: ".o_action_manager > .o_action",
        async run() {
            allowed = await loadAllowed();
            found.clear();
        },
    };
}

async function waitFor(predicate, what) {
    for (let i = 0; i < 100; i++) {
        if (predicate()) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${what} did not show`);
}

/**
 * A step that reads the screen ``screen`` once a new action or view of class ``view``
 * shows ``inner`` (each check marks its view seen, so the next check waits for the next
 * screen); with ``filters``, the search bar's menu is opened and read too, then closed.
 */
export function checkScreen(screen, view, inner = "", {filters = false} = {}) {
    return {
        content: `No English on ${screen}`,
        trigger: `.o_action_manager > .o_action.${view}:not(.o_fa_seen) ${inner}`.trim(),
        async run() {
            const action = document.querySelector(".o_action_manager > .o_action");
            collectEnglish(screen);
            if (filters) {
                const toggler = action.querySelector(".o_searchview_dropdown_toggler");
                toggler.click();
                await waitFor(() => document.querySelector(".o_search_bar_menu"), "filters");
                collectEnglish(`${screen} (filters)`);
                toggler.click();
                await waitFor(() => !document.querySelector(".o_search_bar_menu"), "closed");
            }
            action.classList.add("o_fa_seen");
        },
    };
}

/** The last step: fail with every English word seen, where it was seen. */
export function assertNoEnglish() {
    return {
        content: "No English word on any screen",
        trigger: "body",
        run() {
            if (found.size) {
                const lines = [...found].map(([key, screens]) => {
                    const [first, ...others] = screens;
                    const more = others.length ? ` (+${others.length} more screens)` : "";
                    return `${key} — on ${first}${more}`;
                });
                throw new Error(`English words in the zh_CN UI:\n${lines.join("\n")}`);
            }
        },
    };
}

/** Steps that click the app's menu ``section`` (xmlid) and then its item ``item``. */
export function openMenu(section, item = null) {
    const steps = [
        {
            content: `Open the menu ${section}`,
            trigger: `.o_main_navbar [data-menu-xmlid='${section}']`,
            run: "click",
        },
    ];
    if (item) {
        steps.push({
            content: `Open ${item}`,
            trigger: `.o-dropdown--menu [data-menu-xmlid='${item}']`,
            run: "click",
        });
    }
    return steps;
}

/** Steps that switch the current action to its ``viewType`` view. */
export function switchView(viewType) {
    return [
        {
            content: `Switch to the ${viewType} view`,
            trigger: `.o_control_panel .o_switch_view.o_${viewType}`,
            run: "click",
        },
    ];
}

/** A step that opens the first record of the list or kanban view shown. */
export function openFirstRecord() {
    return {
        content: "Open a record",
        trigger:
            ".o_action_manager > .o_action:is(.o_list_view, .o_kanban_view) " +
            ":is(.o_data_row .o_data_cell, .o_kanban_record:not(.o_kanban_ghost))",
        run: "click",
    };
}
