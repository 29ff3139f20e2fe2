# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a report model reads from its ``data``: the values its wizard passes, or anyone
puts in a report URL (``/report/pdf/<report>?month=...``), checked. A value that is not
what it should be is refused with a ``UserError`` (the report URL answers 400 with its
message), never a server error."""

from odoo import fields
from odoo.exceptions import UserError


def get_date(env, data, key):
    """``data[key]`` as a date, ``None`` when it is absent or empty."""
    value = data.get(key)
    if not value:
        return None
    try:
        return fields.Date.to_date(value)
    except (TypeError, ValueError):
        raise UserError(
            env._(
                "The report's %(key)s must be a date (YYYY-MM-DD), not %(value)s.",
                key=key,
                value=repr(value)[:40],
            )
        ) from None


def get_records(env, model, data, key):
    """The records of ``model`` whose id (or list of ids) is ``data[key]``; empty when it
    is absent."""
    value = data.get(key) or []
    values = value if isinstance(value, list | tuple) else [value]
    # a URL's query string gives text: "3" is the id 3
    ids = [int(v) if isinstance(v, str) and v.isdigit() else v for v in values]
    if not all(type(record_id) is int and record_id > 0 for record_id in ids):
        raise UserError(
            env._(
                "The report's %(key)s must be record ids, not %(value)s.",
                key=key,
                value=repr(value)[:40],
            )
        )
    return env[model].browse(ids)
