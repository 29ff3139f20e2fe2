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

    def _compute_aftersales_counts(self):
        field = self._aftersales_link_field
        counts = {}
        for model in ("fleet.aftersales.visit", "fleet.aftersales.complaint"):
            counts[model] = dict(
                self.env[model]._read_group([(field, "in", self.ids)], [field], ["__count"])
            )
        for record in self:
            record.visit_count = counts["fleet.aftersales.visit"].get(record, 0)
            record.complaint_count = counts["fleet.aftersales.complaint"].get(record, 0)

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
