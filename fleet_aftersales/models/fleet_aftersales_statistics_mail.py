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
    (daily, weekly, monthly, quarterly, yearly); each kind declares its reports and mail
    template in ``_get_kinds``.
    """

    _name = "fleet.aftersales.statistics.mail"
    _description = "Sent Statistics Mail"
    _order = "date_from desc, id desc"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [
            ("daily", "Daily"),
            ("weekly", "Weekly"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("yearly", "Yearly"),
        ],
        required=True,
        readonly=True,
    )
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
        """Per kind: the xmlids of the reports attached and of the mail template."""
        return {
            "daily": (
                ("fleet_aftersales.action_report_daily_customer",),
                "fleet_aftersales.mail_template_daily_customer",
            ),
            "weekly": (
                ("fleet_aftersales.action_report_weekly_department",),
                "fleet_aftersales.mail_template_weekly_department",
            ),
            "monthly": (
                (
                    "fleet_aftersales.action_report_monthly_statistics",
                    "fleet_aftersales.action_report_complaint_list",
                ),
                "fleet_aftersales.mail_template_monthly_statistics",
            ),
            "quarterly": (
                ("fleet_aftersales.action_report_summary",),
                "fleet_aftersales.mail_template_summary",
            ),
            "yearly": (
                ("fleet_aftersales.action_report_summary",),
                "fleet_aftersales.mail_template_summary",
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
        """Log the mail, then send it: per audience of the kind (everyone, or each
        department's head), one mail and PDF a language of its readers, each in that
        language (the template's ``lang`` is the rendering context's)."""
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
        audiences = self.env["fleet.aftersales.statistics"]._get_mail_audiences(
            kind, company, recipients
        )
        for readers, data in audiences:
            for lang, group in readers.grouped("lang").items():
                log_lang = log.with_context(lang=lang or company.partner_id.lang or "en_US")
                departments = log_lang.env["fleet.aftersales.department"].browse(
                    data.get("department_ids", [])
                )
                log_lang = log_lang.with_context(
                    aftersales_department=", ".join(departments.mapped("name"))
                )
                log._send_one(log_lang, group, data)
        return log

    def _send_one(self, log_lang, readers, data):
        """One mail of the log to ``readers``, in the language of ``log_lang``, with the
        kind's reports of the period (and of ``data``: a department) attached."""
        report_xmlids, template_xmlid = self._get_kinds()[self.kind]
        data = dict(
            data,
            month=str(self.date_from),
            date_from=str(self.date_from),
            date_to=str(self.date_to),
            kind=self.kind,
        )
        Report = log_lang.env["ir.actions.report"]
        attachments = self.env["ir.attachment"]
        for report_xmlid in report_xmlids:
            pdf, _format = Report._render_qweb_pdf(report_xmlid, self.company_id.ids, data=data)
            name = log_lang.env.ref(report_xmlid).name
            attachments |= self.env["ir.attachment"].create(
                {
                    "name": f"{name} {self.company_id.name} {self.date_from}.pdf",
                    "datas": base64.b64encode(pdf),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        mail_id = log_lang.env.ref(template_xmlid).send_mail(
            self.id,
            email_values={
                "recipient_ids": [(6, 0, readers.ids)],
                "attachment_ids": [(6, 0, attachments.ids)],
            },
        )
        self.mail_ids = [(4, mail_id)]
