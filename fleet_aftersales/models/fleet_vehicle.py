# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models

from ..tools import actions, service_schedule
from .fleet_aftersales_appointment import HOLDING_STATES


class FleetVehicle(models.Model):
    _name = "fleet.vehicle"
    _inherit = ["fleet.vehicle", "fleet.aftersales.history.mixin"]
    _aftersales_link_field = "vehicle_id"
    # dealers know a car by its plate or VIN: find it by them (many2one fields, imports)
    _rec_names_search = ["name", "license_plate", "vin_sn", "driver_id.name"]

    owner_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        check_company=True,
        help="The customer who owns the car (the driver may be somebody else).",
    )
    owner_phone = fields.Char(
        related="owner_id.aftersales_phone",
        string="Owner's Phone",
        help="The phone, else the mobile.",
    )
    odometer_ids = fields.One2many(
        "fleet.vehicle.odometer", "vehicle_id", string="Odometer Readings"
    )
    visit_ids = fields.One2many("fleet.aftersales.visit", "vehicle_id", string="Service Visits")
    maintenance_plan_id = fields.Many2one(
        "fleet.aftersales.maintenance.plan",
        compute="_compute_maintenance_plan_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        help="Defaults to the plan of the vehicle's model or brand.",
    )
    delivery_date = fields.Date(
        string="Handover Date",
        tracking=True,
        help="Day this dealer handed the new car over to its owner: the first service (首保) "
        "is counted from it.",
    )
    last_service_date = fields.Date(compute="_compute_service_schedule", store=True, index=True)
    last_service_odometer = fields.Float(compute="_compute_service_schedule", store=True)
    daily_km = fields.Float(
        string="Daily Mileage",
        compute="_compute_service_schedule",
        store=True,
        help="Average distance a day over the most recent odometer readings, used to project "
        "when the mileage of the next service is reached.",
    )
    next_service_date = fields.Date(
        compute="_compute_service_schedule",
        store=True,
        index=True,
        copy=False,
        help="The earlier of the calendar due date and the day the projected mileage "
        "reaches the next service odometer.",
    )
    next_service_odometer = fields.Float(
        compute="_compute_service_schedule", store=True, copy=False
    )
    insurance_expiry_date = fields.Date(index=True, tracking=True)
    warranty_end_date = fields.Date(index=True, tracking=True)
    is_first_service_to_book = fields.Boolean(
        compute="_compute_is_first_service_to_book",
        help="A new car handed over by this dealer whose first service (首保) is neither "
        "done nor booked: its form proposes the booking on the plan's date.",
    )
    customer_invoice_count = fields.Integer(
        compute="_compute_customer_invoice_figures", compute_sudo=True
    )
    customer_invoiced_amount = fields.Monetary(
        compute="_compute_customer_invoice_figures", compute_sudo=True
    )

    @api.depends("model_id")
    def _compute_maintenance_plan_id(self):
        vehicles = self.filtered(lambda v: v.model_id and not v.maintenance_plan_id)
        plans = self.env["fleet.aftersales.maintenance.plan"]._get_plan_for_models(
            vehicles.model_id
        )
        for vehicle in vehicles:
            vehicle.maintenance_plan_id = plans.get(vehicle.model_id, False)

    @api.depends(
        "delivery_date",
        "maintenance_plan_id.interval_months",
        "maintenance_plan_id.interval_km",
        "maintenance_plan_id.first_service_months",
        "maintenance_plan_id.first_service_km",
        "odometer_ids.value",
        "odometer_ids.date",
        "visit_ids.state",
        "visit_ids.is_service",
        "visit_ids.delivery_date",
        "visit_ids.odometer",
    )
    def _compute_service_schedule(self):
        """Last service, daily mileage and next service, for all vehicles in two queries."""
        vehicle_ids = [vid for vid in self.ids if vid]
        services = self.env["fleet.aftersales.visit"]._get_last_service_by_vehicle(vehicle_ids)
        readings = defaultdict(list)
        if vehicle_ids:
            for row in self.env["fleet.vehicle.odometer"].search_read(
                [("vehicle_id", "in", vehicle_ids)],
                ["vehicle_id", "date", "value"],
                order="vehicle_id, date, id",
            ):
                readings[row["vehicle_id"][0]].append(
                    service_schedule.Reading(row["date"], row["value"])
                )
        for vehicle in self:
            plan = vehicle.maintenance_plan_id
            last_date, last_odometer = services.get(vehicle.id, (False, 0.0))
            schedule = service_schedule.vehicle_schedule(
                readings.get(vehicle.id, []),
                {
                    "interval_months": plan.interval_months,
                    "interval_km": plan.interval_km,
                    "first_months": plan.first_service_months,
                    "first_km": plan.first_service_km,
                }
                if plan
                else None,
                last_service_date=last_date or None,
                last_service_odometer=last_odometer,
                delivery_date=vehicle.delivery_date or None,
            )
            vehicle.last_service_date = last_date
            vehicle.last_service_odometer = schedule.last_service_odometer
            vehicle.daily_km = schedule.daily_km
            vehicle.next_service_date = schedule.due.date or False
            vehicle.next_service_odometer = schedule.due.odometer

    @api.depends("delivery_date", "owner_id", "next_service_date", "last_service_date")
    def _compute_is_first_service_to_book(self):
        candidates = self.filtered(
            lambda v: v.delivery_date
            and v.owner_id
            and v.next_service_date
            and not v.last_service_date
        )
        # on a form being edited the cars are new records: their saved ids are searched
        ids = [vid for vid in candidates._origin.ids if vid]
        booked = set()
        if ids:
            booked = {
                vehicle.id
                for [vehicle] in self.env["fleet.aftersales.appointment"]._read_group(
                    [
                        ("vehicle_id", "in", ids),
                        ("service_type", "=", "first_service"),
                        ("state", "in", HOLDING_STATES),
                    ],
                    ["vehicle_id"],
                )
            }
        for vehicle in self:
            vehicle.is_first_service_to_book = (
                vehicle in candidates and vehicle._origin.id not in booked
            )

    def _compute_customer_invoice_figures(self):
        # compute_sudo: after-sales users see what a car was invoiced, not the entries.
        data = {
            vehicle: (count, amount)
            for vehicle, count, amount in self.env["account.move"]._read_group(
                [
                    ("aftersales_vehicle_id", "in", self.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["aftersales_vehicle_id"],
                ["__count", "amount_total_signed:sum"],
            )
        }
        for vehicle in self:
            vehicle.customer_invoice_count, vehicle.customer_invoiced_amount = data.get(
                vehicle, (0, 0.0)
            )

    def _get_aftersales_default_context(self):
        return dict(super()._get_aftersales_default_context(), default_partner_id=self.owner_id.id)

    def action_book_first_service(self):
        """The first-service (首保) booking proposed at the handover: the car's owner, on
        the first free slot on or after the plan's first-service date."""
        self.ensure_one()
        return self._get_booking_action(
            self.next_service_date,
            default_service_type="first_service",
            default_source="new_car",
        )

    def _aftersales_first_service_booked(self):
        """The cars' first service is booked: their "book first service" activity (the
        new-car call's) is done, whoever booked it (it is the agent's, and mail lets
        only its assignee or the car's editors close it: hence sudo, on it alone)."""
        activity_type = self.env.ref("fleet_aftersales.mail_act_book_first_service")
        self.env["mail.activity"].sudo()._aftersales_sync(
            self.sudo(),
            activity_type,
            lambda reader: reader._("First service booked."),
            get_target=lambda vehicle: "done",
        )

    def action_view_customer_invoices(self):
        self.ensure_one()
        return actions.records_action(
            self.env,
            "account.action_move_out_invoice_type",
            [("aftersales_vehicle_id", "=", self.id)],
            {
                "default_move_type": "out_invoice",
                "default_aftersales_vehicle_id": self.id,
                "default_partner_id": self.owner_id.id,
            },
        )
