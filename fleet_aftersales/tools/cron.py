# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Batching helpers shared by the module's scheduled actions."""

import threading

from odoo.tools import split_every


def batches(records, size):
    """Split a recordset into recordsets of at most ``size`` records."""
    for ids in split_every(size, records.ids):
        yield records.browse(ids)


def commit_progress(env, done, remaining):
    """Report a cron's progress and commit the batch just done.

    The commit keeps a long run's work when a later batch fails or the worker is killed;
    it is skipped in tests, whose transaction is rolled back. (Odoo 19 has
    ``ir.cron._commit_progress`` for both.)
    """
    env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    if not getattr(threading.current_thread(), "testing", False):
        env.cr.commit()  # pylint: disable=invalid-commit
