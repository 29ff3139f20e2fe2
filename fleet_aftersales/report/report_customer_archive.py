# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import html2plaintext

from ..models.fleet_aftersales_complaint import OPEN_STATES
from ..tools import report_data

# the lines the customer's block of the form takes on its first page
CUSTOMER_LINES = 9


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
        archives = {
            partner.id: {
                "visits": visits_by.get(partner, visits.browse()),
                "callbacks": callbacks_by.get(partner, callbacks.browse()),
                "complaints": complaints_by.get(partner, complaints.browse()),
            }
            for partner in partners
        }
        for partner in partners:
            archives[partner.id].update(self._get_form_values(partner, archives[partner.id]))
        return archives

    @api.model
    def _get_form_values(self, partner, archive):
        """What the paper form shows besides the records: each car's kind (车种), the
        work of each visit (维修养护项目) on one line, and the form cut into pages."""
        kinds = dict(partner.vehicle_ids._fields["vehicle_type"]._description_selection(self.env))
        sections = [
            {"key": "customer", "lines": CUSTOMER_LINES},
            {"key": "vehicles", "lines": 3, "rows": partner.vehicle_ids},
            {"key": "visits", "lines": 3, "rows": archive["visits"]},
            {
                "key": "open",
                "lines": 2,
                "rows": list(archive["callbacks"]) + list(archive["complaints"]),
            },
        ]
        return {
            "kinds": {
                vehicle.id: vehicle.category_id.name or kinds.get(vehicle.vehicle_type, "")
                for vehicle in partner.vehicle_ids
            },
            "items": {
                visit.id: report_data.one_line(html2plaintext(visit.description or ""))
                for visit in archive["visits"]
            },
            "pages": report_data.paginate(sections),
        }
