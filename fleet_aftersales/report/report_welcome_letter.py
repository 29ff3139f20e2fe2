# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import format_date


class ReportWelcomeLetter(models.AbstractModel):
    """The welcome letter at the new-car handover (seed 001), signed by the shop's
    general manager, in the owner's language."""

    _name = "report.fleet_aftersales.report_welcome_letter"
    _description = "Welcome Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        vehicles = self.env["fleet.vehicle"].browse(docids)
        # the refusal is for the user printing it, in their language (the letter may be
        # rendered in the owner's)
        vehicles.with_context(lang=self.env.user.lang)._check_welcome_letter()
        return {
            "doc_ids": vehicles.ids,
            "doc_model": "fleet.vehicle",
            "docs": vehicles,
            "letters": {vehicle.id: self._get_letter(vehicle) for vehicle in vehicles},
        }

    @api.model
    def _get_letter(self, vehicle):
        """The letter of ``vehicle``: its shop, reader's env, paragraphs and signer."""
        company = vehicle._get_welcome_letter_company()
        lang = vehicle.owner_id.lang or self.env.user.lang or "en_US"
        reader = self.with_context(lang=lang).env
        advisor = vehicle._get_welcome_letter_advisor()
        paragraphs = [
            reader._(
                "Congratulations on your new %(car)s, handed over on %(date)s, and thank you "
                "for the trust you place in %(shop)s.",
                car=vehicle.model_id.with_env(reader).display_name or "",
                date=format_date(reader, vehicle.delivery_date),
                shop=company.name,
            ),
            reader._(
                "Regular maintenance keeps your car safe and its warranty valid. Its first "
                "service is due on %(date)s or at %(km)s km, whichever comes first: book it "
                "with us and we will have everything ready for you.",
                date=format_date(reader, vehicle.next_service_date) or "-",
                km=int(vehicle.next_service_odometer),
            ),
            reader._(
                "Your service advisor is %(advisor)s. For any question, or to book a visit, "
                "call us at %(phone)s.",
                advisor=advisor.name,
                phone=company.phone or "-",
            ),
            reader._("We wish you many happy miles."),
        ]
        return {
            "company": company,
            "reader": reader,
            "dear": reader._("Dear %(name)s,", name=vehicle.owner_id.name),
            "paragraphs": paragraphs,
            "signer": company.aftersales_general_manager_id,
            "signer_title": reader._("General Manager"),
        }
