# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..tools import actions


class FleetAftersalesHistoryMixin(models.AbstractModel):
    """Counts and smart buttons of the service visits and complaints of a record.

    Shared by the vehicle and the customer: ``_aftersales_link_field`` names the field of
    the visits and complaints that points to the record (``vehicle_id`` or ``partner_id``).
    Each count is one grouped query for all the records.
    """

    _name = "fleet.aftersales.history.mixin"
    _description = "After-Sales History"
    _aftersales_link_field = None

    visit_count = fields.Integer(compute="_compute_aftersales_counts")
    complaint_count = fields.Integer(compute="_compute_aftersales_counts")
    appointment_count = fields.Integer(compute="_compute_aftersales_counts")

    def _compute_aftersales_counts(self):
        field = self._aftersales_link_field
        counts = {}
        for model in (
            "fleet.aftersales.visit",
            "fleet.aftersales.complaint",
            "fleet.aftersales.appointment",
        ):
            counts[model] = dict(
                self.env[model]._read_group([(field, "in", self.ids)], [field], ["__count"])
            )
        for record in self:
            record.visit_count = counts["fleet.aftersales.visit"].get(record, 0)
            record.complaint_count = counts["fleet.aftersales.complaint"].get(record, 0)
            record.appointment_count = counts["fleet.aftersales.appointment"].get(record, 0)

    def _get_aftersales_default_context(self):
        """Defaults of a visit or complaint created from the record's smart button."""
        self.ensure_one()
        return {f"default_{self._aftersales_link_field}": self.id}

    def _action_view_aftersales(self, xmlid):
        self.ensure_one()
        return actions.records_action(
            self.env,
            xmlid,
            [(self._aftersales_link_field, "=", self.id)],
            self._get_aftersales_default_context(),
        )

    def action_view_visits(self):
        return self._action_view_aftersales("fleet_aftersales.fleet_aftersales_visit_action")

    def action_view_complaints(self):
        return self._action_view_aftersales("fleet_aftersales.fleet_aftersales_complaint_action")

    def action_view_appointments(self):
        return self._action_view_aftersales("fleet_aftersales.fleet_aftersales_appointment_action")

    def action_book_appointment(self):
        """A new booking for the record, at the shop's next free slot."""
        return self._get_booking_action()

    def _get_booking_action(self, day=None, **defaults):
        """The form of a new booking for the record, at the shop's first free slot on or
        after ``day`` (else from now), with the ``defaults`` (``default_<field>``)."""
        action = self.action_view_appointments()
        user = self.env.user
        # an advisor books for themselves; anyone else picks the advisor
        advisor = (
            user if user.has_group("fleet_aftersales.fleet_aftersales_group_advisor") else None
        )
        slot = self.env["fleet.aftersales.appointment"]._next_free_slot_from(
            self.env.company, advisor or user.browse(), day
        )
        action["context"].update(
            default_date_start=slot and fields.Datetime.to_string(slot),
            default_advisor_id=advisor and advisor.id,
            **defaults,
        )
        return dict(action, views=[(False, "form")], view_mode="form", target="new")
