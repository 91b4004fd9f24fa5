"""Forms of the desk: the public call forms, the status page, the dispatcher's decision."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.directory.credit_code import validate_credit_code
from fazhi.directory.models import Unit

from .services import MAX_COMPLAINT_CHARS

KINDS = [
    ("consultation", "咨询"),
    ("help", "求助"),
    ("suggestion", "建议"),
    ("complaint", "投诉"),
    ("report", "举报"),
]
MATTERS = [
    ("water", "用水"),
    ("electricity", "用电"),
    ("land", "用地"),
    ("labour", "用工"),
    ("funding", "资金"),
    ("approval", "审批"),
    ("other", "其他"),
]
MAX_FILES = 3
# A dispatch instruction (派单意见) is a note to the handling unit, not a document.
INSTRUCTION_MAX = 1_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_FILES:
            raise ValidationError(_("Attach at most %(n)d files.") % {"n": MAX_FILES})
        return files


class CallForm(forms.Form):
    """What every call says; the enterprise form adds the company."""

    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_(
            "We call you back on it. With your tracking code you can follow the call."
        ),
    )
    category = forms.ChoiceField(
        label=_("Kind of request"), choices=KINDS, initial="help"
    )
    subject = forms.CharField(label=_("Subject"), max_length=60)
    description = forms.CharField(
        label=_("What do you need?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
    )
    address = forms.CharField(label=_("Where"), max_length=200, required=False)
    attachments = MultipleFileField(
        label=_("Attachments (photos, documents; up to 3 files of 10 MB)"),
        required=False,
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if sum(ch.isdigit() for ch in phone) < 7:
            raise ValidationError(
                _("Enter a phone number we can call back (at least 7 digits).")
            )
        return phone


class EnterpriseCallForm(CallForm):
    organisation = forms.CharField(label=_("Enterprise name"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        min_length=18,
        help_text=_("18 characters, as on the business licence."),
    )
    matter = forms.ChoiceField(label=_("Matter"), choices=MATTERS)

    field_order = [
        "organisation",
        "credit_code",
        "name",
        "phone",
        "matter",
        "category",
        "subject",
        "description",
        "address",
        "attachments",
    ]

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        validate_credit_code(code)
        return code


class StaffCallForm(CallForm):
    """A phone or counter call taken by a dispatcher, or a town's call to departments."""

    channel = forms.ChoiceField(label=_("Channel"), choices=[])
    organisation = forms.CharField(
        label=_("Enterprise name (if an enterprise calls)"),
        max_length=200,
        required=False,
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    matter = forms.ChoiceField(
        label=_("Enterprise matter"), choices=[("", "——"), *MATTERS], required=False
    )
    requested_unit = forms.ModelChoiceField(
        label=_("Department asked to report (镇街吹哨、部门报到)"),
        queryset=Unit.objects.none(),
        required=False,
    )

    field_order = ["channel", "requested_unit", *EnterpriseCallForm.field_order]

    def __init__(self, *args, channels, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = channels
        self.fields["requested_unit"].queryset = units

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        if code:
            validate_credit_code(code)
        return code


class StatusForm(forms.Form):
    """Find a call: its number and its tracking code, or the phone's last four digits."""

    number = forms.CharField(label=_("Call number"), max_length=64)
    code = forms.CharField(
        label=_("Tracking code (查询码)"),
        max_length=30,
        required=False,
        help_text=_("On your receipt, e.g. K7Q-M3X-PA9; upper or lower case."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    last4 = forms.CharField(
        label=_("Or: last four digits of your phone"),
        max_length=4,
        required=False,
        help_text=_(
            "Shows the progress only; rating the answer needs the tracking code."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_last4(self):
        digits = self.cleaned_data["last4"].strip()
        if digits and not (len(digits) == 4 and digits.isdigit()):
            raise ValidationError(_("Enter four digits."))
        return digits

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("code") or data.get("last4")):
            raise ValidationError(
                _("Enter the tracking code, or the last four digits of your phone.")
            )
        return data


class RateForm(forms.Form):
    """The caller's rating; the tracking code is asked for only when the session does not
    hold it (a call found by the phone digits)."""

    number = forms.CharField(max_length=64, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Tracking code (查询码)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    rating = forms.ChoiceField(
        label=_("Your rating"),
        choices=[
            ("satisfied", "满意"),
            ("basically_satisfied", "基本满意"),
            ("unsatisfied", "不满意"),
        ],
        widget=forms.RadioSelect,
    )
    complaint = forms.CharField(
        label=_("Why not satisfied? (required for 不满意)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_COMPLAINT_CHARS,
        required=False,
    )


class DispatchForm(forms.Form):
    category = forms.ChoiceField(label=_("Matter type"), choices=[])
    unit = forms.ModelChoiceField(
        label=_("Lead unit (主办)"),
        queryset=Unit.objects.none(),
        to_field_name="credit_code",
        required=False,
        help_text=_("Empty: the catalogue's unit for the matter type."),
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-handling units (协办)"),
        queryset=Unit.objects.none(),
        to_field_name="credit_code",
        required=False,
    )
    instruction = forms.CharField(
        label=_("Instruction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=INSTRUCTION_MAX,
    )

    def __init__(self, *args, categories, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories
        self.fields["unit"].queryset = units
        self.fields["co_units"].queryset = units
