# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A complaint is about one of its customer's cars: owned, driven or brought in by them."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TODAY, DealerGroupCase, beijing


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestComplaintVehicle(DealerGroupCase):
    def complaint_form(self, user):
        return Form(self.env["fleet.aftersales.complaint"].with_user(user))

    def test_another_customers_car_is_refused(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"), self.at_beijing(TODAY, hour, minute):
                customer, other = self.history_a[0], self.history_a[1]
                form = self.complaint_form(self.agent_a)
                form.partner_id = customer
                form.vehicle_id = other.vehicle_ids
                form.description = "维修后仍有异响"
                with self.assertRaisesRegex(ValidationError, "is not a car of"):
                    form.save()

    def test_the_customers_own_cars_are_offered_and_accepted(self):
        customer, other = self.history_a[2], self.history_a[3]
        # the customer's son drives his father's car; the customer brought a friend's car in
        son = self.env["res.partner"].with_user(self.agent_a).create({"name": "A客户02之子"})
        customer.vehicle_ids.with_user(self.manager_a).driver_id = son
        friends_car = self.history_a[4].vehicle_ids
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(self.advisor_a)
            .create(
                {
                    "vehicle_id": friends_car.id,
                    "partner_id": other.id,
                    "advisor_id": self.advisor_a.id,
                    "reception_datetime": beijing(TODAY - timedelta(days=2), 9),
                    "odometer": 20000,
                }
            )
        )
        domain = self.env["fleet.aftersales.complaint"]._fields["vehicle_id"].domain
        Vehicle = self.env["fleet.vehicle"].with_user(self.agent_a)
        for partner, cars in (
            (customer, customer.vehicle_ids),
            (son, customer.vehicle_ids),
            (other, other.vehicle_ids | visit.vehicle_id),
        ):
            self.assertEqual(Vehicle.search(safe_eval(domain, {"partner_id": partner.id})), cars)
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"), self.at_beijing(TODAY, hour, minute):
                form = self.complaint_form(self.agent_a)
                form.partner_id = other
                form.vehicle_id = friends_car
                form.visit_id = visit
                form.description = "等待时间太长"
                self.assertEqual(form.save().vehicle_id, friends_car)
