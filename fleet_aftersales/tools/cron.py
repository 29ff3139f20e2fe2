# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Batching helpers shared by the module's scheduled actions."""

import threading
import zlib
from contextlib import contextmanager

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


def _testing(env):
    return getattr(threading.current_thread(), "testing", False) or env.registry.in_test_mode()


def lock_namespace(name):
    """The first key (an int4) of the advisory locks named ``name``."""
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


@contextmanager
def exclusive(env, name, key):
    """Run a block in one worker at a time per ``(name, key)``: yields whether this worker
    holds the lock (else another one is running the block: skip it, or try later).

    The lock is a transaction-level advisory lock taken on a cursor of its own, held
    until the block ends: the batches' commits on ``env.cr`` do not release it, and a
    worker that dies releases it with its connection. Once it holds the lock, the worker
    commits ``env.cr`` to read what the previous holder committed (its snapshot may be
    older). In tests (one connection, rolled back) the lock is taken on ``env.cr``.
    """
    namespace = lock_namespace(name)
    query = "SELECT pg_try_advisory_xact_lock(%s, %s)"
    if _testing(env):
        env.cr.execute(query, [namespace, key])
        yield env.cr.fetchone()[0]
        return
    with env.registry.cursor() as lock_cr:
        lock_cr.execute(query, [namespace, key])
        taken = lock_cr.fetchone()[0]
        if taken:
            env.cr.commit()  # pylint: disable=invalid-commit
        yield taken
