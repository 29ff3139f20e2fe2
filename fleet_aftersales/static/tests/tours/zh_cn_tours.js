/** @odoo-module */
// Each role of a shop, in zh_CN, starts on its landing page and opens its main screens
// through the menus, as a user clicks: a tour fails on any English word it sees.
import {
    assertNoEnglish,
    checkScreen,
    loadAllowList,
    openFirstRecord,
    openMenu,
    switchView,
} from "@fleet_aftersales/../tests/tours/zh_cn_words";
import {registry} from "@web/core/registry";

const M = (xmlid) => `fleet_aftersales.${xmlid}`;
const tours = registry.category("web_tour.tours");

/** The form of the first record of a list or kanban, once its chatter's messages (our
 * tracked fields and notes) show. */
const recordForm = (screen) => [
    openFirstRecord(),
    checkScreen(screen, "o_form_view", ".o-mail-Chatter .o-mail-Message"),
];

const RECORD = {list: ".o_data_row", kanban: ".o_kanban_record"};

/** A menu's action: its first view (its search menu read too), its other view, a form. */
const browse = (menu, name, [first, second]) => [
    ...openMenu(...menu.map(M)),
    checkScreen(`${name} (${first})`, `o_${first}_view`, RECORD[first], {filters: true}),
    ...switchView(second),
    checkScreen(`${name} (${second})`, `o_${second}_view`, RECORD[second]),
    ...recordForm(`${name} (form)`),
];

const archive = (item) => ["fleet_aftersales_menu_archive", item];
const visits = () => browse(["fleet_aftersales_visit_menu"], "来访", ["list", "kanban"]);
const customers = () => browse(archive("fleet_aftersales_customer_menu"), "客户", ["list", "kanban"]);
const vehicles = () => browse(archive("fleet_aftersales_vehicle_menu"), "车辆", ["kanban", "list"]);
const complaints = () => browse(["fleet_aftersales_complaint_menu"], "投诉", ["kanban", "list"]);

const bookings = () => [
    ...openMenu(M("fleet_aftersales_menu_appointments"), M("fleet_aftersales_appointment_menu_today")),
    checkScreen("今日预约 (calendar)", "o_calendar_view", ".fc-view"),
    ...openMenu(M("fleet_aftersales_menu_appointments"), M("fleet_aftersales_appointment_menu")),
    checkScreen("预约 (calendar)", "o_calendar_view", ".fc-view"),
    ...switchView("list"),
    checkScreen("预约 (list)", "o_list_view", ".o_data_row", {filters: true}),
    ...recordForm("预约 (form)"),
];

const callbackLists = (items) =>
    items.flatMap(([item, screen]) => [
        ...openMenu(M("fleet_aftersales_menu_callbacks"), M(item)),
        checkScreen(screen, "o_list_view"),
    ]);

tours.add("fleet_aftersales_zh_cn_advisor_tour", {
    steps: () => [
        loadAllowList(),
        checkScreen("服务顾问首页 (今日预约)", "o_calendar_view", ".fc-view"),
        ...visits(),
        ...bookings(),
        ...customers(),
        ...vehicles(),
        ...complaints(),
        assertNoEnglish(),
    ],
});

tours.add("fleet_aftersales_zh_cn_agent_tour", {
    steps: () => [
        loadAllowList(),
        checkScreen("客服专员首页 (今日回访)", "o_list_view", ".o_data_row", {filters: true}),
        ...recordForm("回访 (form)"),
        ...openMenu(M("fleet_aftersales_menu_callbacks"), M("fleet_aftersales_callback_menu_my")),
        checkScreen("我的回访 (list)", "o_list_view", ".o_data_row"),
        ...switchView("kanban"),
        checkScreen("我的回访 (kanban)", "o_kanban_view", ".o_kanban_record"),
        ...callbackLists([
            ["fleet_aftersales_callback_menu_deliveries", "昨日交车回访 (list)"],
            ["fleet_aftersales_callback_menu_lost", "流失客户回访 (list)"],
            ["fleet_aftersales_callback_menu_maintenance", "保养到期 (list)"],
            ["fleet_vehicle_menu_insurance_next_month", "下月保险到期 (list)"],
        ]),
        ...openMenu(M("fleet_aftersales_menu_callbacks"), M("fleet_aftersales_campaign_menu")),
        checkScreen("关怀活动 (list)", "o_list_view", ".o_data_row"),
        ...recordForm("关怀活动 (form)"),
        ...complaints(),
        ...bookings(),
        ...customers(),
        assertNoEnglish(),
    ],
});

tours.add("fleet_aftersales_zh_cn_manager_tour", {
    steps: () => [
        loadAllowList(),
        checkScreen("售后经理首页 (仪表板)", "o_fleet_aftersales_dashboard", "canvas"),
        ...openMenu(M("fleet_aftersales_menu_callbacks"), M("fleet_aftersales_callback_menu_all")),
        checkScreen("全部回访 (list)", "o_list_view", ".o_data_row", {filters: true}),
        ...recordForm("回访 (form)"),
        ...openMenu(M("fleet_aftersales_menu_callbacks"), M("fleet_aftersales_callback_menu_overdue")),
        checkScreen("逾期回访 (list)", "o_list_view"),
        ...openMenu(M("fleet_aftersales_menu_reporting"), M("fleet_aftersales_callback_menu_analysis")),
        checkScreen("回访分析 (pivot)", "o_pivot_view", ".o_pivot", {filters: true}),
        ...switchView("graph"),
        checkScreen("回访分析 (graph)", "o_graph_view", "canvas"),
        ...openMenu(M("fleet_aftersales_menu_reporting"), M("fleet_aftersales_callback_answer_menu_analysis")),
        checkScreen("满意度分析 (pivot)", "o_pivot_view", ".o_pivot"),
        ...openMenu(M("fleet_aftersales_menu_reporting"), M("fleet_aftersales_complaint_menu_analysis")),
        checkScreen("投诉分析 (pivot)", "o_pivot_view", ".o_pivot"),
        ...openMenu(M("fleet_aftersales_menu_archive"), M("res_partner_menu_archive_incomplete")),
        checkScreen("不完整档案 (list)", "o_list_view"),
        ...openMenu(M("fleet_aftersales_menu_config"), M("res_company_menu_aftersales_settings")),
        checkScreen("门店设置 (form)", "o_form_view", ".o_form_sheet"),
        ...openMenu(M("fleet_aftersales_menu_config"), M("fleet_aftersales_maintenance_plan_menu")),
        checkScreen("保养计划 (list)", "o_list_view", ".o_data_row"),
        ...recordForm("保养计划 (form)"),
        ...openMenu(M("fleet_aftersales_menu_config"), M("fleet_aftersales_question_menu")),
        checkScreen("问卷 (list)", "o_list_view", ".o_data_row"),
        ...complaints(),
        // the morning screen again, through its menu
        ...openMenu(M("fleet_aftersales_menu_reporting"), M("fleet_aftersales_dashboard_menu")),
        checkScreen("仪表板", "o_fleet_aftersales_dashboard", "canvas"),
        assertNoEnglish(),
    ],
});

tours.add("fleet_aftersales_zh_cn_accountant_tour", {
    steps: () => [
        loadAllowList(),
        checkScreen("会计首页 (待开票来访)", "o_list_view", ".o_data_row", {filters: true}),
        ...visits(),
        ...customers(),
        ...vehicles(),
        ...complaints(),
        assertNoEnglish(),
    ],
});
