# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestComplaint(ComplaintCase):
    def test_transitions_and_required_fields(self):
        complaint = self.new_complaint()
        self.assertTrue(complaint.name.startswith("TS/"))
        self.assertEqual(complaint.state, "new")
        with self.assertRaisesRegex(UserError, "responsible person and the committed"):
            complaint.action_start()
        complaint.user_id = self.owner
        self.assertEqual(complaint.state, "assigned", "handing it to an owner assigns it")
        with self.assertRaisesRegex(UserError, "responsible person and the committed"):
            complaint.action_start()
        complaint.date_deadline = date(2026, 6, 5)
        complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")
        with self.assertRaisesRegex(UserError, "root cause and the resolution"):
            complaint.action_resolve()
        complaint.write(
            {
                "root_cause": "Loose heat shield",
                "resolution": "Heat shield refitted, free of charge",
            }
        )
        with freeze_time("2026-06-04 09:00:00"):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(complaint.date_resolved, datetime(2026, 6, 4, 9, 0))
        with self.assertRaises(UserError):
            complaint.action_start()
        with self.assertRaisesRegex(UserError, "cancel the complaint"):
            complaint.unlink()
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        with self.assertRaises(UserError):
            complaint.action_cancel()

    def test_cancel_and_reopen(self):
        complaint = self.new_complaint(user_id=self.owner.id)
        complaint.action_cancel()
        self.assertEqual(complaint.state, "cancelled")
        self.assertFalse(
            self.activities(complaint, "fleet_aftersales.mail_act_complaint_resolution")
        )
        complaint.action_reopen()
        self.assertEqual(complaint.state, "assigned")
        complaint.action_cancel()
        complaint.unlink()

    def test_owner_activity_follows_owner_and_date(self):
        complaint = self.new_complaint(user_id=self.owner.id, date_deadline=date(2026, 6, 5))
        activity = self.activities(complaint, "fleet_aftersales.mail_act_complaint_resolution")
        self.assertEqual((activity.user_id, activity.date_deadline), (self.owner, date(2026, 6, 5)))
        complaint.write({"user_id": self.agent.id, "date_deadline": date(2026, 6, 8)})
        self.assertEqual(
            self.activities(complaint, "fleet_aftersales.mail_act_complaint_resolution"), activity
        )
        self.assertEqual((activity.user_id, activity.date_deadline), (self.agent, date(2026, 6, 8)))
        complaint.write({"root_cause": "x", "resolution": "y"})
        complaint.action_resolve()
        self.assertFalse(
            self.activities(complaint, "fleet_aftersales.mail_act_complaint_resolution")
        )

    def test_raise_from_a_callback_in_one_click(self):
        visit = self.make_visit(date(2026, 6, 1), odometer=1000)
        callback = self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "satisfaction",
                "partner_id": self.customer.id,
                "vehicle_id": self.vehicle.id,
                "visit_id": visit.id,
                "user_id": self.agent.id,
                "date_due": date(2026, 6, 4),
            }
        )
        answer = callback.answer_ids.filtered(lambda a: a.department_id == self.workshop)[:1]
        answer.write({"rating": "1", "reason": "Noise still there"})
        action = callback.with_user(self.agent).action_raise_complaint()
        complaint = self.env["fleet.aftersales.complaint"].browse(action["res_id"])
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.customer.id,
                    "vehicle_id": self.vehicle.id,
                    "visit_id": visit.id,
                    "callback_id": callback.id,
                    "channel": "callback",
                    "department_id": self.workshop.id,
                    "state": "new",
                }
            ],
        )
        self.assertIn(answer.question_id.name, complaint.description)
        self.assertIn("Noise still there", complaint.description)
        self.assertEqual(callback.raised_complaint_count, 1)

    def test_complaint_smart_buttons(self):
        complaint = self.new_complaint()
        self.assertEqual(self.customer.complaint_count, 1)
        self.assertEqual(self.vehicle.complaint_count, 1)
        action = self.customer.action_view_complaints()
        self.assertEqual(self.env["fleet.aftersales.complaint"].search(action["domain"]), complaint)

    def test_form_flow(self):
        with Form(self.env["fleet.aftersales.complaint"].with_user(self.agent)) as form:
            form.partner_id = self.customer
            form.channel = "phone"
            form.description = "Waited two hours for the car"
        complaint = form.record
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.create_uid, self.agent)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestComplaintConfirmation(ComplaintCase):
    def resolve(self, complaint):
        complaint.write({"root_cause": "Loose heat shield", "resolution": "Refitted"})
        complaint.action_resolve()
        return complaint.confirmation_callback_ids

    @freeze_time("2026-06-05 09:00:00")  # a Friday
    def test_confirmation_call_for_an_agent_not_the_owner(self):
        complaint = self.new_complaint(user_id=self.agent.id, date_deadline=date(2026, 6, 8))
        callback = self.resolve(complaint)
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.callback_type, "complaint_confirmation")
        self.assertEqual(callback.date_due, date(2026, 6, 8), "the next working day: Monday")
        self.assertEqual(callback.user_id, self.user, "not the owner of the complaint")
        self.assertTrue(callback.answer_ids, "the confirmation questionnaire")

    def test_satisfied_customer_closes_the_complaint(self):
        complaint = self.new_complaint(user_id=self.owner.id, date_deadline=date(2026, 6, 8))
        callback = self.resolve(complaint)
        callback.answer_ids.write({"rating": "5"})
        callback.action_done()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.customer_satisfaction, "satisfied")
        self.assertTrue(complaint.date_closed)

    def test_unsatisfied_customer_sends_it_back_to_work(self):
        complaint = self.new_complaint(user_id=self.owner.id, date_deadline=date(2026, 6, 8))
        callback = self.resolve(complaint)
        callback.answer_ids.write({"rating": "2", "reason": "It rattles again"})
        callback.action_done()
        self.assertEqual(complaint.state, "in_progress")
        self.assertEqual(complaint.customer_satisfaction, "not_satisfied")
        self.assertFalse(complaint.date_resolved)
        self.assertIn("It rattles again", complaint.message_ids[0].body)
        self.assertEqual(
            len(self.activities(complaint, "fleet_aftersales.mail_act_complaint_resolution")), 1
        )
        # resolved again, a new confirmation call is made
        complaint.action_resolve()
        self.assertEqual(len(complaint.confirmation_callback_ids), 2)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestComplaintEscalation(ComplaintCase):
    def escalate(self, when):
        with freeze_time(when):
            return self.env["fleet.aftersales.complaint"]._cron_escalate_complaints()

    def test_escalated_once_after_two_days(self):
        with freeze_time("2026-06-01 09:00:00"):
            complaint = self.new_complaint(user_id=self.owner.id, date_deadline=date(2026, 6, 10))
        self.assertNotIn(complaint, self.escalate("2026-06-02 09:00:00"))
        self.assertIn(complaint, self.escalate("2026-06-03 09:30:00"))
        self.assertTrue(complaint.is_escalated)
        self.assertEqual(complaint.escalated_to_id, self.manager, "the after-sales manager")
        activity = self.activities(complaint, "fleet_aftersales.mail_act_complaint_escalation")
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Escalated", complaint.message_ids[0].body)
        # idempotent: again, and the day after, nothing more
        self.assertNotIn(complaint, self.escalate("2026-06-03 10:00:00"))
        self.assertNotIn(complaint, self.escalate("2026-06-04 09:00:00"))
        self.assertEqual(
            len(self.activities(complaint, "fleet_aftersales.mail_act_complaint_escalation")), 1
        )

    def test_committed_date_missed_is_a_new_lateness(self):
        with freeze_time("2026-06-01 09:00:00"):
            complaint = self.new_complaint(user_id=self.owner.id, date_deadline=date(2026, 6, 5))
        self.escalate("2026-06-03 09:30:00")
        self.assertNotIn(
            complaint, self.escalate("2026-06-05 12:00:00"), "the committed day is not over"
        )
        self.assertIn(complaint, self.escalate("2026-06-06 08:00:00"))
        self.assertEqual(complaint.escalated_deadline, date(2026, 6, 5))
        self.assertNotIn(complaint, self.escalate("2026-06-07 08:00:00"), "once per committed date")
        complaint.date_deadline = date(2026, 6, 9)
        self.assertIn(complaint, self.escalate("2026-06-10 08:00:00"))
        self.assertEqual(
            len(self.activities(complaint, "fleet_aftersales.mail_act_complaint_escalation")), 3
        )

    def test_department_manager_and_resolved_not_escalated(self):
        dept_manager = new_test_user(
            self.env,
            "fa_dept_mgr",
            name="Workshop Chief",
            groups="fleet_aftersales.fleet_aftersales_group_user",
        )
        self.workshop.manager_id = dept_manager
        with freeze_time("2026-06-01 09:00:00"):
            late = self.new_complaint(user_id=self.owner.id)
            resolved = self.new_complaint(user_id=self.owner.id, root_cause="a", resolution="b")
            resolved.action_resolve()
        escalated = self.escalate("2026-06-04 09:00:00")
        self.assertIn(late, escalated)
        self.assertNotIn(resolved, escalated)
        self.assertEqual(late.escalated_to_id, dept_manager)

    def test_escalation_days_is_a_setting(self):
        self.company.aftersales_complaint_escalation_days = 5
        with freeze_time("2026-06-01 09:00:00"):
            complaint = self.new_complaint(user_id=self.owner.id)
        self.assertNotIn(complaint, self.escalate("2026-06-04 09:00:00"))
        self.assertIn(complaint, self.escalate("2026-06-06 10:00:00"))


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestComplaintAccess(ComplaintCase):
    def test_owner_edits_others_read_managers_all(self):
        complaint = self.new_complaint(user_id=self.owner.id, date_deadline=date(2026, 6, 5))
        complaint.with_user(self.owner).write({"root_cause": "Loose heat shield"})
        self.assertEqual(complaint.with_user(self.agent).state, "assigned", "other users read")
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"root_cause": "not mine"})
        complaint.with_user(self.manager).write({"user_id": self.agent.id})
        complaint.with_user(self.agent).write({"resolution": "now mine"})
        complaint.with_user(self.manager).action_cancel()
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).unlink()
        complaint.with_user(self.manager).unlink()

    def test_other_company_invisible(self):
        other = self.env["res.company"].create({"name": "Other Dealer"})
        foreign = self.new_complaint(
            company_id=other.id,
            partner_id=self.env["res.partner"].create({"name": "X"}).id,
            vehicle_id=False,
        )
        found = self.env["fleet.aftersales.complaint"].with_user(self.manager).search([])
        self.assertNotIn(foreign, found)
        with self.assertRaises(AccessError):
            foreign.with_user(self.manager).read(["name"])
