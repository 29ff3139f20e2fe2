# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import logging

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class FleetAftersalesStatisticsMail(models.Model):
    """One statistics mail sent: the idempotency marker of the statistics mails.

    A line is written when a company's statistics of a period are mailed, never before
    its recipients are known; its key (company, kind, period start) is unique, so two runs,
    even concurrent ones, cannot mail the same period twice. A kind is one report period
    (monthly today); each kind declares its report and mail template in ``_get_kinds``.
    """

    _name = "fleet.aftersales.statistics.mail"
    _description = "Sent Statistics Mail"
    _order = "date_from desc, id desc"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, ondelete="cascade"
    )
    kind = fields.Selection([("monthly", "Monthly")], required=True, readonly=True)
    date_from = fields.Date(string="Period Start", required=True, readonly=True)
    date_to = fields.Date(string="Period End", required=True, readonly=True)
    sent_datetime = fields.Datetime(
        string="Sent On", required=True, readonly=True, default=fields.Datetime.now
    )
    recipient_ids = fields.Many2many("res.partner", readonly=True)
    mail_ids = fields.Many2many(
        "mail.mail",
        string="Mails",
        readonly=True,
        help="One per language of the recipients, until the queued mail is sent and deleted.",
    )

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(company_id, kind, date_from)",
            "The statistics of a period are mailed once per company.",
        ),
    ]

    @api.depends("company_id", "kind", "date_from")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for log in self:
            log.display_name = self.env._(
                "%(company)s: %(kind)s statistics from %(date)s",
                company=log.company_id.name,
                kind=kinds.get(log.kind, ""),
                date=log.date_from,
            )

    @api.model
    def _get_kinds(self):
        """Per kind: the xmlids of the report attached and of the mail template."""
        return {
            "monthly": (
                "fleet_aftersales.action_report_monthly_statistics",
                "fleet_aftersales.mail_template_monthly_statistics",
            ),
        }

    @api.model
    def _send_statistics(self, kind, date_from, date_to, users, companies):
        """Mail the statistics of the period to ``users`` of each of ``companies`` not yet
        mailed for it, one savepoint per company. Returns the companies mailed."""
        mailed = self.search(
            [
                ("kind", "=", kind),
                ("date_from", "=", date_from),
                ("company_id", "in", companies.ids),
            ]
        ).company_id
        sent = self.env["res.company"]
        for company in companies - mailed:
            recipients = users.filtered(lambda u, c=company: c in u.company_ids).partner_id
            if not recipients:
                continue  # not logged: mailed by a later run once a recipient exists
            try:
                with self.env.cr.savepoint():
                    self._create_and_send(company, kind, date_from, date_to, recipients)
            except UniqueViolation:
                _logger.info("Statistics of %s for %s already mailed", date_from, company.name)
                continue
            except Exception:
                _logger.exception("Statistics mail of %s failed", company.name)
                continue
            sent |= company
        return sent

    @api.model
    def _create_and_send(self, company, kind, date_from, date_to, recipients):
        """Log the mail, then send it: one mail and PDF a language of the recipients, each
        in that language (the template's ``lang`` is the rendering context's)."""
        # the line first: a concurrent run fails on its unique key before rendering
        log = self.create(
            {
                "company_id": company.id,
                "kind": kind,
                "date_from": date_from,
                "date_to": date_to,
                "recipient_ids": [(6, 0, recipients.ids)],
            }
        )
        report_xmlid, template_xmlid = self._get_kinds()[kind]
        for lang, readers in recipients.grouped("lang").items():
            log_lang = log.with_context(lang=lang or company.partner_id.lang or "en_US")
            pdf, _format = log_lang.env["ir.actions.report"]._render_qweb_pdf(
                report_xmlid,
                company.ids,
                data={
                    "month": str(date_from),
                    "date_from": str(date_from),
                    "date_to": str(date_to),
                },
            )
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{company.name} {date_from.strftime('%Y-%m')}.pdf",
                    "datas": base64.b64encode(pdf),
                    "res_model": self._name,
                    "res_id": log.id,
                    "mimetype": "application/pdf",
                }
            )
            mail_id = log_lang.env.ref(template_xmlid).send_mail(
                log.id,
                email_values={
                    "recipient_ids": [(6, 0, readers.ids)],
                    "attachment_ids": [(4, attachment.id)],
                },
            )
            log.mail_ids = [(4, mail_id)]
        return log
