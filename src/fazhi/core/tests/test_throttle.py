"""The public-write limiter: rates, sliding windows, lockouts, hashed keys, the 429 page."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from fazhi.core import throttle
from fazhi.core.throttle import Limiter, Lockout, Rate

pytestmark = pytest.mark.django_db

HOUR = 3600.0
T0 = 1_000 * HOUR  # the start of an hour window


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("text", "limit", "seconds"),
    [
        ("10/hour", 10, 3600),
        ("5/day", 5, 86400),
        ("30/600s", 30, 600),
        (" 3 / minute ", 3, 60),
        ("0/hour", 0, 3600),
        ("off", None, 1),
    ],
)
def test_rates_are_read_from_text(text, limit, seconds):
    assert Rate.parse(text) == Rate(limit, seconds)


@pytest.mark.parametrize("text", ["ten/hour", "10", "10/fortnight", "10/0s", ""])
def test_bad_rates_are_refused(text):
    with pytest.raises(ValueError, match="not a rate"):
        Rate.parse(text)


def test_settings_override_the_defaults(monkeypatch):
    assert throttle.rate("FILINGS_PER_ADDRESS") == Rate(10, 3600)
    with override_settings(FAZHI_THROTTLE_FILINGS_PER_ADDRESS="2/minute"):
        assert throttle.rate("FILINGS_PER_ADDRESS") == Rate(2, 60)
    monkeypatch.setenv("FAZHI_THROTTLE_FILINGS_PER_PHONE", "7/day")
    assert throttle.rate("FILINGS_PER_PHONE") == Rate(7, 86400)


def test_limit_is_per_identity_and_ends_with_the_period():
    limiter = Limiter("test", Rate(3, 3600))
    assert [limiter.hit("1.2.3.4", now=T0 + i) for i in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert limiter.hit("5.6.7.8", now=T0 + 5)  # another client is not affected
    # Two periods later nothing is left.
    assert limiter.hit("1.2.3.4", now=T0 + 2 * HOUR + 1)


def test_the_window_slides_over_a_boundary():
    """Three hits just before the hour and three just after are six in a few minutes:
    the previous window still weighs almost fully, so the fourth is refused."""
    limiter = Limiter("test", Rate(3, 3600))
    for i in range(3):
        assert limiter.hit("a", now=T0 + HOUR - 60 + i)
    assert not limiter.hit("a", now=T0 + HOUR + 60)
    # Late in the next window the old hits weigh little.
    assert limiter.count("a", now=T0 + 2 * HOUR - 60) < 2


def test_keys_do_not_hold_the_identity_in_clear():
    limiter = Limiter("phone", Rate(3, 3600))
    limiter.hit("13912345678", now=T0)
    key = limiter._key("13912345678", int(T0 // 3600))
    assert "13912345678" not in key
    assert cache.get(key) == 1


def test_off_never_limits_and_zero_always_refuses():
    assert all(Limiter("x", Rate(None, 1)).hit("a") for _i in range(50))
    assert not Limiter("y", Rate(0, 60)).hit("a")


def test_lockout_closes_for_a_full_period_after_the_limit():
    lockout = Lockout("guess", Rate(5, 3600))
    assert [lockout.fail("n", now=T0 + i) for i in range(5)] == [False] * 4 + [True]
    assert lockout.closed("n")
    assert not lockout.closed("m")
    lockout.clear("n")
    assert not lockout.closed("n")


def test_over_limit_counts_every_identity_and_skips_empty_ones():
    with override_settings(
        FAZHI_THROTTLE_FILINGS_PER_ADDRESS="2/hour",
        FAZHI_THROTTLE_FILINGS_PER_PHONE="1/day",
    ):
        checks = (("FILINGS_PER_ADDRESS", "1.2.3.4"), ("FILINGS_PER_PHONE", ""))
        assert not throttle.over_limit(*checks)
        assert not throttle.over_limit(*checks)
        assert throttle.over_limit(*checks)
        assert (
            throttle.over_limit(
                ("FILINGS_PER_ADDRESS", "9.9.9.9"), ("FILINGS_PER_PHONE", "139")
            )
            is False
        )
        assert throttle.over_limit(("FILINGS_PER_PHONE", "139"))


def test_refusal_is_a_429_page_with_the_chinese_message():
    request = RequestFactory().get("/")
    response = throttle.refuse(request, "提交过于频繁")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
