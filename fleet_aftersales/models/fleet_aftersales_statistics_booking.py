# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The bookings section of the statistics service (预约统计), kept apart from the
service's file (one concern, and that file's size).

Definitions (also in the module's readme):
- a booking belongs to the period of its day (``date_start`` in the shop's clock);
  cancelled bookings are left out of every figure;
- active bookings (主动预约, seed 004: the shop invites the customer) are those made on
  our reminder calls, at the new-car handover and for campaigns; passive ones (被动预约:
  the shop takes the customer's booking) came by an inbound call, online or walk-in;
- booked-visit share = visits received in the period that a booking led to (its
  ``visit_id``) / visits received in the period (cancelled visits left out), split into
  active and passive;
- show rate = arrived / (arrived + no-show), no-show rate = no-show / (arrived +
  no-show), over the period's bookings; those still expected count in neither;
- bookings per advisor per day = an advisor's bookings / the days on which the advisor
  had bookings; the average is the total over all advisor-days.
"""

from datetime import datetime, time, timedelta

from odoo import api, models

from .fleet_aftersales_statistics import _rate

BOOKING = "fleet.aftersales.appointment"
#: the sources of the bookings we made (主动预约); the others are the customers' (被动预约)
ACTIVE_SOURCES = ("reminder_call", "new_car", "campaign")


class FleetAftersalesStatistics(models.AbstractModel):
    _inherit = "fleet.aftersales.statistics"

    @api.model
    def _get_sections(self):
        return super()._get_sections() + ("bookings",)

    # ---- domains ----

    @api.model
    def _get_local_period_domain(self, company, field, date_from, date_to):
        """Records of the companies whose datetime ``field`` falls in the period, each
        company by its own clock (its midnights)."""
        domain = []
        for shop in company:
            start, end = (
                shop._aftersales_to_utc(datetime.combine(day, time.min))
                for day in (date_from, date_to + timedelta(days=1))
            )
            domain = (["|"] if domain else []) + domain
            domain += [
                "&",
                ("company_id", "=", shop.id),
                "&",
                (field, ">=", start),
                (field, "<", end),
            ]
        return domain or [("id", "=", 0)]

    @api.model
    def _get_booking_domain(self, company, date_from, date_to):
        """The bookings of the period (their day in the shop's clock), cancelled ones
        excluded."""
        period = self._get_local_period_domain(company, "date_start", date_from, date_to)
        return period + [("state", "!=", "cancelled")]

    @api.model
    def _get_period_visit_domain(self, company, date_from, date_to):
        """The visits received in the period (the shop's clock), cancelled ones excluded."""
        period = self._get_local_period_domain(company, "reception_datetime", date_from, date_to)
        return period + [("state", "!=", "cancel")]

    # ---- the section ----

    @api.model
    def _section_bookings(self, company, date_from, date_to):
        """Bookings by source, the share of the period's visits that were booked (active
        and passive), the show and no-show rates and the bookings per advisor per day:
        four grouped queries. Each row and rate with the ``domain`` of its records."""
        domain = self._get_booking_domain(company, date_from, date_to)
        by_source = self._get_bookings_by_source(domain)
        arrived = sum(row["arrived"] for row in by_source)
        no_show = sum(row["no_show"] for row in by_source)
        return {
            "booking_model": BOOKING,
            "bookings": sum(row["count"] for row in by_source),
            "bookings_domain": domain,
            "bookings_by_source": by_source,
            "bookings_arrived": arrived,
            "bookings_no_show": no_show,
            "show_rate": _rate(arrived, arrived + no_show),
            "no_show_rate": _rate(no_show, arrived + no_show),
            "show_domain": domain + [("state", "in", ("arrived", "no_show"))],
            **self._get_booked_visits(company, date_from, date_to),
            **self._get_bookings_by_advisor(company, domain),
        }

    @api.model
    def _get_bookings_by_source(self, domain):
        """One row a source, in the order of the selection: the bookings, how many
        arrived and how many did not show, whether the shop made them (active)."""
        Booking = self.env[BOOKING]
        labels = Booking._fields["source"]._description_selection(self.env)
        counts = {}
        for source, state, count in Booking._read_group(domain, ["source", "state"], ["__count"]):
            counts.setdefault(source, {})[state] = count
        return [
            {
                "source": source,
                "name": label,
                "is_active": source in ACTIVE_SOURCES,
                "count": sum(counts[source].values()),
                "arrived": counts[source].get("arrived", 0),
                "no_show": counts[source].get("no_show", 0),
                "domain": domain + [("source", "=", source)],
            }
            for source, label in labels
            if source in counts
        ]

    @api.model
    def _get_booked_visits(self, company, date_from, date_to):
        """The period's visits, and those a booking led to, active and passive."""
        visit_domain = self._get_period_visit_domain(company, date_from, date_to)
        [(visits,)] = self.env["fleet.aftersales.visit"]._read_group(visit_domain, [], ["__count"])
        booked = {True: 0, False: 0}
        linked = [("visit_id", "any", visit_domain)]
        for source, count in self.env[BOOKING]._read_group(
            linked, ["source"], ["visit_id:count_distinct"]
        ):
            booked[source in ACTIVE_SOURCES] += count
        active_domain = linked + [("source", "in", ACTIVE_SOURCES)]
        passive_domain = linked + [("source", "not in", ACTIVE_SOURCES)]
        return {
            "visits": visits,
            "visits_domain": visit_domain,
            "booked_visits": booked[True] + booked[False],
            "booked_visit_share": _rate(booked[True] + booked[False], visits),
            "booked_visits_domain": linked,
            "active_booked_visits": booked[True],
            "active_booking_share": _rate(booked[True], visits),
            "active_booked_domain": active_domain,
            "passive_booked_visits": booked[False],
            "passive_booking_share": _rate(booked[False], visits),
            "passive_booked_domain": passive_domain,
        }

    @api.model
    def _get_bookings_by_advisor(self, company, domain):
        """Per advisor, the bookings and the days with bookings (the shop's days: the
        first company's time zone), most bookings a day first."""
        tz = company[:1]._get_aftersales_tz().zone if company else "UTC"
        rows = {}
        for advisor, _day, count in (
            self.env[BOOKING]
            .with_context(tz=tz)
            ._read_group(domain, ["advisor_id", "date_start:day"], ["__count"])
        ):
            row = rows.setdefault(
                advisor,
                {
                    "name": advisor.display_name,
                    "count": 0,
                    "days": 0,
                    "domain": domain + [("advisor_id", "=", advisor.id)],
                },
            )
            row["count"] += count
            row["days"] += 1
        for row in rows.values():
            row["per_day"] = round(row["count"] / row["days"], 1)
        total = sum(row["count"] for row in rows.values())
        days = sum(row["days"] for row in rows.values())
        return {
            "bookings_by_advisor": sorted(rows.values(), key=lambda r: (-r["per_day"], r["name"])),
            "bookings_per_advisor_day": round(total / days, 1) if days else 0.0,
        }
