"""Every free-text field of the staff forms has a maximum length, in the form and in the
model column that stores it; a null byte is refused and named."""

from __future__ import annotations

import pytest
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("app", ["desk", "disclosure", "workdays"])
def test_every_text_column_has_a_maximum_length_and_its_validator(app):
    from django.apps import apps

    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and not (
            field.max_length
            and any(isinstance(v, MaxLengthValidator) for v in field.validators)
        )
    ]
    assert unlimited == []


def test_a_spec_text_field_takes_the_engines_cap():
    from fazhi.procedures.engine import MAX_TEXT
    from fazhi.procedures.spec import FieldSpec
    from fazhi.workbench.forms import StepForm

    fields = (
        FieldSpec(name="note", title="备注", type="text"),
        FieldSpec(name="opinion", title="意见", type="longtext"),
    )
    form = StepForm(fields=fields)
    assert form.fields["note"].max_length == MAX_TEXT["text"]
    assert form.fields["opinion"].max_length == MAX_TEXT["longtext"]
    too_long = StepForm({"note": "行" * (MAX_TEXT["text"] + 1)}, fields=fields)
    assert not too_long.is_valid()
    assert "note" in too_long.errors


def test_opening_a_case_with_too_long_a_text_is_refused_and_opens_nothing(
    client, demo_district
):
    from fazhi.procedures.engine import MAX_TEXT
    from fazhi.procedures.models import Case

    client.force_login(demo_district.disclosure_officer)
    response = client.post(
        "/work/cases/new/?procedure=disclosure_request",
        {
            "open-unit": demo_district.office.pk,
            "open-subject": "申请公开",
            "open-content": "行" * (MAX_TEXT["longtext"] + 1),
        },
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("form_name", "field", "limit"),
    [
        ("DocumentForm", "summary", 2_000),
        ("DocumentForm", "body", 200_000),
        ("OpinionForm", "review_opinion", 2_000),
        ("WithholdForm", "review_opinion", 2_000),
        ("WithdrawForm", "reason", 1_000),
        ("ReviseForm", "add", 500),
    ],
)
def test_disclosure_forms_cap_their_texts(form_name, field, limit):
    from fazhi.disclosure import forms

    assert getattr(forms, form_name)().fields[field].max_length == limit


def test_a_dispatch_instruction_is_capped(demo_district):
    from fazhi.desk.forms import INSTRUCTION_MAX, DispatchForm
    from fazhi.directory.models import Unit

    form = DispatchForm(
        {"category": "供水", "instruction": "行" * (INSTRUCTION_MAX + 1)},
        categories=[("供水", "供水")],
        units=Unit.objects.all(),
    )
    assert not form.is_valid()
    assert list(form.errors) == ["instruction"]


@pytest.mark.parametrize(
    ("text", "words"),
    [("行" * 2_001, "2000"), ("协办\x00意见", "空字节")],
)
def test_a_contribution_too_long_or_with_a_null_byte_is_refused(
    demo_district, text, words
):
    from fazhi.desk import services
    from fazhi.desk.models import CoHandling
    from fazhi.procedures.errors import InvalidData

    officer = demo_district.department_officer
    co = CoHandling(unit=officer.unit)
    with translation.override("zh-hans"), pytest.raises(InvalidData) as caught:
        services.record_contribution(co, actor=officer, text=text)
    assert words in caught.value.errors["contribution"]


@pytest.mark.parametrize("name", ["节" * 101, "春\x00节"])
def test_a_holiday_import_refuses_a_long_or_null_name(name):
    from fazhi.workdays.errors import HolidayImportError
    from fazhi.workdays.importer import read_holiday_rows

    with pytest.raises(HolidayImportError) as caught:
        read_holiday_rows(f"date,kind,name\n2030-01-01,holiday,{name}\n".encode())
    assert "null byte" in caught.value.errors[0] or "空字节" in caught.value.errors[0]


def test_a_null_byte_in_a_staff_form_is_named_in_chinese():
    from fazhi.disclosure.forms import WithdrawForm

    with translation.override("zh-hans"):
        form = WithdrawForm({"reason": "错误\x00发布"})
        assert not form.is_valid()
        assert "空字节" in form.errors["reason"][0]
