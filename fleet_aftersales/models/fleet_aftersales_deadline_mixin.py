# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class FleetAftersalesDeadlineMixin(models.AbstractModel):
    """What is still open past its date is overdue; work is allowed in some states only.

    Shared by callbacks (open: pending, date: due date) and complaints (open: new,
    assigned, in progress; date: the committed resolution date); their state checks are
    those of ``fleet.aftersales.state.mixin``.
    """

    _name = "fleet.aftersales.deadline.mixin"
    _description = "After-Sales Deadline"
    #: the states in which the record is still to be worked on
    _aftersales_open_states = ()
    #: the date past which an open record is overdue
    _aftersales_deadline_field = None

    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    def _compute_is_overdue(self):
        # overdue by the clock of the record's company (a shop's day ends at its midnight)
        today = {company: company._aftersales_today() for company in self.company_id}
        for record in self:
            deadline = record[self._aftersales_deadline_field]
            record.is_overdue = bool(
                record.state in self._aftersales_open_states
                and deadline
                and deadline < today[record.company_id]
            )

    @api.model
    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue records."))
        # each company's records against that company's today
        late = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    (self._aftersales_deadline_field, "<", company._aftersales_today()),
                ]
                for company in self.env.companies
            ]
        )
        domain = expression.AND([[("state", "in", self._aftersales_open_states)], late])
        return domain if (operator == "=") == value else ["!", *domain]
