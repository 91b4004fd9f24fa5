from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.directory.models import LoginThrottle

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def lock(username, address="198.51.100.1"):
    return LoginThrottle.objects.create(
        username=username,
        address=address,
        failures=5,
        locked_until=timezone.now() + timedelta(minutes=10),
    )


def test_users_unlock_clears_every_address_of_a_username(capsys):
    PersonFactory(username="clerk")
    lock("clerk")
    lock("clerk", "198.51.100.2")
    lock("other")
    call_command("users", "unlock", "clerk")
    assert list(LoginThrottle.objects.values_list("username", flat=True)) == ["other"]
    assert "unlocked clerk (2 address(es))" in capsys.readouterr().out


def test_users_unlock_says_when_nothing_was_locked(capsys):
    PersonFactory(username="clerk")
    call_command("users", "unlock", "clerk")
    assert "was not locked" in capsys.readouterr().out


def test_users_unlock_of_an_unknown_username_works_like_a_known_one(capsys):
    # Unknown usernames are throttled like known ones (nothing tells them apart).
    lock("nobody")
    call_command("users", "unlock", "nobody")
    assert not LoginThrottle.objects.exists()


def test_users_locked_lists_locked_pairs_only(capsys):
    lock("clerk")
    LoginThrottle.objects.create(username="other", address="198.51.100.9", failures=2)
    LoginThrottle.objects.create(
        username="stale",
        address="198.51.100.9",
        failures=5,
        locked_until=timezone.now() - timedelta(minutes=1),
    )
    call_command("users", "locked")
    out = capsys.readouterr().out
    assert "clerk\t198.51.100.1\t5\t" in out
    assert "other" not in out
    assert "stale" not in out
