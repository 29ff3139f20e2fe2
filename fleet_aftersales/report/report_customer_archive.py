# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..models.fleet_aftersales_complaint import OPEN_STATES


class ReportCustomerArchive(models.AbstractModel):
    """The customer archive form (客户档案基本资料表): a customer, their cars, the
    delivered visits, the pending callbacks and the open complaints."""

    _name = "report.fleet_aftersales.report_customer_archive"
    _description = "Customer Archive Form"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "archives": self._get_archives(partners),
        }

    @api.model
    def _get_archives(self, partners):
        """Per partner id: its delivered visits, pending callbacks and open complaints;
        one search per kind of record for all the partners."""
        partner_domain = [("partner_id", "in", partners.ids)]
        visits = self.env["fleet.aftersales.visit"].search(
            partner_domain + [("state", "=", "delivered")]
        )
        callbacks = self.env["fleet.aftersales.callback"].search(
            partner_domain + [("state", "=", "pending")]
        )
        complaints = self.env["fleet.aftersales.complaint"].search(
            partner_domain + [("state", "in", OPEN_STATES + ("resolved",))]
        )
        visits_by, callbacks_by, complaints_by = (
            records.grouped("partner_id") for records in (visits, callbacks, complaints)
        )
        return {
            partner.id: {
                "visits": visits_by.get(partner, visits.browse()),
                "callbacks": callbacks_by.get(partner, callbacks.browse()),
                "complaints": complaints_by.get(partner, complaints.browse()),
            }
            for partner in partners
        }
