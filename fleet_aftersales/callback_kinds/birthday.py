# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import calendar

from .base import CallbackKind, _lt, register


@register
class Birthday(CallbackKind):
    """Birthday greeting (生日问候) on the day, by the customer's preferred channel."""

    code = "birthday"
    label = _lt("Birthday")
    script_purpose = _lt("All of us wish you a happy birthday.")
    sequence = 60
    daily = True
    email_template = "fleet_aftersales.mail_template_birthday"
    sms_template = "fleet_aftersales.sms_template_birthday"
    # one greeting a year
    unique_columns = ("partner_id", "reminder_date")
    unique_where = "parent_id IS NULL"

    def get_sources(self, callbacks, company, today, limit):
        days = [today.strftime("%m-%d")]
        if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
            days.append("02-29")  # born on 29 February: greeted on the 28th in common years
        # this year's greeting (the idempotency key) excluded in the query, before the limit
        greeted = callbacks._search(
            [
                ("callback_type", "=", self.code),
                ("parent_id", "=", False),
                ("reminder_date", "=", today),
            ]
        )
        return callbacks.env["res.partner"].search(
            [
                ("birthday_mmdd", "in", days),
                ("vehicle_ids.company_id", "in", (company.id, False)),
                ("id", "not in", greeted.subselect("partner_id")),
            ],
            limit=limit,
            order="id",
        )

    def prepare_values(self, callbacks, source, company, today):
        return {
            "partner_id": source.id,
            "channel": source.preferred_channel or "phone",
            "reminder_date": today,
        }
