# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The kinds of callback (回访), one declaration each: see :mod:`.base`."""

from . import base
from . import satisfaction
from . import second_followup
from . import new_car
from . import maintenance_reminder
from . import insurance_renewal
from . import birthday
from . import club_member
from . import lost_customer
from . import appointment_reminder
from . import no_show_followup
from . import event_feedback
from . import manual
from . import welcome_letter
from .base import (
    KINDS,
    AppointmentKind,
    CallbackKind,
    EventKind,
    ReminderKind,
    VehicleReminderKind,
    register,
    registered,
)
