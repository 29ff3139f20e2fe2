"""A limit on the requests of one address to the module's public pages (survey links,
online booking and complaint forms), so that a script cannot try tokens or fill the
booking calendar.

The counts are kept in the worker's memory, as Odoo keeps its own login cooldown
(``res.users._on_login_cooldown``): with several workers, each one allows the limit. That
is enough against guessing (an access token has 128 bits) and flooding, without a write
to the database on every request of a page that must not write when it is opened.
"""

import threading
import time
from collections import defaultdict, deque

from odoo import _

#: requests allowed per address and endpoint, and the window in seconds
DEFAULT_HITS = 30
DEFAULT_PERIOD = 60


class RateLimit:
    """At most ``hits`` requests per ``period`` seconds for each key (an endpoint and an
    address), in this worker."""

    def __init__(self, hits=DEFAULT_HITS, period=DEFAULT_PERIOD):
        self.hits = hits
        self.period = period
        self._seen = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key, now=None):
        """Count one request of ``key``; False when it is over the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen[key]
            while seen and seen[0] <= now - self.period:
                seen.popleft()
            if len(seen) >= self.hits:
                return False
            seen.append(now)
            return True

    def reset(self):
        with self._lock:
            self._seen.clear()


#: one limit for all the module's public endpoints, keyed by (endpoint, address)
PUBLIC_LIMIT = RateLimit()


def is_rate_limited(request, endpoint, limit=PUBLIC_LIMIT):
    """Count the request; True when its address called ``endpoint`` too often. The page
    answers with its own polite page and status 429: a raised ``TooManyRequests`` would
    reach the website's error handler, which has no 429 page and answers 418."""
    address = request.httprequest.remote_addr or "unknown"
    return not limit.hit((endpoint, address))


def rate_limit_message():
    """What the refused customer reads, in the request's language."""
    return _("Too many requests: please try again in a minute.")
