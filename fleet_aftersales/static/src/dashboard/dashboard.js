/** @odoo-module */
// The after-sales manager's morning screen: cards and charts from one call,
// fleet.aftersales.dashboard.get_dashboard_data, which gives with each figure the model
// and domain of its records; a click on a card or a bar opens them.
import {Component, onWillStart, onWillUnmount, onMounted, useRef, useState} from "@odoo/owl";
import {loadBundle} from "@web/core/assets";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

const COLORS = ["#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd"];

/** A Chart.js chart whose bars or points open their records (props.onPick(index)). */
export class FleetAftersalesChart extends Component {
    static template = "fleet_aftersales.DashboardChart";
    static props = {
        type: String,
        labels: Array,
        datasets: Array,
        onPick: Function,
        horizontal: {type: Boolean, optional: true},
        percent: {type: Boolean, optional: true},
    };

    setup() {
        this.canvasRef = useRef("canvas");
        onMounted(() => this.renderChart());
        onWillUnmount(() => this.chart?.destroy());
    }

    renderChart() {
        const scale = this.props.percent ? {beginAtZero: true, suggestedMax: 100} : {beginAtZero: true, ticks: {precision: 0}};
        this.chart = new Chart(this.canvasRef.el, {
            type: this.props.type,
            data: {labels: this.props.labels, datasets: this.props.datasets},
            options: {
                maintainAspectRatio: false,
                indexAxis: this.props.horizontal ? "y" : "x",
                scales: this.props.horizontal ? {x: scale} : {y: scale},
                plugins: {legend: {display: this.props.datasets.length > 1}},
                onClick: (event, elements) => {
                    const [element] = elements;
                    if (element) {
                        this.props.onPick(element.index, element.datasetIndex);
                    }
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
            },
        });
    }
}

export class FleetAftersalesDashboard extends Component {
    static template = "fleet_aftersales.Dashboard";
    static components = {FleetAftersalesChart};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null});
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            // the call's context has the current companies (allowed_company_ids)
            this.state.data = await this.orm.call("fleet.aftersales.dashboard", "get_dashboard_data", []);
        });
    }

    /** Open the records behind a figure: its model and domain, as the server gave them. */
    open(model, domain, name) {
        const views = [[false, "list"], [false, "form"]];
        if (model === "fleet.aftersales.callback" || model === "fleet.aftersales.complaint") {
            views.splice(1, 0, [false, "graph"], [false, "pivot"]);
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: model,
            domain,
            views,
            target: "current",
        });
    }

    openCard(card) {
        return this.open(card.model, card.domain, card.label);
    }

    get monthCharts() {
        const months = this.state.data.months;
        // a month's bar, against the target's dashed line; a bar opens the month's calls
        const chart = (key, title, label, color, records) => ({
            key,
            title,
            datasets: [
                {type: "bar", label, data: months[key], backgroundColor: color},
                {
                    type: "line",
                    label: _t("Target"),
                    data: months.labels.map(() => months[`target_${key}`]),
                    borderColor: "#d62728",
                    borderDash: [6, 4],
                    pointRadius: 0,
                    fill: false,
                },
            ],
            onPick: (index) =>
                this.open(
                    "fleet.aftersales.callback",
                    months[key.replace("_rate", "_domains")][index],
                    `${records} ${months.labels[index]}`
                ),
        });
        return [
            chart("callback_rate", _t("Callback rate per month (%)"), _t("Callback rate"), COLORS[0], _t("Callbacks due")),
            chart(
                "satisfaction_rate",
                _t("Satisfaction rate per month (%)"),
                _t("Satisfaction rate"),
                COLORS[1],
                _t("Rated satisfaction calls")
            ),
        ];
    }

    get barCharts() {
        const data = this.state.data;
        const chart = (key, title, model, rows, value, color, percent) => ({
            key,
            title,
            rows,
            percent,
            labels: rows.map((r) => r.name),
            datasets: [{label: title, data: rows.map((r) => r[value]), backgroundColor: color, maxBarThickness: 36}],
            onPick: (index) => this.open(model, rows[index].domain, `${title}: ${rows[index].name}`),
        });
        return [
            chart("by_advisor", _t("Satisfaction by service advisor (%)"), data.answer_model, data.by_advisor, "rate", COLORS[0], true),
            chart("by_department", _t("Satisfaction by department (%)"), data.answer_model, data.by_department, "rate", COLORS[1], true),
            chart("reasons", _t("Top 5 dissatisfaction reasons"), data.answer_model, data.reasons, "count", COLORS[3], false),
            chart("overdue_by_agent", _t("Overdue calls by agent"), data.callback_model, data.overdue_by_agent, "count", COLORS[2], false),
            chart("complaint_aging", _t("Open complaints by days open"), data.complaint_model, data.complaint_aging, "count", COLORS[4], false),
            chart("bookings_by_source", _t("Bookings this month by source"), data.booking_model, data.bookings_by_source, "count", COLORS[0], false),
            chart("bookings_by_advisor", _t("Bookings per advisor per day"), data.booking_model, data.bookings_by_advisor, "per_day", COLORS[1], false),
            chart("weekly_satisfaction", _t("Satisfaction by week (%)"), data.answer_model, data.weekly_satisfaction, "rate", COLORS[0], true),
            chart("intake_by_type", _t("Intake this month by visit type"), data.visit_model, data.intake_by_type, "count", COLORS[2], false),
            chart("agents", _t("Calls reached per agent (%)"), data.callback_model, data.agents, "reach_rate", COLORS[1], true),
        ];
    }
}

registry.category("actions").add("fleet_aftersales.dashboard", FleetAftersalesDashboard);
