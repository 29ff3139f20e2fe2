# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from functools import partial

from odoo.tools import format_date

from .base import EventKind, _lt, register


@register
class NewCar(EventKind):
    """New-car call (新车回访) a week after the handover; it asks to book the first service."""

    code = "new_car"
    label = _lt("New-Car Call")
    booking_source = "new_car"
    booking_service_type = "first_service"
    script_purpose = _lt(
        "Congratulations on your new car: how is it going, and have you any questions about it?"
    )
    sequence = 30
    rates_service = True
    daily = True
    source_model = "fleet.vehicle"
    date_field = "delivery_date"
    delay_field = "aftersales_new_car_delay"
    link_field = "vehicle_id"
    shared_with_all_companies = True

    def get_domain(self):
        return [("owner_id", "!=", False)]

    def prepare_values(self, callbacks, source, company, today):
        return {"partner_id": source.owner_id.id, "vehicle_id": source.id}

    def get_booking_date(self, callback):
        """The first service (首保) of the plan: booked on its date, asked at the handover."""
        return callback.vehicle_id.next_service_date

    def after_create(self, callbacks):
        """Each new-car call comes with an activity on the car: book its first service (首保),
        unless it was booked at the handover already."""
        env = callbacks.env
        activity_type = env.ref("fleet_aftersales.mail_act_book_first_service")
        Activity = env["mail.activity"]
        Activity._aftersales_create(
            [
                Activity._aftersales_values(
                    callback.vehicle_id,
                    activity_type,
                    callback.user_id or env.user,
                    callback.date_due,
                    None,
                    partial(self._first_service_note, callback.vehicle_id),
                )
                for callback in callbacks.filtered(lambda c: c.vehicle_id.is_first_service_to_book)
            ]
        )

    @staticmethod
    def _first_service_note(vehicle, reader):
        return reader._(
            "First service due on %(date)s or at %(km)s km.",
            date=format_date(reader, vehicle.next_service_date) or "-",
            km=int(vehicle.next_service_odometer),
        )
