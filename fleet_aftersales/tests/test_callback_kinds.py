# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo.tests import tagged

from ..callback_kinds import KINDS, EventKind, registered
from .common import TODAY, FleetAftersalesCase


class TyreCheck(EventKind):
    """A kind declared here only: a tyre check call 10 days after any delivered visit."""

    code = "test_tyre_check"
    label = "Tyre Check"
    sequence = 15
    daily = True
    source_model = "fleet.aftersales.visit"
    date_field = "delivery_date"
    delay_field = "aftersales_new_car_delay"  # any delay setting of the company will do
    link_field = "visit_id"

    def get_domain(self):
        return [("state", "=", "delivered")]

    def prepare_values(self, callbacks, source, company, today):
        return {
            "partner_id": source.partner_id.id,
            "vehicle_id": source.vehicle_id.id,
            "visit_id": source.id,
            "note": "Ask about the tyres.",
        }


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackKinds(FleetAftersalesCase):
    def test_every_kind_is_declared_once(self):
        selection = dict(self.Callback._selection_callback_type())
        self.assertEqual(list(selection), list(KINDS))
        daily = [code for code, kind in KINDS.items() if kind.daily]
        self.assertEqual(
            daily,
            [
                "satisfaction",
                "second_followup",
                "new_car",
                "maintenance_reminder",
                "insurance_renewal",
                "birthday",
                "club_member",
                "lost_customer",
                "appointment_reminder",
                "no_show_followup",
                "event_feedback",
            ],
        )
        # the activity type of each kind is data, found by its code
        types = self.env["mail.activity.type"].search([("aftersales_callback_type", "!=", False)])
        self.assertTrue(set(KINDS) <= set(types.mapped("aftersales_callback_type")))

    def test_a_new_kind_needs_no_change_to_the_daily_action(self):
        self.company.aftersales_agent_ids = self.agent
        self.company.aftersales_new_car_delay = 10
        # the kind on a call of its own, not carried by the visit's satisfaction call (#17:
        # one call per customer in the days between calls, see test_call_rules)
        self.company.aftersales_call_interval_days = 0
        visit = self.make_visit(TODAY - timedelta(days=10), odometer=1000)
        with registered(TyreCheck):
            # its data: an activity type for the agents' inbox
            activity_type = self.env["mail.activity.type"].create(
                {
                    "name": "Tyre Check",
                    "res_model": "fleet.aftersales.callback",
                    "category": "phonecall",
                    "aftersales_callback_type": TyreCheck.code,
                }
            )
            created = self.of(self.run_cron(), TyreCheck.code)
            self.assertEqual(len(created), 1)
            self.assertRecordValues(
                created,
                [
                    {
                        "visit_id": visit.id,
                        "user_id": self.agent.id,
                        "date_due": TODAY,
                        "state": "pending",
                        "note": "Ask about the tyres.",
                    }
                ],
            )
            activity = created.activity_ids
            self.assertEqual(activity.activity_type_id, activity_type)
            self.assertEqual(activity.user_id, self.agent)
            self.assertEqual(activity.date_deadline, TODAY)
            # idempotent, like every declared kind: the second run creates nothing
            self.assertFalse(self.of(self.run_cron(), TyreCheck.code))
        self.assertNotIn(TyreCheck.code, KINDS)
