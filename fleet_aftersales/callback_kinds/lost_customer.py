# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .base import CallbackKind, _lt, register


@register
class LostCustomer(CallbackKind):
    """Win-back call (流失客户回访), the seeds' monthly list: every customer of the shop
    last seen there within its win-back range (6 to 12 months by default) gets one call
    for that absence, the backlog too. Always a call: the reason the customer stopped
    coming is what we want to know.

    The sources are the open lost periods (``fleet.aftersales.lost.period``, kept by the
    lost-customer action, which runs first); the idempotency key is the period (one call
    per customer, shop and absence; its ``reminder_date`` is the absence's start)."""

    code = "lost_customer"
    label = _lt("Lost Customer")
    booking_source = "reminder_call"
    script_purpose = _lt(
        "We have not seen you for a while: how is your car doing, and can we help with anything?"
    )
    sequence = 70
    daily = True
    unique_columns = ("lost_period_id",)
    unique_where = "lost_period_id IS NOT NULL"

    def get_sources(self, callbacks, company, today, limit):
        # the periods called already and the customers who opted out are left out in the
        # query: the limit never fills up with them
        env = callbacks.env
        Period = env["fleet.aftersales.lost.period"]
        called = callbacks._search(
            [("callback_type", "=", self.code), ("lost_period_id", "!=", False)]
        )
        opted_out = env["fleet.aftersales.optout"]._search(
            [("callback_type", "=", self.code), ("company_id", "=", company.id)]
        )
        return Period.search(
            [
                *Period._get_win_back_domain(company, today),
                ("id", "not in", called.subselect("lost_period_id")),
                ("partner_id", "not in", opted_out.subselect("partner_id")),
            ],
            limit=limit,
            order="id",
        )

    def prepare_values(self, callbacks, source, company, today):
        cars = source.partner_id.vehicle_ids.filtered(
            lambda car: car.company_id in (company, car.company_id.browse())
        )
        return {
            "partner_id": source.partner_id.id,
            "vehicle_id": cars[:1].id,
            "lost_period_id": source.id,
            "reminder_date": source.lost_since_date,
        }
