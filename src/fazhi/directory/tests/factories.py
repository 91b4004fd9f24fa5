"""Factories for directory reference data: units, people, roles, assignments."""

import factory

from fazhi.directory.credit_code import check_character
from fazhi.directory.models import (
    Assignment,
    Certificate,
    Person,
    Role,
    Scope,
    Unit,
    UnitKind,
)


def synthetic_credit_code(n: int) -> str:
    """Return a valid synthetic code for Baiyun (440111) with organisation code TF + n."""
    first17 = f"11440111TF{n:07d}"
    return first17 + check_character(first17)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    credit_code = factory.Sequence(synthetic_credit_code)
    credit_code_synthetic = True
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    real_name = factory.Sequence(lambda n: f"测试人员{n}")
    password = factory.django.Password("correct-horse-battery")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"role_{n}")
    title = factory.Sequence(lambda n: f"角色{n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    role = factory.SubFactory(RoleFactory)
    unit = factory.SubFactory(UnitFactory)
    scope = Scope.UNIT


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"TEST-{n:06d}")
    holder = factory.SubFactory(PersonFactory)
    issuing_body = "广东省人民政府"
    fields_of_law = ["市场监管"]
    valid_from = factory.Faker("date_between", start_date="-2y", end_date="-1y")
    valid_to = factory.Faker("date_between", start_date="+1y", end_date="+2y")


def verified_login(client, person):
    """Log `person` in with a confirmed TOTP device, as after the two-factor step."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=person, name="test", confirmed=True)
    client.force_login(person)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
