# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import odometer


class FleetVehicleOdometer(models.Model):
    _inherit = "fleet.vehicle.odometer"

    # fleet does not index it; the service schedule reads readings by vehicle.
    vehicle_id = fields.Many2one(index=True)

    @api.constrains("value", "date", "vehicle_id")
    def _check_value_plausible(self):
        """A reading is below ``MAX_ODOMETER`` and in line with the car's readings of the
        other days, before and after it (``tools/odometer.py``); 0 means "not read".

        The readings of the service visits are written here, so this is the visits' check
        too. It reads the database, after the insert or update of all the readings of
        the call: two visits of one car saved in one call are checked against each other.
        """
        readings = self.filtered("value")
        if not readings:
            return
        for reading in readings:
            if reading.value > odometer.MAX_ODOMETER:
                raise ValidationError(reading._get_too_high_message())
        readings._lock_vehicles()
        days = defaultdict(list)
        for vehicle, day, low, high in self._read_group(
            [
                ("vehicle_id", "in", readings.vehicle_id.ids),
                ("value", ">", 0),
                ("date", "!=", False),
            ],
            ["vehicle_id", "date:day"],
            ["value:min", "value:max"],
        ):
            days[vehicle].append((day, low, high))
        for reading in readings.filtered("date"):
            conflict = odometer.find_conflict(days[reading.vehicle_id], reading.date, reading.value)
            if conflict:
                raise ValidationError(reading._get_conflict_message(conflict))

    def _lock_vehicles(self):
        """Make two transactions that add readings to one car at the same time conflict.

        Each only sees its own new reading, so both checks would pass. A row lock is not
        enough under REPEATABLE READ (a locked row that was not updated raises nothing), an
        update is: the second transaction to update the car's row fails with a
        serialization error, which Odoo retries, and the retry sees the first reading.
        """
        # raw SQL: a no-op update of the cars' rows, only for its row-level conflict
        self.env.cr.execute(
            SQL(
                "UPDATE fleet_vehicle SET write_date = write_date WHERE id IN %s",
                tuple(self.vehicle_id.ids),
            )
        )

    def _get_too_high_message(self):
        return self.env._(
            "The odometer of %(vehicle)s cannot read %(value)s %(unit)s: more than %(max)s "
            "is a typing error (an extra zero?).",
            vehicle=self.vehicle_id.display_name,
            value=f"{self.value:,.0f}",
            unit=self.unit or "",
            max=f"{odometer.MAX_ODOMETER:,}",
        )

    def _get_conflict_message(self, conflict):
        values = {
            "vehicle": self.vehicle_id.display_name,
            "value": f"{self.value:,.0f}",
            "date": self.date,
            "other": f"{conflict.value:,.0f}",
            "other_date": conflict.date,
        }
        if conflict.is_earlier:
            return self.env._(
                "The odometer of %(vehicle)s cannot go back: %(value)s on %(date)s is lower "
                "than its reading of %(other)s on %(other_date)s.",
                **values,
            )
        return self.env._(
            "The odometer of %(vehicle)s cannot go back: %(value)s on %(date)s is higher "
            "than its later reading of %(other)s on %(other_date)s.",
            **values,
        )
