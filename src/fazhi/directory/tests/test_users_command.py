import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_users_unlock_unlocks_a_locked_account(capsys):
    person = PersonFactory(username="clerk", failed_logins=5, locked_at=timezone.now())
    call_command("users", "unlock", "clerk")
    person.refresh_from_db()
    assert (person.locked_at, person.failed_logins) == (None, 0)
    assert "unlocked clerk" in capsys.readouterr().out


def test_users_unlock_says_when_nothing_was_locked(capsys):
    PersonFactory(username="clerk")
    call_command("users", "unlock", "clerk")
    assert "was not locked" in capsys.readouterr().out


def test_users_unlock_of_an_unknown_user_fails():
    with pytest.raises(CommandError, match="nobody"):
        call_command("users", "unlock", "nobody")


def test_users_locked_lists_locked_accounts(capsys):
    PersonFactory(username="clerk", real_name="王五", locked_at=timezone.now())
    PersonFactory(username="other")
    call_command("users", "locked")
    out = capsys.readouterr().out
    assert "clerk\t王五" in out
    assert "other" not in out
