# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError


def text_to_html(text):
    """Plain text as HTML: escaped, its line breaks kept. Unlike ``plaintext2html`` it
    makes no link of what looks like an address: a note quotes customers' names and
    words, which are text, never markup."""
    return Markup("<p>%s</p>") % Markup("<br/>").join(text.splitlines())


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # A callback's activity is done when the callback is: its answers must be recorded.
        callback_activities = self.filtered(
            lambda a: a.res_model == "fleet.aftersales.callback"
            and a.activity_type_id.aftersales_callback_type
        )
        if callback_activities and not self.env.context.get("fleet_aftersales_callback_sync"):
            raise UserError(
                self.env._(
                    "Open the callback to record the customer's answers and mark the call done there."
                )
            )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    # ---- The one place that builds the module's activities ----------------------------
    @api.model
    def _aftersales_reader(self, record, user=None, texts=None):
        """The environment of ``user`` (else of ``record``'s company) reading a text about
        ``record``: see ``res.company._aftersales_reader_env``; ``texts``: a batch's
        ``tools.batch_texts.BatchTexts``, which asks it once per company and user."""
        company = record.company_id if "company_id" in record._fields else None
        company = company or (user.company_id if user else self.env.company)
        if texts is not None:
            return texts.reader(company, user).env
        return company._aftersales_reader_env(user)

    @api.model
    def _aftersales_values(
        self, record, activity_type, user, date_deadline, summary, note="", texts=None
    ):
        """Values of an activity of ours on ``record``: callbacks, complaints, customers
        and vehicles all get theirs from here.

        ``summary`` and ``note`` (plain text, escaped) are written for ``user``, in
        ``user``'s language whoever runs this (OdooBot, a colleague): each is a function of
        the reader's environment returning the text (``lambda reader: reader._("...")``),
        or the text itself. No summary: the activity type's, in the reader's language.
        ``texts``: a batch's memo (``tools.batch_texts.BatchTexts``), for thousands."""
        reader = self._aftersales_reader(record, user, texts)
        summary = summary(reader) if callable(summary) else summary
        note = note(reader) if callable(note) else note
        memo = texts.memo if texts is not None else {}
        model_key = ("ir.model", record._name)
        if model_key not in memo:
            memo[model_key] = self.env["ir.model"]._get_id(record._name)
        return {
            "res_model_id": memo[model_key],
            "res_id": record.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": date_deadline,
            "summary": summary or activity_type.with_env(reader).summary,
            "note": text_to_html(note) if note else False,
        }

    @api.model
    def _aftersales_create(self, vals_list):
        """Create activities in one call; quick update: the assignees find them in their
        inbox, without one "assigned to you" e-mail each."""
        return self.with_context(mail_activity_quick_update=True).create(vals_list)

    @api.model
    def _aftersales_sync(self, records, activity_types, feedback, get_target=None):
        """Keep each record's one activity of ``activity_types`` in step with the record.

        ``get_target(record)`` (default ``record._get_activity_target()``) says what it
        should be: ``"done"`` (mark it done with ``feedback``: the text, or a function
        of the reader's environment returning it, see :meth:`_aftersales_values`), a dict
        of :meth:`_aftersales_values` (create it, or update the one there), or ``None``
        (remove it). Other activities are never touched, so manual ones survive. Existing
        activities are read in one query and created in one call.
        """
        if self.env.context.get("mail_activity_automation_skip") or not records:
            return
        current = defaultdict(self.browse)
        for activity in self.search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "in", activity_types.ids),
            ]
        ):
            current[activity.res_id] |= activity
        get_target = get_target or (lambda record: record._get_activity_target())
        to_create, to_update, to_unlink = [], [], self.browse()
        # the feedback is a line in the record's chatter: in its company's language
        to_feedback = defaultdict(self.browse)
        for record in records:
            activities, target = current[record.id], get_target(record)
            if target == "done":
                if activities:
                    to_feedback[self._aftersales_reader(record).lang] |= activities
            elif not target:
                to_unlink |= activities
            elif not activities:
                to_create.append(target)
            else:
                to_unlink |= activities[1:]
                to_update.append((activities[:1], target))
        self._aftersales_update(to_update)
        self._aftersales_create(to_create)
        for lang, activities in to_feedback.items():
            activities = activities.with_context(
                lang=lang, fleet_aftersales_callback_sync=True, mail_activity_automation_skip=True
            )
            reader = activities.env
            activities.action_feedback(
                feedback=feedback(reader) if callable(feedback) else feedback
            )
        to_unlink.unlink()

    @api.model
    def _aftersales_update(self, pairs):
        """Make each activity of ``(activity, values)`` ``values``: those that change
        alike (a new purpose in their summary) in one write."""
        by_changes = defaultdict(self.browse)
        for activity, values in pairs:
            changes = activity._aftersales_changes(values)
            if changes:
                by_changes[tuple(sorted(changes.items()))] |= activity
        for changes, activities in by_changes.items():
            activities.with_context(mail_activity_quick_update=True).write(dict(changes))

    def _aftersales_changes(self, values):
        """What to write on this activity to make it ``values`` (see
        :meth:`_aftersales_values`): the user, deadline, type and summary that differ, and
        the note if it does too; nothing when those four are the same. Only what changes
        is written, so that the activities of a batch that change alike (a new purpose in
        their summary) are written together."""
        current = {
            "user_id": self.user_id.id,
            "date_deadline": self.date_deadline,
            "activity_type_id": self.activity_type_id.id,
            "summary": self.summary,
        }
        changes = {key: values[key] for key, value in current.items() if values[key] != value}
        if changes and (self.note or "") != (values.get("note") or ""):
            changes["note"] = values.get("note")
        return changes
