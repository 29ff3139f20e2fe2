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


# Lines of table rows an A4 page holds under the layout's head and above its foot, at
# the layout's font size: a row is one line (its cells do not wrap); checked on real
# PDFs by tests/test_report_layout.py.
LINES_PER_PAGE = 36


def paginate(sections, lines_per_page=LINES_PER_PAGE):
    """The pages of a printed form. wkhtmltopdf without its patched Qt neither repeats a
    table's header nor tells the body its page number, so the forms are cut into pages
    here, each page printing its own head, table headers and 第 X 页 / 共 Y 页.

    ``sections`` are dicts with ``lines``, the lines a section takes before its rows (its
    title and table header), and ``rows``, a list, one line each; a section without
    ``rows`` is kept whole on one page. Returns the pages, each a list of copies of the
    sections with the rows of that page (``continued`` when rows came before); always at
    least one page."""
    pages, page, left = [], [], lines_per_page
    for section in sections:
        rows = section.get("rows")
        head = section.get("lines", 0)
        if rows is None:
            if page and head > left:
                pages.append(page)
                page, left = [], lines_per_page
            page.append(dict(section, continued=False))
            left -= head
            continue
        start = 0
        while True:
            if page and (head >= left or (rows[start:] and head + 1 > left)):
                pages.append(page)
                page, left = [], lines_per_page
            count = max(left - head, 1)
            page.append(dict(section, rows=rows[start : start + count], continued=start > 0))
            left -= head + len(rows[start : start + count])
            start += count
            if start >= len(rows):
                break
    pages.append(page)
    return pages


def one_line(text, size=40):
    """``text`` on one line of a form's table: its whitespace collapsed, cut at ``size``
    characters (Chinese text has no spaces to cut at)."""
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def get_companies(env, docids, data):
    """The companies a company report prints: its records, else ``data["company_ids"]``,
    else the user's current company."""
    return (
        env["res.company"].browse(docids)
        or get_records(env, "res.company", data, "company_ids")
        or env.company
    )


def get_period(env, data, company, bounds, step_back):
    """The period ``bounds(day)`` of ``data["date_from"]``, else the last one ended by
    the company's today (``step_back`` before it)."""
    day = get_date(env, data, "date_from") or company._aftersales_today() - step_back
    return bounds(day)


def per_company(env, docids, data, build):
    """The values of a report printed per company (``get_companies``): each company's
    block is ``build(company, data)``, a dict the template reads as one of ``reports``."""
    data = data or {}
    companies = get_companies(env, docids, data)
    return {
        "doc_ids": companies.ids,
        "doc_model": "res.company",
        "docs": companies,
        "reports": [build(company, data) for company in companies],
    }
