# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .base import CallbackKind, _lt, register


@register
class WelcomeLetter(CallbackKind):
    """The welcome letter of the general manager at the new-car handover (seed 001:
    由经销商总经理发出的一封信): entered in the letter register when it is sent, once a car."""

    code = "welcome_letter"
    label = _lt("Welcome Letter")
    sequence = 95
    unique_columns = ("vehicle_id",)
    unique_where = "vehicle_id IS NOT NULL"
