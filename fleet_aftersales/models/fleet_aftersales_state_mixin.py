# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import functools

from odoo import api, models
from odoo.exceptions import AccessError, UserError

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

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._aftersales_may_move_state():
            for vals in vals_list:
                self._check_created_by_buttons(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self and not self._aftersales_may_move_state():
            self._check_written_by_buttons(vals)
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
            if name not in vals:
                continue
            field = self._fields[name]
            value = field.convert_to_cache(vals[name], self)
            if any(field.convert_to_cache(rec[name], rec) != value for rec in self):
                self._raise_button_field(name)

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
