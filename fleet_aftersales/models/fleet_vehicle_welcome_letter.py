# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class FleetVehicle(models.Model):
    """The welcome letter of the general manager at the new-car handover (seed 001):
    printed from the car, e-mailed to its owner, entered in the letter register."""

    _inherit = "fleet.vehicle"

    welcome_letter_id = fields.Many2one(
        "fleet.aftersales.callback",
        compute="_compute_welcome_letter_id",
        compute_sudo=True,
    )

    def _compute_welcome_letter_id(self):
        letters = (
            self.env["fleet.aftersales.callback"]
            .with_context(active_test=False)
            .search([("callback_type", "=", "welcome_letter"), ("vehicle_id", "in", self.ids)])
        )
        by_vehicle = letters.grouped("vehicle_id")
        for vehicle in self:
            vehicle.welcome_letter_id = by_vehicle.get(vehicle, letters.browse())[:1]

    def _get_welcome_letter_company(self):
        """The shop whose letter it is: the car's, or the one printing it (a car of no shop)."""
        self.ensure_one()
        return self.company_id or self.env.company

    def _get_welcome_letter_advisor(self):
        """The service advisor named in the letter: the last who received the car, or the
        one sending the letter at the handover."""
        self.ensure_one()
        advisors = self.visit_ids.sorted("reception_datetime", reverse=True).advisor_id
        return advisors[:1] or self.env.user

    def _check_welcome_letter(self):
        for vehicle in self:
            if not vehicle.delivery_date or not vehicle.owner_id:
                raise UserError(
                    self.env._(
                        "Car %(car)s: the welcome letter is given at the handover; record its "
                        "handover date and its owner first.",
                        car=vehicle.display_name,
                    )
                )

    def action_send_welcome_letter(self):
        """E-mail the letter (PDF attached) to the owner and enter it in the letter
        register: a car has one welcome letter there, however often it is sent."""
        self._check_welcome_letter()
        template = self.env.ref("fleet_aftersales.mail_template_welcome_letter")
        for vehicle in self:
            vehicle.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        self._register_welcome_letter()
        return True

    def _register_welcome_letter(self):
        """The register's line of each car's letter, made once, sent by the current user
        (the advisor may not write callbacks: the line is the system's)."""
        # sudo: the advisor may not create callbacks; the register's line is the system's
        Callback = self.env["fleet.aftersales.callback"].sudo()
        vals_list = []
        for vehicle in self.filtered(lambda v: not v.welcome_letter_id):
            company = vehicle._get_welcome_letter_company()
            vals_list.append(
                {
                    "callback_type": "welcome_letter",
                    "partner_id": vehicle.owner_id.id,
                    "vehicle_id": vehicle.id,
                    "company_id": company.id,
                    "user_id": self.env.user.id,
                    "date_due": company._aftersales_today(),
                    "channel": "letter",
                }
            )
        if vals_list:
            Callback.create(vals_list).action_done()
        self.invalidate_recordset(["welcome_letter_id"])
