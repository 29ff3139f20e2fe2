# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class FleetAftersalesComplaint(models.Model):
    """The customer's side of a complaint: its page on the portal (/my/complaints), and
    the complaint a customer files there, in the same ticket flow as the staff's."""

    _name = "fleet.aftersales.complaint"
    _inherit = ["fleet.aftersales.complaint", "portal.mixin"]

    def _compute_access_url(self):
        # every complaint has its page: nothing of portal.mixin's "#" is kept
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    @api.model
    def _get_portal_complaint_refusals(self, description, vehicle_id, category_id):
        """What is wrong with a complaint filed online by the current (portal) user:
        {field: message}. The car and the category are looked up with the user's own
        rights: a car that is not theirs is not found."""
        refusals = {}
        if not (description or "").strip():
            refusals["description"] = self.env._("Describe what went wrong.")
        if vehicle_id and not self._portal_vehicle(vehicle_id):
            refusals["vehicle_id"] = self.env._("Choose one of your cars.")
        if category_id and not self._portal_category(category_id):
            refusals["category_id"] = self.env._("Choose a subject from the list.")
        return refusals

    @api.model
    def _portal_vehicle(self, vehicle_id):
        Vehicle = self.env["fleet.vehicle"]
        return Vehicle.search([("id", "=", vehicle_id)]) if vehicle_id else Vehicle

    @api.model
    def _portal_category(self, category_id):
        Category = self.env["fleet.aftersales.complaint.category"]
        return Category.search([("id", "=", category_id)]) if category_id else Category

    @api.model
    def _prepare_portal_complaint_values(self, description, vehicle_id, category_id):
        """The values of the complaint the current (portal) user files online: the
        customer is always the user's commercial partner (never a partner the form would
        post), the company the car's, else the customer's, else the user's."""
        user = self.env.user
        partner = user.commercial_partner_id
        vehicle = self._portal_vehicle(vehicle_id)
        company = vehicle.company_id or partner.company_id or user.company_id
        return {
            "partner_id": partner.id,
            "vehicle_id": vehicle.id,
            "category_id": self._portal_category(category_id).id,
            "description": description.strip(),
            "channel": "online",
            "company_id": company.id,
        }

    @api.model
    def _create_from_portal(self, vals, follower):
        """Register the complaint filed online; ``follower`` (the portal user's contact)
        follows it, so the staff's answers in its chatter reach the customer."""
        complaint = self.create(vals)
        complaint.message_subscribe(partner_ids=follower.ids)
        return complaint
