"""Two-factor login with TOTP devices (django-otp): who needs it, enrolment, checking."""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Assignment, Person, SecurityEventKind
from .services import record_security_event

DEVICE_NAME = "authenticator"


def requires_two_factor(person: Person) -> bool:
    """Superusers, and people holding a role an administrator marked, need a second step."""
    if person.is_superuser:
        return True
    return (
        Assignment.objects.current()
        .filter(person=person, role__requires_two_factor=True)
        .exists()
    )


def confirmed_device(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=True).order_by("pk").first()


def two_factor_step(person: Person) -> str | None:
    """'verify' with a confirmed device, 'enrol' if one is needed but missing, else None.

    One query: it runs on the first request of every session (see core.middleware).
    """
    row = (
        Person.objects.filter(pk=person.pk)
        .annotate(
            has_device=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            ),
            role_needs=Exists(
                Assignment.objects.current().filter(
                    person=OuterRef("pk"), role__requires_two_factor=True
                )
            ),
        )
        .values_list("has_device", "role_needs")
        .first()
    )
    has_device, role_needs = row or (False, False)
    if has_device:
        return "verify"
    if person.is_superuser or role_needs:
        return "enrol"
    return None


def device_for_enrolment(person: Person) -> TOTPDevice:
    """The person's unconfirmed device, created with a fresh secret if there is none."""
    device = (
        TOTPDevice.objects.filter(user=person, confirmed=False).order_by("pk").first()
    )
    return device or TOTPDevice.objects.create(
        user=person, name=DEVICE_NAME, confirmed=False
    )


def _check(person: Person, device: TOTPDevice, code: str, address: str) -> bool:
    if device.verify_token(code):
        return True
    record_security_event(
        SecurityEventKind.TWO_FACTOR_FAILED, person=person, address=address
    )
    return False


@transaction.atomic
def confirm_enrolment(
    person: Person, device: TOTPDevice, code: str, address: str
) -> bool:
    """Confirm `device` if `code` is right: it becomes the person's device.

    Other unconfirmed devices of the person are removed. Returns whether it was right.
    """
    if device.user_id != person.pk or device.confirmed:
        return False
    if not _check(person, device, code, address):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=person, confirmed=False).delete()
    record_security_event(
        SecurityEventKind.TWO_FACTOR_ENROLLED, person=person, address=address
    )
    return True


def verify_code(person: Person, code: str, address: str) -> TOTPDevice | None:
    """The person's confirmed device if `code` is valid for it now, else None."""
    device = confirmed_device(person)
    if device is None or not _check(person, device, code, address):
        return None
    record_security_event(
        SecurityEventKind.TWO_FACTOR_VERIFIED, person=person, address=address
    )
    return device


def retry_after(device: TOTPDevice | None):
    """When the device accepts a code again after failures, or None if it does now."""
    if device is None:
        return None
    allowed, data = device.verify_is_allowed()
    return None if allowed else (data or {}).get("locked_until")
