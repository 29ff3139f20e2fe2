# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's complaints on the portal (/my/complaints): open and closed ones with
their status, each with its public chatter, and a form to file one online, which enters
the staff's ticket flow with the channel "online"."""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.fleet_aftersales_complaint import OPEN_STATES
from ..tools.rate_limit import is_rate_limited, rate_limit_message


class FleetAftersalesComplaintPortal(CustomerPortal):
    def _get_complaint_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("Being handled"),
                "domain": [("state", "in", OPEN_STATES)],
            },
            "closed": {
                "label": request.env._("Resolved or closed"),
                "domain": [("state", "not in", OPEN_STATES)],
            },
        }

    def _get_complaint_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_registered desc, id desc"},
            "state": {"label": request.env._("Status"), "order": "state, date_registered desc"},
        }

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, filterby=None, **kw):
        Complaint = request.env["fleet.aftersales.complaint"]
        filters = self._get_complaint_searchbar_filters()
        sortings = self._get_complaint_searchbar_sortings()
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        # the portal record rule keeps the list to the customer's own complaints
        domain = filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Complaint.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": Complaint.search(
                    domain,
                    order=sortings[sortby]["order"],
                    limit=self._items_per_page,
                    offset=pager["offset"],
                ),
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("fleet_aftersales.portal_my_complaints", values)

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="user", website=True)
    def portal_my_complaint(self, complaint_id, **kw):
        try:
            complaint_sudo = self._document_check_access("fleet.aftersales.complaint", complaint_id)
        except MissingError as error:
            raise NotFound() from error
        except AccessError as error:
            raise Forbidden() from error
        complaint = request.env["fleet.aftersales.complaint"].browse(complaint_id)
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaint": complaint,
                "page_name": "complaint",
                "is_filed": kw.get("filed") == "1",
                # the customer posts in the chatter as themselves: a signed partner id,
                # no access token to create (opening the page writes nothing)
                "pid": partner.id,
                "hash": complaint_sudo._sign_token(partner.id),
            }
        )
        values = self._get_page_view_values(complaint, None, values, None, False)
        return request.render("fleet_aftersales.portal_my_complaint", values)

    @http.route(
        ["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_complaint(self, **post):
        """The form (GET), and the complaint filed (POST: CSRF-checked by Odoo's http
        layer, rate-limited per address)."""
        Complaint = request.env["fleet.aftersales.complaint"]
        errors = {}
        if request.httprequest.method == "POST":
            if is_rate_limited(request, "portal_new_complaint"):
                # the form again, with the reason, as a 429
                return self._render_new_complaint(post, {"form": rate_limit_message()}, 429)
            description = post.get("description", "")
            vehicle_id = self._to_int(post.get("vehicle_id"))
            category_id = self._to_int(post.get("category_id"))
            errors = Complaint._get_portal_complaint_refusals(description, vehicle_id, category_id)
            if not errors:
                vals = Complaint._prepare_portal_complaint_values(
                    description, vehicle_id, category_id
                )
                # sudo: a portal customer may not create complaints; the values are the
                # controller's own (the customer and company forced, the car checked as
                # theirs with their rights), as OCA helpdesk_mgmt files a portal ticket
                complaint = Complaint.sudo()._create_from_portal(vals, request.env.user.partner_id)
                return request.redirect(f"/my/complaints/{complaint.id}?filed=1")
        return self._render_new_complaint(post, errors)

    def _render_new_complaint(self, post, errors, status=200):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "vehicles": request.env["fleet.vehicle"].search([], order="license_plate, id"),
                "categories": request.env["fleet.aftersales.complaint.category"].search([]),
                "errors": errors,
                "form": post,
                "default_vehicle_id": self._to_int(post.get("vehicle_id")),
            }
        )
        return request.render("fleet_aftersales.portal_new_complaint", values, status=status)

    @staticmethod
    def _to_int(value):
        try:
            return int(value or 0)
        except (TypeError, ValueError):
            return 0
