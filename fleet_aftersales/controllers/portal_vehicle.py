# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's cars on the portal (/my/vehicles): each car with its next service, its
insurance expiry and its service history, with the invoices of each visit (their PDF
through account's own portal page)."""

from collections import defaultdict

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class FleetAftersalesVehiclePortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("vehicle_count", "fleet.vehicle"),
            ("complaint_count", "fleet.aftersales.complaint"),
        ):
            if counter in counters:
                Model = request.env[model]
                # the portal record rules keep the count to the customer's own records
                values[counter] = Model.search_count([]) if Model.has_access("read") else 0
        return values

    def _get_vehicle_searchbar_sortings(self):
        return {
            "plate": {"label": request.env._("License Plate"), "order": "license_plate, id"},
            "next_service": {
                "label": request.env._("Next Service"),
                "order": "next_service_date, id",
            },
        }

    @http.route(
        ["/my/vehicles", "/my/vehicles/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_vehicles(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        Vehicle = request.env["fleet.vehicle"]
        sortings = self._get_vehicle_searchbar_sortings()
        sortby = sortby if sortby in sortings else "plate"
        total = Vehicle.search_count([])
        pager = portal_pager(
            url="/my/vehicles",
            url_args={"sortby": sortby},
            total=total,
            page=page,
            step=self._items_per_page,
        )
        vehicles = Vehicle.search(
            [], order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_vehicles_history"] = vehicles.ids[:100]
        values.update(
            {
                "vehicles": vehicles,
                "page_name": "vehicle",
                "pager": pager,
                "default_url": "/my/vehicles",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("fleet_aftersales.portal_my_vehicles", values)

    @http.route(["/my/vehicles/<int:vehicle_id>"], type="http", auth="user", website=True)
    def portal_my_vehicle(self, vehicle_id, **kw):
        try:
            self._document_check_access("fleet.vehicle", vehicle_id)
        except MissingError as error:
            raise NotFound() from error
        except AccessError as error:
            raise Forbidden() from error
        # read as the customer (not the sudo record the check returns): the portal rules
        # show their own visits and invoices only
        vehicle = request.env["fleet.vehicle"].browse(vehicle_id)
        visits = request.env["fleet.aftersales.visit"].search(
            [("vehicle_id", "=", vehicle.id), ("state", "!=", "cancel")],
            order="reception_datetime desc, id desc",
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "vehicle": vehicle,
                "visits": visits,
                "visit_invoices": self._get_visit_invoices(visits),
                "page_name": "vehicle",
            }
        )
        values = self._get_page_view_values(
            vehicle, None, values, "my_vehicles_history", False, **kw
        )
        return request.render("fleet_aftersales.portal_my_vehicle", values)

    def _get_visit_invoices(self, visits):
        """{visit id: its posted customer invoices and credit notes}, those account's own
        portal rules let the customer read (the invoices of which they are a follower)."""
        Move = request.env["account.move"]
        by_visit = defaultdict(Move.browse)
        if not visits or not Move.has_access("read"):
            return by_visit
        moves = Move.search(
            [
                ("aftersales_visit_id", "in", visits.ids),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ],
            order="invoice_date desc, id desc",
        )
        for move in moves:
            by_visit[move.aftersales_visit_id.id] |= move
        return by_visit
