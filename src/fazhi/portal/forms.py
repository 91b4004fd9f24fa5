"""Forms of the public pages: the disclosure request (依申请公开) and case tracking."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.directory.credit_code import validate_credit_code
from fazhi.procedures.registry import spec_for

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

PERSON, ORGANISATION = "person", "organisation"


def validate_id_number(value: str) -> None:
    """Raise ValidationError (Chinese) unless *value* is an 18-digit resident ID number."""
    code = value.strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(n)d.")
            % {"n": len(code)}
        )
    # ASCII digits only: "²" or "１" pass str.isdigit but not int().
    if not re.fullmatch(r"[0-9]{17}[0-9X]", code):
        raise ValidationError(
            _("A resident ID number has 17 digits followed by a digit or the letter X.")
        )
    total = sum(int(c) * w for c, w in zip(code[:17], ID_WEIGHTS, strict=True))
    expected = ID_CHECK[total % 11]
    if code[17] != expected:
        raise ValidationError(
            _(
                "The last character of the ID number should be “%(expected)s”: a digit "
                "is probably mistyped."
            )
            % {"expected": expected}
        )


def normalize_phone(value: str) -> str:
    """Return the phone number without spaces, dashes and brackets (and +86 prefix)."""
    digits = re.sub(r"[\s\-()（）]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits


class DisclosureRequestForm(forms.Form):
    """The online application for disclosure on request (政府信息公开条例第二十九条)."""

    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("Applicant"),
        choices=[
            (PERSON, gettext_lazy("Citizen")),
            (ORGANISATION, gettext_lazy("Legal person or other organisation")),
        ],
        widget=forms.RadioSelect,
        initial=PERSON,
    )
    name = forms.CharField(
        label=gettext_lazy("Name or organisation name"), max_length=200
    )
    code = forms.CharField(
        label=gettext_lazy("ID number or unified social credit code"),
        max_length=30,
        help_text=gettext_lazy(
            "Citizens: the 18-character resident ID number; organisations: the "
            "18-character unified social credit code."
        ),
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=30,
        help_text=gettext_lazy(
            "A mobile number (11 digits) or a landline with area code, e.g. "
            "020-86000000."
        ),
    )
    contact = forms.CharField(
        label=gettext_lazy("Postal address or e-mail"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "Where the reply is sent: a postal address for paper, an e-mail address "
            "for e-mail."
        ),
    )
    content = forms.CharField(
        label=gettext_lazy("Information requested"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=gettext_lazy(
            "The name, document number or other features that help find the "
            "government information you ask for."
        ),
    )
    delivery = forms.ChoiceField(
        label=gettext_lazy("How you want to receive it"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        spec = spec_for("disclosure_request")
        fields = {f.name: f for f in spec.fields}
        self.fields["delivery"].choices = list(fields["delivery"].choices)
        self.fields["delivery"].initial = "online"
        self.error_messages_required()

    def error_messages_required(self) -> None:
        for field in self.fields.values():
            field.error_messages["required"] = _("%(field)s is required.") % {
                "field": field.label
            }

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        if not (MOBILE.match(phone) or LANDLINE.match(phone)):
            raise ValidationError(
                _(
                    "Enter a mobile number of 11 digits starting with 1, or a landline "
                    "with its area code starting with 0 (e.g. 020-86000000)."
                )
            )
        return phone

    def clean(self) -> dict:
        data = super().clean()
        code = (data.get("code") or "").strip().upper()
        kind = data.get("applicant_kind")
        if code and kind == ORGANISATION:
            try:
                validate_credit_code(code)
            except ValidationError as exc:
                self.add_error("code", exc)
        elif code and kind == PERSON:
            try:
                validate_id_number(code)
            except ValidationError as exc:
                self.add_error("code", exc)
        if "code" not in self.errors and code:
            data["code"] = code
        delivery, contact = data.get("delivery"), (data.get("contact") or "").strip()
        if delivery == "email":
            try:
                validate_email(contact)
            except ValidationError:
                self.add_error(
                    "contact",
                    _("To receive the reply by e-mail, enter a valid e-mail address."),
                )
        elif delivery == "paper" and not contact:
            self.add_error(
                "contact",
                _("To receive the reply on paper, enter your postal address."),
            )
        return data


class TrackForm(forms.Form):
    """Find a request by its number and tracking code (查询码), or, as a fallback, the last
    four digits of the applicant's phone."""

    number = forms.CharField(label=gettext_lazy("Request number"), max_length=64)
    code = forms.CharField(
        label=gettext_lazy("Tracking code (查询码)"),
        max_length=30,
        required=False,
        help_text=gettext_lazy(
            "On your receipt, e.g. K7Q-M3X-PA9; upper or lower case."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone_last4 = forms.CharField(
        label=gettext_lazy("Or: last four digits of your phone"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("%(field)s is required.") % {
                "field": field.label
            }

    def clean_phone_last4(self) -> str:
        digits = self.cleaned_data["phone_last4"].strip()
        if digits and not re.fullmatch(r"\d{4}", digits):
            raise ValidationError(_("Enter four digits."))
        return digits

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not (data.get("code") or data.get("phone_last4")):
            raise ValidationError(
                _("Enter the tracking code, or the last four digits of your phone.")
            )
        return data
