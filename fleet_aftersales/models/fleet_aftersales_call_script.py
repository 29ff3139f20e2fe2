# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

#: what a script may quote; anything else in braces stays as typed
SCRIPT_PLACEHOLDERS = ("dealer", "customer", "vehicle", "agent")


def fill_script(text, values):
    """``text`` with its ``{dealer}``-like placeholders filled in (a plain replace: a brace
    or percent sign typed by a shop breaks nothing)."""
    for key in SCRIPT_PLACEHOLDERS:
        text = text.replace(f"{{{key}}}", values.get(key) or "")
    return text


class FleetAftersalesCallScript(models.Model):
    """A shop's own wording of the call script (话术) of a kind of callback. What it leaves
    empty is the kind's default wording (``callback_kinds``), in the agent's language."""

    _name = "fleet.aftersales.call.script"
    _description = "Call Script"
    _order = "company_id, callback_type"
    _rec_name = "callback_type"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    callback_type = fields.Selection(
        selection=lambda self: self.env["fleet.aftersales.callback"]._selection_callback_type(),
        string="Type",
        required=True,
    )
    greeting = fields.Text(
        translate=True,
        help="Empty: the default greeting. {dealer}, {customer}, {vehicle} and {agent} are "
        "filled in.",
    )
    purpose = fields.Text(translate=True, help="What the agent says of this kind of call.")
    closing = fields.Text(translate=True)

    _sql_constraints = [
        (
            "type_uniq",
            "UNIQUE(company_id, callback_type)",
            "A shop words the script of a kind of callback once.",
        )
    ]

    @api.model
    def _get_scripts(self, companies, types):
        """``{(company id, type): script}`` of these companies and types, in one query."""
        scripts = self.search(
            [("company_id", "in", companies.ids), ("callback_type", "in", list(types))]
        )
        return {(s.company_id.id, s.callback_type): s for s in scripts}
