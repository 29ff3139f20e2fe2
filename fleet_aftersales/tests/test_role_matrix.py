# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every guarded operation of the dealer's day, tried by every role of a shop and by a
manager of the other shop: who may do it, and what the others are told.

One row per operation: the roles (advisor, agent, manager, accountant of shop A and the
manager of shop B) and the outcome each gets, ``OK`` or the exception class. Each try runs
in a savepoint that is rolled back, so every role starts from the same records; a refusal
must carry a readable message and change nothing."""

import contextlib
from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase, beijing

OK = None
ROLES = ("advisor_a", "agent_a", "manager_a", "accountant_a", "manager_b")


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestRoleMatrix(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a2 = cls.make_second_agent_a()
        cls.customer = cls.history_a[0]
        cls.car = cls.customer.vehicle_ids
        cls.visit = cls.customer.visit_ids
        Complaint = cls.env["fleet.aftersales.complaint"]
        cls.complaint = Complaint.create(
            {
                "partner_id": cls.customer.id,
                "vehicle_id": cls.car.id,
                "company_id": cls.shop_a.id,
                "description": "保养后发动机异响",
                "user_id": cls.advisor_a.id,
                "date_deadline": TODAY + timedelta(days=3),
                "root_cause": "减震垫松动",
                "resolution": "更换减震垫",
            }
        )
        cls.complaint.action_start()
        cls.call = cls.make_call(False, cls.customer)
        cls.done_call = cls.make_call(cls.agent_a, cls.history_a[1])
        cls.done_call.answer_ids.write({"rating": "4"})
        cls.done_call.suggestion = "休息区提供充电"
        cls.done_call.action_done()
        cls.optout = (
            cls.env["fleet.aftersales.optout"]
            .with_user(cls.agent_a)
            .create({"partner_id": cls.customer.id, "callback_type": "birthday", "reason": "不要"})
        )

    @classmethod
    def make_call(cls, agent, customer):
        """The satisfaction call of ``customer``'s visit, for ``agent``."""
        call = cls.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "satisfaction",
                "partner_id": customer.id,
                "vehicle_id": customer.vehicle_ids.id,
                "visit_id": customer.visit_ids.id,
                "company_id": cls.shop_a.id,
                "date_due": TODAY,
            }
        )
        call.user_id = agent
        return call

    def flush_tracking(self):
        """Tracking values are written at commit, as in the UI."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    # ---- The matrix -------------------------------------------------------------------
    def check(self, operation, outcomes, snapshot=None):
        """Run ``operation(user)`` as each role of ``outcomes`` ({role: OK or exception
        class}); a refused role gets a readable message and ``snapshot()`` (what the
        operation would change) is the same after the refusal as before."""
        self.assertEqual(set(outcomes), set(ROLES), "every role has its outcome")
        for role, outcome in outcomes.items():
            user = getattr(self, role)
            with self.subTest(role=role), contextlib.closing(self.env.cr.savepoint()):
                before = snapshot() if snapshot else None
                if outcome is OK:
                    operation(user)
                else:
                    with self.assertRaises(outcome) as caught:
                        operation(user)
                    message = str(caught.exception.args[0])
                    self.assertGreater(len(message), 15, f"a sentence for {role}: {message!r}")
                    self.assertNotIn("Traceback", message)
                    self.env.invalidate_all()
                    if snapshot:
                        self.assertEqual(snapshot(), before, f"{role}'s refusal changed nothing")
            self.env.invalidate_all()

    def test_resolving_a_complaint(self):
        def resolve(user):
            self.complaint.with_user(user).action_resolve()
            self.assertEqual(self.complaint.state, "resolved")
            self.assertEqual(len(self.complaint.confirmation_callback_ids), 1)

        self.check(
            resolve,
            {
                "advisor_a": OK,  # its owner
                "agent_a": AccessError,  # not the owner
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: (self.complaint.state, len(self.complaint.confirmation_callback_ids)),
        )

    def test_writing_a_complaints_state_or_closing_it_by_hand(self):
        state = lambda: self.complaint.state  # noqa: E731
        self.check(
            lambda user: self.complaint.with_user(user).write({"state": "closed"}),
            {
                "advisor_a": AccessError,
                "agent_a": AccessError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            state,
        )
        self.complaint.action_resolve()

        def close(user):
            self.complaint.with_user(user).action_close()
            self.assertEqual(self.complaint.state, "closed")

        self.check(
            close,
            {
                "advisor_a": AccessError,
                "agent_a": AccessError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            state,
        )

    def test_cancelling_and_reopening_a_complaint(self):
        outcomes = {
            "advisor_a": AccessError,
            "agent_a": AccessError,
            "manager_a": OK,
            "accountant_a": AccessError,
            "manager_b": AccessError,
        }
        state = lambda: self.complaint.state  # noqa: E731
        self.check(lambda user: self.complaint.with_user(user).action_cancel(), outcomes, state)
        self.complaint.action_cancel()
        self.check(lambda user: self.complaint.with_user(user).action_reopen(), outcomes, state)

    def test_lifting_an_escalation(self):
        self.complaint.sudo().write({"is_escalated": True, "escalated_to_id": self.manager_a.id})
        self.check(
            lambda user: self.complaint.with_user(user).write({"is_escalated": False}),
            {
                "advisor_a": AccessError,
                "agent_a": AccessError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.complaint.is_escalated,
        )

    def test_a_closed_complaint_stays_as_it_was_closed(self):
        self.complaint.action_resolve()
        self.complaint.action_close()

        def rewrite(user):
            self.complaint.with_user(user).write({"resolution": "其实没修"})
            self.assertEqual(self.complaint.resolution, "其实没修")

        self.check(
            rewrite,
            {
                "advisor_a": UserError,  # its owner
                "agent_a": UserError,
                "manager_a": OK,  # a correction, tracked in the chatter
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.complaint.resolution,
        )
        self.complaint.with_user(self.manager_a).write({"resolution": "更换减震垫并复检"})
        self.flush_tracking()
        tracked = self.complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "resolution"
        )
        self.assertEqual(tracked.old_value_char or tracked.old_value_text, "更换减震垫")

    def test_taking_an_unassigned_call(self):
        def take(user):
            self.call.with_user(user).action_take()
            self.assertEqual(self.call.user_id, user)

        self.check(
            take,
            {
                "advisor_a": UserError,  # no agent
                "agent_a": OK,
                "manager_a": OK,  # managers are agents too
                "accountant_a": UserError,
                "manager_b": UserError,
            },
            lambda: self.call.user_id,
        )

    def test_reading_the_answers_of_an_unassigned_call(self):
        def read(user):
            answers = self.env["fleet.aftersales.callback.answer"].with_user(user)
            self.assertTrue(answers.browse(self.call.answer_ids.ids).read(["rating"]))

        self.check(
            read,
            {
                "advisor_a": OK,  # the visit's advisor
                "agent_a": OK,  # the shop's queue
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
        )

    def test_handing_a_call_over(self):
        self.call.user_id = self.agent_a
        self.check(
            lambda user: self.call.with_user(user).write({"user_id": self.agent_a2.id}),
            {
                "advisor_a": AccessError,
                "agent_a": OK,  # its agent
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.call.user_id,
        )

    def test_a_done_calls_answers_and_words_stay_as_said(self):
        for vals in (
            {"suggestion": "改了建议"},
            {"note": "改了备注"},
            {"user_id": self.agent_a2.id},
            {"state": "pending"},
        ):
            with self.subTest(vals=vals):
                self.check(
                    lambda user, vals=vals: self.done_call.with_user(user).write(vals),
                    {
                        "advisor_a": AccessError,
                        "agent_a": UserError,  # its agent
                        "manager_a": OK,
                        "accountant_a": AccessError,
                        "manager_b": AccessError,
                    },
                    lambda vals=vals: self.done_call.read(list(vals)),
                )
        self.check(
            lambda user: self.done_call.answer_ids[:1].with_user(user).write({"rating": "3"}),
            {
                "advisor_a": AccessError,
                "agent_a": UserError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.done_call.answer_ids.mapped("rating"),
        )
        self.done_call.with_user(self.manager_a).suggestion = "休息区提供充电和咖啡"
        self.flush_tracking()
        tracked = self.done_call.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "suggestion"
        )
        self.assertEqual(tracked.old_value_char or tracked.old_value_text, "休息区提供充电")

    def test_writing_a_visits_or_a_calls_state(self):
        self.check(
            lambda user: self.visit.with_user(user).write({"state": "cancel"}),
            {
                "advisor_a": AccessError,
                "agent_a": AccessError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.visit.state,
        )
        self.call.user_id = self.agent_a
        self.check(
            lambda user: self.call.with_user(user).write({"state": "done"}),
            {
                "advisor_a": AccessError,
                "agent_a": AccessError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.call.state,
        )

    def test_handing_a_delivered_visit_to_another_advisor(self):
        advisor_a2 = self.make_shop_user(
            self.shop_a,
            "fa_advisor_a2",
            "天河服务顾问二",
            "fleet_aftersales.fleet_aftersales_group_advisor",
        )
        self.check(
            lambda user: self.visit.with_user(user).write({"advisor_id": advisor_a2.id}),
            {
                "advisor_a": UserError,
                "agent_a": AccessError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.visit.advisor_id,
        )

    def test_shop_settings(self):
        self.check(
            lambda user: self.shop_a.with_user(user).write({"aftersales_satisfaction_delay": 2}),
            {
                "advisor_a": AccessError,
                "agent_a": AccessError,
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.shop_a.aftersales_satisfaction_delay,
        )
        self.check(
            lambda user: self.shop_a.with_user(user).write(
                {"aftersales_target_callback_rate": 120}
            ),
            {role: UserError for role in ROLES},
            lambda: self.shop_a.aftersales_target_callback_rate,
        )

    def test_deleting_or_archiving_a_customer_with_history(self):
        active = lambda: self.customer.active  # noqa: E731
        refused = {
            "advisor_a": UserError,
            "agent_a": UserError,
            "accountant_a": UserError,
            "manager_b": UserError,
        }
        self.check(
            lambda user: self.customer.with_user(user).unlink(),
            {**refused, "manager_a": UserError},  # it would orphan the visits and the car
            lambda: (self.customer.exists().ids, self.car.owner_id),
        )
        self.check(
            lambda user: self.customer.with_user(user).action_archive(),
            {**refused, "manager_a": OK},
            active,
        )

    def test_lifting_an_opt_out(self):
        self.check(
            lambda user: self.optout.with_user(user).action_archive(),
            {
                "advisor_a": AccessError,
                "agent_a": OK,  # who recorded it
                "manager_a": OK,
                "accountant_a": AccessError,
                "manager_b": AccessError,
            },
            lambda: self.optout.active,
        )

    def test_an_odometer_going_back(self):
        self.check(
            lambda user: self.receive_visit_as(user, odometer=10),
            {
                "advisor_a": ValidationError,
                "agent_a": AccessError,  # agents read visits
                "manager_a": ValidationError,  # nobody, not even a manager
                "accountant_a": AccessError,
                "manager_b": AccessError,  # not a car of shop B
            },
            lambda: self.env["fleet.aftersales.visit"].search_count(
                [("vehicle_id", "=", self.car.id)]
            ),
        )

    def receive_visit_as(self, user, odometer, car=None):
        return (
            self.env["fleet.aftersales.visit"]
            .with_user(user)
            .create(
                {
                    "vehicle_id": (car or self.car).id,
                    "company_id": self.shop_a.id,
                    "reception_datetime": beijing(TODAY, 9),
                    "odometer": odometer,
                }
            )
        )

    def test_delivery_ends_the_agents_reminders_and_win_back_calls(self):
        """The advisor who delivers a car ends its maintenance reminders and its customer's
        win-back calls, assigned or in the queue, though they cannot read them."""
        customer = self.history_a[5]  # last seen 8 months ago: lost, and called back
        car = customer.vehicle_ids
        self.run_action("fleet_aftersales.ir_cron_update_lost_customers")
        self.run_action("fleet_aftersales.ir_cron_generate_callbacks")
        Callback = self.env["fleet.aftersales.callback"]
        win_back = Callback.search(
            [("partner_id", "=", customer.id), ("callback_type", "=", "lost_customer")]
        )
        self.assertEqual(len(win_back), 1)
        reminders = Callback.create(
            {
                "callback_type": "maintenance_reminder",
                "partner_id": customer.id,
                "vehicle_id": car.id,
                "company_id": self.shop_a.id,
                "date_due": TODAY,
                "reminder_date": car.next_service_date,
            }
        )
        for unassigned in (False, True):
            pending = win_back | reminders
            pending.user_id = False if unassigned else self.agent_a

            def deliver(user, car=car, pending=pending):
                visit = self.receive_visit_as(user, odometer=20000, car=car)
                with self.at_beijing(TODAY, 17):
                    visit.action_deliver()
                self.assertEqual(set(pending.mapped("state")), {"cancelled"})

            with self.subTest(unassigned=unassigned):
                self.check(
                    deliver,
                    {
                        "advisor_a": OK,
                        "agent_a": AccessError,
                        "manager_a": OK,
                        "accountant_a": AccessError,
                        "manager_b": AccessError,
                    },
                    lambda pending=pending: pending.mapped("state"),
                )
