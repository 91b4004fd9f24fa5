from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from fazhi.directory.models import LoginThrottle
from fazhi.directory.services import (
    login_locked_until,
    record_login_failure,
    record_login_success,
)

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


@override_settings(FAZHI_LOGIN_MAX_FAILURES=3, FAZHI_LOGIN_COOLOFF_SECONDS=60)
def test_the_pair_locks_at_the_limit_and_only_that_pair():
    assert record_login_failure("clerk", "a") is None
    assert record_login_failure("clerk", "a") is None
    until = record_login_failure("clerk", "a")
    assert until is not None
    assert 55 <= (until - timezone.now()).total_seconds() <= 60
    assert login_locked_until("clerk", "a") == until
    assert login_locked_until("clerk", "b") is None
    assert login_locked_until("other", "a") is None


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_a_failure_after_the_lock_ran_out_starts_counting_again():
    LoginThrottle.objects.create(
        username="clerk",
        address="a",
        failures=2,
        locked_until=timezone.now() - timedelta(seconds=1),
    )
    assert record_login_failure("clerk", "a") is None
    assert LoginThrottle.objects.get().failures == 1


def test_stale_pairs_are_forgotten():
    LoginThrottle.objects.create(username="old", address="a", failures=1)
    LoginThrottle.objects.filter(username="old").update(
        updated_at=timezone.now() - timedelta(days=2)
    )
    record_login_failure("clerk", "a")
    assert list(LoginThrottle.objects.values_list("username", flat=True)) == ["clerk"]


def test_a_success_clears_only_its_own_pair():
    person = PersonFactory(username="clerk")
    record_login_failure("clerk", "a")
    record_login_failure("clerk", "b")
    record_login_success(person, "a")
    assert list(LoginThrottle.objects.values_list("address", flat=True)) == ["b"]
