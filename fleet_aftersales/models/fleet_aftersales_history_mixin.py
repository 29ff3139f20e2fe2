# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL

from ..tools import actions


class FleetAftersalesHistoryMixin(models.AbstractModel):
    """Counts and smart buttons of the service visits and complaints of a record.

    Shared by the vehicle and the customer: ``_aftersales_link_field`` names the field of
    the visits and complaints that points to the record (``vehicle_id`` or ``partner_id``).
    All the counts are one query for all the records (a form opens with several smart
    buttons: one grouped query each would be a round trip each).
    """

    _name = "fleet.aftersales.history.mixin"
    _description = "After-Sales History"
    _aftersales_link_field = None

    visit_count = fields.Integer(compute="_compute_aftersales_counts")
    complaint_count = fields.Integer(compute="_compute_aftersales_counts")
    appointment_count = fields.Integer(compute="_compute_aftersales_counts")

    def _get_aftersales_count_sources(self):
        """The counts computed together: (count field, model, field of the model pointing
        to the record, active_test)."""
        field = self._aftersales_link_field
        return [
            ("visit_count", "fleet.aftersales.visit", field, True),
            ("complaint_count", "fleet.aftersales.complaint", field, True),
            ("appointment_count", "fleet.aftersales.appointment", field, True),
        ]

    def _compute_aftersales_counts(self):
        sources = self._get_aftersales_count_sources()
        ids = [rid for rid in self._origin.ids if rid]
        counts = {fname: {} for fname, *_rest in sources}
        if ids:
            # one UNION ALL of the grouped counts, each sub-query built by the ORM (its
            # record rules and active test applied, as _read_group would)
            parts = []
            for index, (_fname, model, link, active_test) in enumerate(sources):
                Model = self.env[model].with_context(active_test=active_test)
                query = Model._search([(link, "in", ids)])
                column = Model._field_to_sql(Model._table, link, query)
                parts.append(
                    SQL(
                        "SELECT %s, t.link, COUNT(*) FROM %s AS t(link) GROUP BY t.link",
                        index,
                        query.subselect(column),
                    )
                )
            for index, rid, count in self.env.execute_query(SQL(" UNION ALL ").join(parts)):
                counts[sources[index][0]][rid] = count
        for record in self:
            for fname, *_rest in sources:
                record[fname] = counts[fname].get(record._origin.id, 0)

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
