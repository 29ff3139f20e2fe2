# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FleetAftersalesCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestVisit(FleetAftersalesCase):
    def test_form_reception_defaults_and_odometer(self):
        with Form(self.env["fleet.aftersales.visit"].with_user(self.user)) as form:
            form.vehicle_id = self.vehicle
            self.assertEqual(form.partner_id, self.customer, "the owner is the default customer")
            self.assertEqual(form.advisor_id, self.user)
            form.visit_type = "repair"
            form.odometer = 12345
        visit = form.record
        self.assertTrue(visit.name.startswith("RO/"), visit.name)
        self.assertEqual(visit.state, "draft")
        reading = visit.odometer_id
        self.assertEqual(reading.vehicle_id, self.vehicle)
        self.assertEqual(reading.value, 12345)
        self.assertEqual(self.vehicle.odometer, 12345, "recorded in fleet's own odometer log")
        # correcting the reception odometer corrects the same reading
        visit.odometer = 12400
        self.assertEqual(reading.value, 12400)
        self.assertEqual(len(self.vehicle.odometer_ids), 1)

    def test_odometer_cannot_go_back(self):
        self.make_visit(date(2026, 1, 1), odometer=20000)
        with self.assertRaisesRegex(ValidationError, "cannot go back"):
            self.make_visit(date(2026, 2, 1), odometer=19999)
        self.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": self.vehicle.id, "value": 25000, "date": date(2026, 3, 1)}
        )
        with self.assertRaisesRegex(ValidationError, "cannot go back"):
            self.make_visit(date(2026, 3, 2), odometer=24000)
        self.make_visit(date(2026, 3, 2), odometer=25000)  # equal is fine

    def test_delivery_before_reception_refused(self):
        visit = self.make_visit(date(2026, 1, 10), deliver=False)
        with self.assertRaisesRegex(ValidationError, "before it was received"):
            visit.delivery_datetime = datetime(2026, 1, 9, 12)

    @freeze_time("2026-04-01 15:30:00")
    def test_workflow_and_deliver_stamps_time(self):
        visit = self.make_visit(date(2026, 4, 1), deliver=False)
        self.env.cr.precommit.run()  # received in an earlier transaction, as in the UI
        visit.action_start()
        self.assertEqual(visit.state, "in_progress")
        visit.action_ready()
        visit.action_deliver()
        self.assertEqual(visit.state, "delivered")
        self.assertEqual(visit.delivery_datetime, datetime(2026, 4, 1, 15, 30))
        self.assertEqual(visit.delivery_date, date(2026, 4, 1))
        with self.assertRaises(UserError):
            visit.action_cancel()
        with self.assertRaises(UserError):
            visit.action_deliver()
        # state changes are tracked in the chatter
        self.env.cr.precommit.run()  # tracking values are written at commit
        visit.invalidate_recordset(["message_ids"])
        tracked = visit.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertTrue(tracked)

    def test_cancel_and_delete(self):
        visit = self.make_visit(date(2026, 1, 1), deliver=False)
        delivered = self.make_visit(date(2026, 1, 2))
        with self.assertRaises(UserError):
            delivered.unlink()
        visit.action_cancel()
        self.assertEqual(visit.state, "cancel")
        visit.action_draft()
        self.assertEqual(visit.state, "draft")
        visit.unlink()

    def test_batch_create_over_rpc_shape(self):
        """Integrations create visits in batches: one call, sequences and readings for all."""
        cars = self.env["fleet.vehicle"].create(
            [
                {
                    "model_id": self.model.id,
                    "license_plate": f"粤B·{i:05d}",
                    "owner_id": self.customer.id,
                }
                for i in range(20)
            ]
        )
        visits = self.env["fleet.aftersales.visit"].create(
            [
                {
                    "vehicle_id": car.id,
                    "reception_datetime": self.at(date(2026, 5, 2)),
                    "odometer": 1000 + i,
                }
                for i, car in enumerate(cars)
            ]
        )
        self.assertEqual(len(set(visits.mapped("name"))), 20)
        self.assertEqual(visits.odometer_id.mapped("value"), [1000.0 + i for i in range(20)])
        self.assertEqual(visits.partner_id, self.customer)

    def test_visit_from_vehicle_and_contact(self):
        action = self.vehicle.action_view_visits()
        self.assertEqual(action["context"]["default_vehicle_id"], self.vehicle.id)
        with Form(self.env["fleet.aftersales.visit"].with_context(**action["context"])) as form:
            self.assertEqual(form.vehicle_id, self.vehicle)
            self.assertEqual(form.partner_id, self.customer)
        action = self.customer.action_view_visits()
        self.assertIn(("partner_id", "=", self.customer.id), action["domain"])

    def test_import_from_spreadsheet(self):
        result = (
            self.env["fleet.aftersales.visit"]
            .with_user(self.user)
            .load(
                ["vehicle_id", "visit_type", "reception_datetime", "odometer"],
                [["粤A·12345", "repair", "2026-05-03 09:00:00", "5000"]],
            )
        )
        self.assertFalse(result["messages"], result["messages"])
        visit = self.env["fleet.aftersales.visit"].browse(result["ids"])
        self.assertEqual(visit.vehicle_id, self.vehicle)
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(visit.odometer_id.value, 5000)
