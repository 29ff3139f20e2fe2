# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from ..tools import actions, service_schedule, validation
from .fleet_aftersales_state_mixin import button

SERVICE_VISIT_TYPES = ("first_service", "maintenance")
#: the types of visit, which are also what a booking is for
VISIT_TYPES = [
    ("first_service", "First Service"),
    ("maintenance", "Periodic Maintenance"),
    ("repair", "Repair"),
    ("warranty", "Warranty"),
    ("accident", "Accident / Insurance Claim"),
    ("other", "Other"),
]


class FleetAftersalesVisit(models.Model):
    """A service visit (进厂维修单): a car received by an advisor, worked on and delivered."""

    _name = "fleet.aftersales.visit"
    _description = "Service Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "fleet.aftersales.state.mixin"]
    _order = "reception_datetime desc, id desc"
    _check_company_auto = True
    _aftersales_initial_states = ("draft",)
    _aftersales_folded_states = ("cancel",)
    # a delivered visit is counted in its callbacks' ratings and complaints: the advisor
    # who received the car keeps them (a manager corrects a mistake, tracked)
    _aftersales_locked_fields = {"delivered": ("advisor_id", "vehicle_id", "visit_type")}

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )

    def init(self):
        """A shop's delivered visits by customer and day, read index-only in that order by
        the statistics (lost customers' window query, active customers, the shop's
        customers of no shop): no sort of a million visits (#20)."""
        create_index(
            self.env.cr,
            "fleet_aftersales_visit_delivered_partner_day_index",
            self._table,
            ["company_id", "partner_id", "delivery_date"],
            where="state = 'delivered'",
        )

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle", required=True, index=True, tracking=True, check_company=True
    )
    license_plate = fields.Char(related="vehicle_id.license_plate")
    vin_sn = fields.Char(related="vehicle_id.vin_sn")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        help="Defaults to the vehicle's owner.",
    )
    advisor_id = fields.Many2one(
        "res.users",
        string="Service Advisor",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        help="The service advisor who received the car. He or she will not be the one "
        "to call the customer back.",
    )
    visit_type = fields.Selection(
        VISIT_TYPES,
        required=True,
        default="maintenance",
        tracking=True,
    )
    reception_datetime = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    delivery_datetime = fields.Datetime(
        string="Delivered On", copy=False, tracking=True, index=True
    )
    delivery_date = fields.Date(
        compute="_compute_delivery_date",
        store=True,
        index=True,
        help="Day of the delivery (for callbacks and reports).",
    )
    odometer = fields.Float(help="Odometer reading when the car was received.", tracking=True)
    odometer_unit = fields.Selection(related="vehicle_id.odometer_unit")
    odometer_id = fields.Many2one(
        "fleet.vehicle.odometer", string="Odometer Reading", readonly=True, copy=False
    )
    description = fields.Html(string="Work Done")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("in_progress", "In Progress"),
            ("ready", "Ready"),
            ("delivered", "Delivered"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
        # every state is a kanban column, in lifecycle order
        group_expand=True,
    )
    is_service = fields.Boolean(
        compute="_compute_is_service",
        store=True,
        help="A first or periodic service: it restarts the maintenance cycle.",
    )
    is_archive_checked = fields.Boolean(
        copy=False,
        index=True,
        help="Technical: the archive of the customer was checked two days after this visit.",
    )
    # Accounting users see and link the invoices themselves; everybody else sees the figures.
    invoice_ids = fields.One2many(
        "account.move",
        "aftersales_visit_id",
        string="Invoices",
        groups="account.group_account_invoice",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoice_count = fields.Integer(compute="_compute_invoice_figures", compute_sudo=True)
    amount_invoiced = fields.Monetary(compute="_compute_invoice_figures", compute_sudo=True)
    amount_residual = fields.Monetary(
        string="Amount Due", compute="_compute_invoice_figures", compute_sudo=True
    )
    invoice_payment_state = fields.Selection(
        [
            ("no", "Not Invoiced"),
            ("not_paid", "Not Paid"),
            ("partial", "Partially Paid"),
            ("paid", "Paid"),
        ],
        string="Payment",
        compute="_compute_invoice_figures",
        compute_sudo=True,
    )

    _sql_constraints = [
        ("odometer_positive", "CHECK(odometer >= 0)", "The odometer cannot be negative."),
    ]

    # ---- Compute ----------------------------------------------------------------------
    @api.depends("vehicle_id")
    def _compute_partner_id(self):
        for visit in self:
            visit.partner_id = visit.vehicle_id.owner_id or visit.partner_id

    @api.depends("delivery_datetime", "company_id")
    def _compute_delivery_date(self):
        # the day of the dealer's clock, whoever records the delivery
        for visit in self:
            visit.delivery_date = (
                visit.company_id._aftersales_localize(visit.delivery_datetime).date()
                if visit.delivery_datetime
                else False
            )

    @api.depends("visit_type")
    def _compute_is_service(self):
        for visit in self:
            visit.is_service = visit.visit_type in SERVICE_VISIT_TYPES

    @api.depends(
        "invoice_ids.state", "invoice_ids.amount_total_signed", "invoice_ids.amount_residual_signed"
    )
    def _compute_invoice_figures(self):
        # compute_sudo: after-sales users see the invoiced amounts of a visit without
        # access to the journal entries themselves.
        data = {
            visit: (count, total, residual, states)
            for visit, count, total, residual, states in self.env["account.move"]._read_group(
                [
                    ("aftersales_visit_id", "in", self.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["aftersales_visit_id"],
                [
                    "__count",
                    "amount_total_signed:sum",
                    "amount_residual_signed:sum",
                    "payment_state:array_agg",
                ],
            )
        }
        for visit in self:
            count, total, residual, states = data.get(visit, (0, 0.0, 0.0, []))
            visit.invoice_count = count
            visit.amount_invoiced = total
            visit.amount_residual = residual
            if not count:
                visit.invoice_payment_state = "no"
            elif all(s in ("paid", "in_payment", "reversed") for s in states):
                visit.invoice_payment_state = "paid"
            elif any(s in ("paid", "in_payment", "partial") for s in states):
                visit.invoice_payment_state = "partial"
            else:
                visit.invoice_payment_state = "not_paid"

    # ---- Constraints ------------------------------------------------------------------
    @api.constrains("reception_datetime", "delivery_datetime")
    def _check_delivery_after_reception(self):
        for visit in self:
            if visit.delivery_datetime and visit.delivery_datetime < visit.reception_datetime:
                raise ValidationError(
                    self.env._(
                        "Visit %(name)s: the car cannot be delivered (%(delivery)s) before it was received (%(reception)s).",
                        name=visit.name,
                        delivery=visit.delivery_datetime,
                        reception=visit.reception_datetime,
                    )
                )

    @api.constrains("reception_datetime", "delivery_datetime")
    def _check_dates_plausible(self):
        validation.check_years(self, ("reception_datetime", "delivery_datetime"))

    @api.constrains("advisor_id")
    def _check_advisor_not_agent(self):
        """The advisor who received the car does not call the customer back: a new
        advisor is checked against the agents of the visit's callbacks."""
        # sudo: the rule holds whoever changes the advisor, who may not read the calls
        self.env["fleet.aftersales.callback"].sudo().search(
            [("visit_id", "in", self.ids), ("user_id", "!=", False)]
        )._check_agent_not_advisor()

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # next_by_code() searches the sequence for every number: look it up once per company
        sequences = {}
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company_id = vals.get("company_id") or self.env.company.id
                if company_id not in sequences:
                    sequences[company_id] = self.env["ir.sequence"].search(
                        [
                            ("code", "=", "fleet.aftersales.visit"),
                            ("company_id", "in", [company_id, False]),
                        ],
                        order="company_id",
                        limit=1,
                    )
                sequence = sequences[company_id]
                vals["name"] = sequence._next() if sequence else "/"
        visits = super().create(vals_list)
        # the readings check the odometer (fleet.vehicle.odometer), all of them at once
        visits._sync_odometer_readings()
        return visits

    def write(self, vals):
        res = super().write(vals)
        if {"odometer", "vehicle_id", "reception_datetime"} & set(vals):
            self._sync_odometer_readings()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_delivered(self):
        if any(visit.state not in ("draft", "cancel") for visit in self):
            raise UserError(
                self.env._(
                    "Only draft or cancelled visits can be deleted; cancel the visit instead."
                )
            )

    # ---- Actions ----------------------------------------------------------------------
    @button
    def action_start(self):
        self._check_state(("draft",), self.env._("Only draft visits can be started."))
        self.write({"state": "in_progress"})
        return True

    @button
    def action_ready(self):
        self._check_state(
            ("draft", "in_progress"), self.env._("Only visits in progress can be made ready.")
        )
        self.write({"state": "ready"})
        return True

    @button
    def action_deliver(self):
        """Hand the car back: stamp the delivery time and move to delivered."""
        self._check_state(
            ("draft", "in_progress", "ready"),
            self.env._("Cancelled or delivered visits cannot be delivered."),
        )
        now = fields.Datetime.now()
        for visit in self:
            visit.write({"state": "delivered", "delivery_datetime": visit.delivery_datetime or now})
        # the customer is back in this shop, and the service done ends the reminder that
        # announced it
        self.env["fleet.aftersales.lost.period"]._end_for_visits(self.filtered("partner_id"))
        # the visit counts in the customer's loyalty tier at once (three queries)
        self.partner_id._aftersales_update_loyalty()
        # sudo: the advisor may not read the agents' reminders (record rules), and the
        # service done is what ends them; only the reminders of these cars are touched
        Callback = self.env["fleet.aftersales.callback"].sudo()
        reminders = Callback._get_kinds()["maintenance_reminder"]
        for company, visits in self.filtered("is_service").grouped("company_id").items():
            reminders.refresh(
                Callback.with_company(company),
                company,
                company._aftersales_today(),
                visits.vehicle_id,
            )
        return True

    @button
    def action_cancel(self):
        self._check_state(
            ("draft", "in_progress", "ready"), self.env._("Delivered visits cannot be cancelled.")
        )
        self.write({"state": "cancel"})
        return True

    @button
    def action_draft(self):
        self._check_state(("cancel",), self.env._("Only cancelled visits can be reset to draft."))
        self.write({"state": "draft"})
        return True

    def action_create_invoice(self):
        """Open a new draft customer invoice for the visit, linked to it and its vehicle."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Set the customer of visit %(name)s before invoicing it.", name=self.name
                )
            )
        invoice = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_invoice_values())
        )
        return actions.form_action(invoice)

    def action_view_invoices(self):
        self.ensure_one()
        return actions.records_action(
            self.env,
            "account.action_move_out_invoice_type",
            [("aftersales_visit_id", "=", self.id)],
            {
                "default_move_type": "out_invoice",
                "default_partner_id": self.partner_id.id,
                "default_aftersales_visit_id": self.id,
            },
        )

    # ---- Helpers ----------------------------------------------------------------------
    @api.model
    def _get_last_service_by_vehicle(self, vehicle_ids):
        """``{vehicle_id: (date, odometer)}``: the delivery date and the odometer of the
        last delivered service visit of each vehicle (``service_schedule.last_service``),
        in one query.

        Vehicles without one are left out. ``vehicle_ids`` are database ids (no ``NewId``).
        """
        if not vehicle_ids:
            return {}
        services = defaultdict(list)
        for vehicle, day, odometer in self._read_group(
            [
                ("vehicle_id", "in", vehicle_ids),
                ("state", "=", "delivered"),
                ("is_service", "=", True),
                ("delivery_date", "!=", False),
            ],
            ["vehicle_id", "delivery_date:day"],
            ["odometer:max"],
        ):
            services[vehicle.id].append(service_schedule.Reading(day, odometer))
        return {
            vehicle_id: service_schedule.last_service(readings)
            for vehicle_id, readings in services.items()
        }

    def _prepare_invoice_values(self):
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "aftersales_visit_id": self.id,
            "aftersales_vehicle_id": self.vehicle_id.id,
            "invoice_origin": self.name,
            "company_id": self.company_id.id,
        }

    def _sync_odometer_readings(self):
        """Record each visit's reception odometer in Odoo's own odometer log.

        Creates the missing readings in one call and updates the existing ones.
        """
        Odometer = self.env["fleet.vehicle.odometer"]
        to_create, visits_created = [], self.browse()
        for visit in self:
            values = {
                "vehicle_id": visit.vehicle_id.id,
                "value": visit.odometer,
                "date": visit.company_id._aftersales_localize(visit.reception_datetime).date(),
            }
            if visit.odometer_id:
                visit.odometer_id.write(values)
            elif visit.odometer:
                to_create.append(values)
                visits_created |= visit
        for visit, reading in zip(visits_created, Odometer.create(to_create), strict=True):
            visit.odometer_id = reading
