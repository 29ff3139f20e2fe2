# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The checks the models' ``@api.constrains`` share: a value that makes no sense is
refused with a ``ValidationError`` naming the record and the field, in the user's
language."""

from odoo.exceptions import ValidationError

#: the years a visit's dates may fall in: an earlier or later one is a typo
MIN_YEAR, MAX_YEAR = 1950, 2100


def _label(record, fname):
    return record._fields[fname]._description_string(record.env)


def _check_each(records, fnames, is_valid, message):
    """Refuse the first value of ``fnames`` that is not ``is_valid(value)``, with the
    text ``message(record, fname)``."""
    for record in records:
        for fname in fnames:
            if not is_valid(record[fname]):
                raise ValidationError(message(record, fname))


def check_not_blank(records, fname):
    """``fname`` of every record has more than whitespace."""
    _check_each(
        records,
        [fname],
        lambda value: (value or "").strip(),
        lambda record, fname: record.env._(
            "%(record)s: %(field)s cannot be empty.",
            record=record.display_name or record._description,
            field=_label(record, fname),
        ),
    )


def check_minimum(records, minimums):
    """Each field of ``minimums`` ({field: least value}) is at least its least value."""
    for fname, minimum in minimums.items():
        _check_each(
            records,
            [fname],
            lambda value, minimum=minimum: value >= minimum,
            lambda record, fname, minimum=minimum: record.env._(
                "%(record)s: %(field)s must be at least %(minimum)s, not %(value)s.",
                record=record.display_name,
                field=_label(record, fname),
                minimum=minimum,
                value=record[fname],
            ),
        )


def check_years(records, fnames):
    """The dates or datetimes ``fnames`` of every record, where set, fall between
    :data:`MIN_YEAR` and :data:`MAX_YEAR`."""
    _check_each(
        records,
        fnames,
        lambda value: not value or MIN_YEAR <= value.year <= MAX_YEAR,
        lambda record, fname: record.env._(
            "%(record)s: %(field)s must fall between %(min)s and %(max)s, not %(value)s.",
            record=record.display_name,
            field=_label(record, fname),
            min=MIN_YEAR,
            max=MAX_YEAR,
            value=record[fname],
        ),
    )


def check_percentage(records, fnames):
    """The percentages ``fnames`` of every record lie between 0 and 100."""
    _check_each(
        records,
        fnames,
        lambda value: 0 <= value <= 100,
        lambda record, fname: record.env._(
            "%(record)s: %(field)s is a percentage, between 0 and 100, not %(value)s.",
            record=record.display_name,
            field=_label(record, fname),
            value=record[fname],
        ),
    )
