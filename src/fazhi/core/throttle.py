"""Counting what the public does, so that no one client can flood the public writes.

A `Limiter` counts hits per identity (a client address, a phone number, a case number) in
fixed windows on the shared cache (`django.core.cache.cache`, a database table by default,
so every worker process sees the same counts). Identities are hashed into the keys: the
cache never holds a phone number or an address in clear.

Rates come from settings `FAZHI_THROTTLE_<NAME>` (or the environment variable of the same
name), written `N/second|minute|hour|day` or `N/<seconds>s`, e.g. "10/hour", "5/day",
"30/600s". "0/hour" refuses everything; "off" switches a limit off.

On the database cache two requests counted at the very same moment may both read the same
count (the backend's increment is a read and a write), so under a concurrent burst a client
may get a few hits more than its limit; a cache with atomic increments (Redis, Memcached)
makes the count exact. The limits are about orders of magnitude, not exact numbers.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

UNITS = {"second": 1, "minute": 60, "min": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(?:(\d+)\s*s|(second|minute|min|hour|day))\s*$")

# The public writes and lookups, with their defaults (see docs/operations.md).
DEFAULTS = {
    "FILINGS_PER_ADDRESS": "10/hour",
    "FILINGS_PER_PHONE": "5/day",
    "LOOKUPS_PER_ADDRESS": "60/hour",
    "LOOKUP_FAILURES_PER_ADDRESS": "20/hour",
    "PHONE_FAILURES_PER_NUMBER": "5/hour",
    "RATINGS_PER_ADDRESS": "10/hour",
    "VERIFICATIONS_PER_ADDRESS": "30/hour",
}


@dataclass(frozen=True)
class Rate:
    """At most `limit` hits per `seconds`; `limit` None means no limit."""

    limit: int | None
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """Read "10/hour", "5/day", "30/600s" or "off"; raise ValueError otherwise."""
        if str(text).strip().lower() == "off":
            return cls(None, 1)
        m = _RATE.match(str(text))
        if not m:
            raise ValueError(f"not a rate: {text!r} (write e.g. 10/hour or 30/600s)")
        seconds = int(m.group(2)) if m.group(2) else UNITS[m.group(3)]
        if seconds <= 0:
            raise ValueError(f"not a rate: {text!r} (the period must be positive)")
        return cls(int(m.group(1)), seconds)


def rate(name: str) -> Rate:
    """The configured rate `FAZHI_THROTTLE_<name>`: setting, else environment, else default."""
    key = f"FAZHI_THROTTLE_{name}"
    value = getattr(settings, key, None) or os.environ.get(key) or DEFAULTS[name]
    return Rate.parse(value)


class Limiter:
    """Counts hits of one kind (`scope`) per identity over a sliding window.

    The window slides the usual cheap way: hits are counted in fixed windows of the rate's
    length, and the count at a moment is this window's hits plus the previous window's hits
    weighted by how much of it still lies within the last period. So a client cannot get
    twice its limit by spending it just before and just after a window boundary.
    """

    def __init__(self, scope: str, rate: Rate) -> None:
        self.scope = scope
        self.rate = rate

    @classmethod
    def named(cls, name: str) -> Limiter:
        """The limiter of setting `FAZHI_THROTTLE_<name>` (scope = name)."""
        return cls(name.lower(), rate(name))

    def _digest(self, identity: str) -> str:
        return hashlib.sha256(f"{self.scope}\0{identity}".encode()).hexdigest()[:32]

    def _key(self, identity: str, window: int) -> str:
        return f"fazhi:throttle:{self.scope}:{self._digest(identity)}:{window}"

    def _now(self, now: float | None) -> tuple[int, float]:
        now = time.time() if now is None else now
        window = int(now // self.rate.seconds)
        return window, now / self.rate.seconds - window

    def count(self, identity: str, *, now: float | None = None) -> float:
        """The hits of `identity` within the last period (sliding estimate)."""
        window, elapsed = self._now(now)
        keys = [self._key(identity, window - 1), self._key(identity, window)]
        got = cache.get_many(keys)
        return int(got.get(keys[0], 0)) * (1 - elapsed) + int(got.get(keys[1], 0))

    def hit(self, identity: str, *, now: float | None = None) -> bool:
        """Count one hit; True while `identity` is within the limit (this hit included)."""
        if self.rate.limit is None:
            return True
        window, _elapsed = self._now(now)
        key = self._key(identity, window)
        # Kept for two periods: the next window still weighs this one.
        timeout = 2 * self.rate.seconds + 2
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout)
            # The database cache's increment rewrites the entry with the default timeout.
            cache.touch(key, timeout)
        return self.count(identity, now=now) <= self.rate.limit

    def exceeded(self, identity: str, *, now: float | None = None) -> bool:
        """True if `identity` has used up its limit (without counting a hit)."""
        if self.rate.limit is None:
            return False
        return self.count(identity, now=now) >= self.rate.limit

    def reset(self, identity: str, *, now: float | None = None) -> None:
        window, _elapsed = self._now(now)
        cache.delete_many(
            [self._key(identity, window - 1), self._key(identity, window)]
        )


class Lockout:
    """After `rate.limit` failures within `rate.seconds`, closed for `rate.seconds`.

    For secrets that can be guessed (the last four digits of a phone): the failures are
    counted per identity, and reaching the limit closes the identity for a full period
    from that moment, not just until a window ends.
    """

    def __init__(self, scope: str, rate: Rate) -> None:
        self.failures = Limiter(scope, rate)
        self.rate = rate

    @classmethod
    def named(cls, name: str) -> Lockout:
        return cls(name.lower(), rate(name))

    def _lock_key(self, identity: str) -> str:
        return f"fazhi:lockout:{self.failures.scope}:{self.failures._digest(identity)}"

    def closed(self, identity: str) -> bool:
        if self.rate.limit is None:
            return False
        return bool(cache.get(self._lock_key(identity)))

    def fail(self, identity: str, *, now: float | None = None) -> bool:
        """Count a failure; return True if the identity is now closed."""
        if self.rate.limit is None:
            return False
        if not self.failures.hit(identity, now=now) or self.failures.exceeded(
            identity, now=now
        ):
            cache.set(self._lock_key(identity), 1, self.rate.seconds)
            return True
        return False

    def clear(self, identity: str) -> None:
        self.failures.reset(identity)
        cache.delete(self._lock_key(identity))


def refuse(request: HttpRequest, message: str | None = None) -> HttpResponse:
    """The 429 page with a Chinese message (the `429.html` template renders `message`)."""
    return render(
        request,
        "429.html",
        {
            "message": message
            or _(
                "Too many requests from your network. Please wait a while and try again."
            )
        },
        status=429,
    )


def over_limit(*checks: tuple[str, str]) -> bool:
    """Count one hit for each (limit name, identity) pair; True if any is over its limit.

    Every pair is counted even when an earlier one is over, so that a client cannot use up
    one limit without the others noticing. Empty identities are skipped.
    """
    over = False
    for name, identity in checks:
        if identity and not Limiter.named(name).hit(identity):
            over = True
    return over


def lookup_refused(
    request: HttpRequest, address: str, message: str
) -> HttpResponse | None:
    """The 429 page if `address` looks up public cases too often or fails too often.

    Counts this lookup; None when it may go ahead. Shared by every public status page.
    """
    failures = Limiter.named("LOOKUP_FAILURES_PER_ADDRESS")
    if over_limit(("LOOKUPS_PER_ADDRESS", address)) or failures.exceeded(address):
        return refuse(request, message)
    return None
