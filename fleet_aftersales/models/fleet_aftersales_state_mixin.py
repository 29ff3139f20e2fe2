# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import functools

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

MANAGER_GROUP = "fleet_aftersales.fleet_aftersales_group_manager"

#: the context key of the buttons; its value is a Python object that no client can send
#: (JSON-RPC and XML-RPC contexts hold plain data), so a caller cannot forge a button
_BUTTON_KEY = "fleet_aftersales_state_move"
_BUTTON = object()


def button(method):
    """Decorate a button (``action_*``): it, and the flows it starts (a delivery cancels
    the reminders it ends), may move the guarded fields of these models."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return method(self._as_button(), *args, **kwargs)

    return wrapper


class FleetAftersalesStateMixin(models.AbstractModel):
    """State moves through the buttons and the scheduled actions only.

    Shared by visits, callbacks and complaints. A user's plain ``write`` (or ``create``)
    of a field of ``_aftersales_button_fields`` is refused, unless the user is an
    after-sales manager (who corrects mistakes). Allowed as well: the buttons (methods
    decorated with :func:`button`, and what they start) and the superuser, i.e. the
    scheduled actions (OdooBot) and the flows that justify a ``sudo()``.
    """

    _name = "fleet.aftersales.state.mixin"
    _description = "After-Sales State Moves"
    #: the fields only the buttons and the scheduled actions change
    _aftersales_button_fields = ("state",)
    #: the states a user may create a record in
    _aftersales_initial_states = ()
    #: state -> the fields that stay as they are once a record is in that state (what the
    #: customer said, what was done): a manager corrects them, tracked in the chatter
    _aftersales_locked_fields = {}
    #: the states whose kanban column is folded by default: the lifecycle's ends, as Odoo
    #: folds the stages marked "Folded in Kanban" (its ``__fold`` is for many2one groups)
    _aftersales_folded_states = ()

    # ---- Lifecycle order --------------------------------------------------------------
    def _aftersales_state_rank_sql(self, state_sql):
        """The SQL rank of ``state_sql`` in the state selection: kanban columns, pivot
        headers and sorts follow the lifecycle (new first, cancelled last), not the
        alphabet of the technical values."""
        values = self._fields["state"].get_values(self.env)
        return SQL("array_position(%s::varchar[], %s::varchar)", values, state_sql)

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        # groupby_terms serve the ORDER BY only: the groups themselves keep the state
        if "state" in groupby_terms:
            groupby_terms = {
                **groupby_terms,
                "state": self._aftersales_state_rank_sql(groupby_terms["state"]),
            }
        return super()._read_group_orderby(order, groupby_terms, query)

    @api.model
    def _web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        # the web client folds a group whose ``__fold`` is set (a folded stage); only
        # the folded ones get it: the others open as the view opens its groups
        groups = super()._web_read_group(domain, fields, groupby, limit, offset, orderby, lazy)
        if groupby and groupby[0] == "state" and self._aftersales_folded_states:
            for group in groups:
                if group.get("state") in self._aftersales_folded_states:
                    group["__fold"] = True
        return groups

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if field_name == "state":
            rank = self._aftersales_state_rank_sql(self._field_to_sql(alias, "state", query))
            return SQL("%s %s %s", rank, direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._aftersales_may_move_state():
            for vals in vals_list:
                self._check_created_by_buttons(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self and not self._aftersales_may_move_state():
            guarded = set(self._aftersales_button_fields).union(
                *self._aftersales_locked_fields.values()
            )
            if guarded & set(vals):
                # who may not write these records at all is told so first
                self.check_access("write")
                self._check_written_by_buttons(vals)
                self._check_locked_fields(vals)
        return super().write(vals)

    # ---- Checks -----------------------------------------------------------------------
    def _as_button(self):
        """These records as a button sees them: allowed to move the guarded fields."""
        return self.with_context(**{_BUTTON_KEY: _BUTTON})

    def _is_aftersales_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _aftersales_may_move_state(self):
        return self.env.context.get(_BUTTON_KEY) is _BUTTON or self._is_aftersales_manager()

    def _check_aftersales_manager(self, message):
        """Refuse what only an after-sales manager does (a button meant for managers)."""
        if not self._is_aftersales_manager():
            raise AccessError(message)

    def _check_created_by_buttons(self, vals):
        for name in self._aftersales_button_fields:
            value = vals.get(name, self.env.context.get(f"default_{name}"))
            initial = self._aftersales_initial_states if name == "state" else ()
            if value and value not in initial:
                self._raise_button_field(name)

    def _check_written_by_buttons(self, vals):
        for name in self._aftersales_button_fields:
            if self._changed_by(vals, name):
                self._raise_button_field(name)

    def _changed_by(self, vals, name, records=None):
        """Whether ``vals`` changes field ``name`` of one of ``records`` (default: self)."""
        if name not in vals:
            return False
        field = self._fields[name]
        value = field.convert_to_cache(vals[name], self)
        return any(field.convert_to_cache(rec[name], rec) != value for rec in records or self)

    def _check_locked_fields(self, vals):
        for state, names in self._aftersales_locked_fields.items():
            records = self.filtered(lambda rec, state=state: rec.state == state)
            changed = [name for name in names if records and self._changed_by(vals, name, records)]
            if changed:
                state_label = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: %(fields)s can no longer be changed. Ask an "
                        "after-sales manager to correct a mistake.",
                        record=records[0].display_name,
                        state=state_label[state],
                        fields=", ".join(
                            self._fields[name]._description_string(self.env) for name in changed
                        ),
                    )
                )

    def _raise_button_field(self, name):
        raise AccessError(
            self.env._(
                "%(model)s: %(field)s changes through the buttons only; only an after-sales "
                "manager may set it directly.",
                model=self.env["ir.model"]._get(self._name).name,
                field=self._fields[name]._description_string(self.env),
            )
        )

    def _check_state(self, allowed, message):
        """Refuse to work on records that are not in one of the ``allowed`` states."""
        if any(record.state not in allowed for record in self):
            raise UserError(message)

    def _move_state(self, allowed, state, message):
        """A button's move: records in one of the ``allowed`` states go to ``state``."""
        self._check_state(allowed, message)
        self.write({"state": state})
        return True
