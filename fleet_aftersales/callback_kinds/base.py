# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a kind of callback is, declared once.

A kind (satisfaction call, maintenance reminder, ...) is a :class:`CallbackKind`
subclass registered with :func:`register`. Its declaration says everything the module
needs to know about it:

- ``code`` and ``label``: the value and label of ``callback_type``;
- ``daily``: whether the daily action generates it, and ``sequence`` its order there;
- where its due items come from and when they are due (:meth:`CallbackKind.get_sources`);
- the values of the callback made for an item (:meth:`CallbackKind.prepare_values`);
- ``email_template`` / ``sms_template``: what customers who prefer e-mail or SMS get
  instead of a call;
- ``script_greeting``, ``script_purpose``, ``script_closing``: its call script (话术),
  which a shop may word its own way (``fleet.aftersales.call.script``);
- ``rates_service`` and ``in_satisfaction_rate``: what its answers count for in the
  statistics (satisfaction by department and advisor, dissatisfaction reasons; the
  headline satisfaction rate);
- the idempotency key (``unique_columns`` and ``unique_where``): a partial unique index,
  so that no item gets its callback twice, even from two workers at once.
- ``booking_source`` and ``booking_service_type``: a call of this kind may book a visit
  (its **Book** button), with that source and service type.

Adding a kind is one declaration (a module of this package) plus its data (an activity
type whose ``aftersales_callback_type`` is the code, questions, templates).
"""

from contextlib import contextmanager
from datetime import timedelta

from odoo.tools import SQL, LazyTranslate

from ..tools.batch_texts import BatchTexts

_lt = LazyTranslate(__name__)

#: code -> kind, in the order of their ``sequence``
KINDS = {}


def register(kind_class):
    """Class decorator: declare a kind of callback."""
    KINDS[kind_class.code] = kind_class()
    ordered = sorted(KINDS.values(), key=lambda kind: kind.sequence)
    KINDS.clear()
    KINDS.update((kind.code, kind) for kind in ordered)
    return kind_class


@contextmanager
def registered(kind_class):
    """Declare a kind for the time of a ``with`` block (tests, scripts)."""
    register(kind_class)
    try:
        yield KINDS[kind_class.code]
    finally:
        KINDS.pop(kind_class.code, None)


class CallbackKind:
    """The declaration of a kind of callback; subclasses set the attributes they need."""

    code = None
    label = None
    sequence = 100
    #: the daily action creates callbacks of this kind
    daily = False
    #: xmlids of the templates sent instead of a call to customers who prefer them
    email_template = None
    sms_template = None
    #: idempotency key: columns of a partial unique index over the callbacks of this kind
    unique_columns = ()
    #: extra SQL condition of that index (besides ``callback_type = code``)
    unique_where = None
    #: its answers rate our service: they count in the satisfaction by department and
    #: advisor and in the dissatisfaction reasons (a campaign's interest or a lost
    #: customer's answers do not)
    rates_service = False
    #: its calls make the headline satisfaction rate (满意率) against the target
    in_satisfaction_rate = False
    #: the days between calls apply (回访时间不宜过于频繁, seed 002): a call of this kind due
    #: soon after another call to the customer is put off, or carried by the open one.
    #: ``False`` for calls tied to a day that cannot wait (a booking tomorrow).
    spaced = True
    #: the source of the bookings its calls make (``fleet.aftersales.appointment``);
    #: ``None``: its calls book nothing
    booking_source = None
    #: what its bookings are for (a visit type)
    booking_service_type = "maintenance"
    #: the call script (话术): what the agent says of this purpose, between the greeting
    #: and the closing; a shop words its own in Configuration > Call Scripts. ``{dealer}``,
    #: ``{customer}``, ``{vehicle}`` and ``{agent}`` are filled in.
    script_greeting = _lt("Hello {customer}, this is {agent} of {dealer}'s after-sales service.")
    script_purpose = _lt("I am calling about your car.")
    script_closing = _lt("Thank you for your time. Have a pleasant drive, goodbye!")

    # ---- What the daily action asks of a kind -------------------------------------
    def get_sources(self, callbacks, company, today, limit):
        """The records (visits, vehicles, customers...) due a callback of this kind
        today in ``company`` that have none yet, at most ``limit`` of them."""
        return callbacks.browse()

    def prepare_values(self, callbacks, source, company, today):
        """The values of the callback of ``source``, besides type, company and due date."""
        return {}

    def prepare_values_list(self, callbacks, sources, company, today):
        """The values of the callbacks of ``sources``, a batch of the daily action: those of
        :meth:`prepare_values`. Kinds that write a note override it to ask the reader's
        environment, translations and dates once a batch (``tools.batch_texts``)."""
        return [self.prepare_values(callbacks, source, company, today) for source in sources]

    def get_template(self, env, channel):
        """The template sent instead of a call on ``channel``, if this kind has one."""
        xmlid = {"email": self.email_template, "sms": self.sms_template}.get(channel)
        return xmlid and env.ref(xmlid, raise_if_not_found=False)

    def get_booking_date(self, callback):
        """The day its call proposes to book (the next free slot from then on), if any."""
        return None

    def after_create(self, callbacks):
        """Side effects of the daily action's new callbacks of this kind (a batch)."""

    def refresh(self, callbacks, company, today):
        """Before the day's callbacks are created: bring the pending ones up to date."""
        return callbacks.browse()

    @staticmethod
    def cancel_stale(callbacks, company, get_note):
        """Cancel pending ``callbacks`` that lost their purpose; ``get_note(reader)`` says
        why, in the company's language."""
        if callbacks:
            note = get_note(company._aftersales_reader_env())
            callbacks.write({"state": "cancelled", "note": note})
        return callbacks

    # ---- Database ------------------------------------------------------------------
    def unique_index_sql(self, table):
        """The partial unique index that makes this kind's idempotency key hold."""
        if not self.unique_columns:
            return None
        where = SQL("callback_type = %s", self.code)
        if self.unique_where:
            where = SQL("%s AND %s", where, SQL(self.unique_where))
        return SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) WHERE %s",
            SQL.identifier(f"fleet_aftersales_callback_{self.code}_uniq"),
            SQL.identifier(table),
            SQL(", ".join(self.unique_columns)),
            where,
        )


class EventKind(CallbackKind):
    """One callback per event (a delivered visit, a done call, a car handed over),
    ``delay_field`` days after it, skipped once older than the callback expiry."""

    source_model = None
    date_field = None
    #: the company's setting of the delay, in days
    delay_field = None
    #: the callback field that points at the event (the idempotency marker)
    link_field = None
    #: the vehicle model has shared cars (no company)
    shared_with_all_companies = False

    def __init__(self):
        self.unique_columns = (self.link_field,)
        self.unique_where = f"{self.link_field} IS NOT NULL"
        if self.link_field != "parent_id":
            # a follow-up by another channel (it has a parent) keeps the event it is about
            self.unique_where += " AND parent_id IS NULL"

    def get_domain(self):
        return []

    def get_sources(self, callbacks, company, today, limit):
        delay = company[self.delay_field]
        expiry = company.aftersales_callback_expiry_days
        existing = callbacks._search(
            [("callback_type", "=", self.code), (self.link_field, "!=", False)]
        )
        company_ids = (company.id, False) if self.shared_with_all_companies else (company.id,)
        return callbacks.env[self.source_model].search(
            [
                *self.get_domain(),
                ("company_id", "in", company_ids),
                (self.date_field, "<=", today - timedelta(days=delay)),
                (self.date_field, ">=", today - timedelta(days=delay + expiry)),
                ("id", "not in", existing.subselect(self.link_field)),
            ],
            limit=limit,
            order="id",
        )


class ReminderKind(CallbackKind):
    """A reminder about a date (a service due, an insurance expiry, a lost customer):
    one per record and date, while the date is inside the reminder window."""

    source_model = None
    date_field = None
    #: the callback field that points at the record reminded about
    link_field = None

    def __init__(self):
        self.unique_columns = (self.link_field, "reminder_date")
        self.unique_where = "parent_id IS NULL"

    def get_pending(self, callbacks, company, records=None):
        """The company's pending reminders of this kind (about ``records`` only, if
        given): what ``refresh`` brings up to date."""
        domain = [
            ("company_id", "=", company.id),
            ("callback_type", "=", self.code),
            ("state", "=", "pending"),
            ("parent_id", "=", False),
        ]
        if records is not None:
            domain.append((self.link_field, "in", records.ids))
        return callbacks.search(domain)

    def get_window(self, company, today):
        """(first day, last day) of the dates due a reminder today."""
        raise NotImplementedError

    def get_domain(self, company):
        return []

    def get_sources(self, callbacks, company, today, limit):
        first, last = self.get_window(company, today)
        Source = callbacks.env[self.source_model]
        query = Source._search(
            [
                *self.get_domain(company),
                (self.date_field, ">=", first),
                (self.date_field, "<=", last),
            ],
            limit=limit,
            order="id",
        )
        # The done ones go in the query itself, or a limit taken before dropping them would
        # return the same first records every run. Done means a reminder of this kind for
        # this record *and this date* (the idempotency key): that compares a column of the
        # callback with a column of the source, which a domain cannot express.
        callbacks.flush_model([self.link_field, "reminder_date", "callback_type", "parent_id"])
        query.add_where(
            SQL(
                "NOT EXISTS (SELECT 1 FROM %s AS done WHERE done.callback_type = %s"
                " AND done.parent_id IS NULL AND done.%s = %s AND done.reminder_date = %s)",
                SQL.identifier(callbacks._table),
                self.code,
                SQL.identifier(self.link_field),
                SQL.identifier(query.table, "id"),
                SQL.identifier(query.table, self.date_field),
            )
        )
        return Source.browse(query)


class VehicleReminderKind(ReminderKind):
    """A reminder about a date of a car with an owner, by the owner's preferred channel."""

    source_model = "fleet.vehicle"
    link_field = "vehicle_id"

    def get_domain(self, company):
        return [("company_id", "in", (company.id, False)), ("owner_id", "!=", False)]

    def prepare_values_list(self, callbacks, sources, company, today):
        texts = BatchTexts().reader(company)
        return [self.prepare_values(callbacks, source, company, today, texts) for source in sources]

    def prepare_values(self, callbacks, source, company, today, texts=None):
        """``texts``: the company reader's texts (``tools.batch_texts``), for the note."""
        return {
            "partner_id": source.owner_id.id,
            "vehicle_id": source.id,
            "channel": source.owner_id.preferred_channel or "phone",
            "reminder_date": source[self.date_field],
        }


class AppointmentKind(ReminderKind):
    """A call about a booking (``fleet.aftersales.appointment``) on its day: one per
    booking and day (a booking moved to another day gets its own), while the booking is in
    one of ``source_states``."""

    source_model = "fleet.aftersales.appointment"
    date_field = "booking_date"
    link_field = "appointment_id"
    #: the states of the bookings this kind calls about
    source_states = ()
    spaced = False

    def get_domain(self, company):
        return [("company_id", "=", company.id), ("state", "in", self.source_states)]

    def get_channel(self, booking):
        return "phone"

    def get_note(self, booking, reader):
        return None

    def prepare_values_list(self, callbacks, sources, company, today):
        # the bookings read in the reader's language once, not each with an environment
        reader = company._aftersales_reader_env()
        return [self._prepare_booking_values(source, reader) for source in sources.with_env(reader)]

    def prepare_values(self, callbacks, source, company, today):
        reader = company._aftersales_reader_env()
        return self._prepare_booking_values(source.with_env(reader), reader)

    def _prepare_booking_values(self, booking, reader):
        return {
            "partner_id": booking.partner_id.id,
            "vehicle_id": booking.vehicle_id.id,
            "appointment_id": booking.id,
            "channel": self.get_channel(booking),
            "reminder_date": booking.booking_date,
            "note": self.get_note(booking, reader),
        }

    def refresh(self, callbacks, company, today, appointments=None):
        """Pending calls follow their booking: a booking no longer in ``source_states``
        (cancelled, arrived, booked again) or moved to another day ends its pending call,
        cancelled; the booking's new day gets its own call (the key holds the day)."""
        stale = self.get_pending(callbacks, company, appointments).filtered(
            lambda c: c.appointment_id.state not in self.source_states
            or c.appointment_id.booking_date != c.reminder_date
        )
        return self.cancel_stale(
            stale,
            company,
            lambda reader: reader._("The booking it was about was cancelled, moved or ended."),
        )
