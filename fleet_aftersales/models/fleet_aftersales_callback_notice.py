# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import models

from .fleet_aftersales_state_mixin import button

NOTICE_TYPE = "fleet_aftersales.mail_act_dissatisfaction_notice"


class FleetAftersalesCallback(models.Model):
    """The written notice of dissatisfaction (seed 003: 应以书面形式通知相关部门和人员):
    a Poor or Very Poor answer on a question rated for a department tells that
    department's head, when the call is done."""

    # a file per concern: the notice is not the call's life cycle
    _inherit = "fleet.aftersales.callback"  # pylint: disable=consider-merging-classes-inherited

    @button
    def action_done(self):
        res = super().action_done()
        self._notify_department_heads()
        return res

    def _get_notice_heads(self):
        """{head (res.users): bad answers of this callback on his or her departments}:
        the heads who work in the callback's shop (the others cannot open it)."""
        self.ensure_one()
        heads = {}
        for answer in self.answer_ids.filtered(lambda a: a.is_bad and a.department_id):
            head = answer.department_id.manager_id
            if head and self.company_id in head.company_ids:
                heads[head] = heads.get(head, answer.browse()) | answer
        return heads

    def _notify_department_heads(self):
        """An activity for each head of a department rated Poor or Very Poor, and a note
        on the callback telling him or her the question, the answer and the reason, both
        in the head's language.

        Idempotent: the notice activity is kept once done (``keep_done``); a head who
        has one on the callback, open or done, is not told again (done twice, reopened
        and done again). The notices are read in one query and created in one call."""
        activity_type = self.env.ref(NOTICE_TYPE, raise_if_not_found=False)
        if not activity_type or not self:
            return
        Activity = self.env["mail.activity"]
        told = {
            (activity.res_id, activity.user_id.id)
            for activity in Activity.with_context(active_test=False).search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        vals_list = []
        for callback in self.filtered(lambda c: c.state == "done"):
            for head, answers in callback._get_notice_heads().items():
                if (callback.id, head.id) in told:
                    continue
                reader = Activity._aftersales_reader(callback, head)
                lines = callback._get_notice_lines(answers, reader)
                vals_list.append(
                    Activity._aftersales_values(
                        callback,
                        activity_type,
                        head,
                        callback.company_id._aftersales_today(),
                        lambda reader, c=callback: reader._(
                            "Dissatisfied customer: %(customer)s", customer=c.partner_id.name
                        ),
                        "\n".join(lines),
                    )
                )
                callback._post_notice(head, lines, reader)
        Activity._aftersales_create(vals_list)

    def _get_notice_lines(self, answers, reader):
        """One line per bad answer: the question, the rating and the reason, for ``reader``."""
        labels = dict(answers._fields["rating"]._description_selection(reader))
        return [
            reader._(
                "%(department)s - %(question)s: %(rating)s (%(reason)s)",
                department=answer.department_id.with_env(reader).name,
                question=answer.question_id.with_env(reader).name,
                rating=labels[answer.rating],
                reason="; ".join(
                    filter(
                        None,
                        [
                            ", ".join(answer.reason_tag_ids.with_env(reader).mapped("name")),
                            answer.reason or "",
                        ],
                    )
                )
                or "-",
            )
            for answer in answers
        ]

    def _post_notice(self, head, lines, reader):
        """The written notice on the callback, addressed to ``head`` (a note he or she is
        notified of, in his or her inbox)."""
        title = reader._(
            "Written notice of dissatisfaction to %(head)s (%(customer)s, %(vehicle)s):",
            head=head.name,
            customer=self.partner_id.name,
            vehicle=self.vehicle_id.display_name or "-",
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup("").join(Markup("<li>%s</li>") % line for line in lines),
        )
        self.message_post(
            body=body,
            partner_ids=head.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
