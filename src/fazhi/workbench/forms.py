"""Forms generated from procedure specs: one field per spec field, checked again by the engine."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.procedures.engine import MAX_TEXT
from fazhi.procedures.spec import FieldSpec

_WIDGETS = {
    "longtext": lambda: forms.Textarea(attrs={"rows": 3}),
    "date": lambda: forms.DateInput(attrs={"type": "date"}),
    "datetime": lambda: forms.DateTimeInput(attrs={"type": "datetime-local"}),
}


def _max_chars(kind: str) -> int:
    """The engine's cap on a text of this kind, said by the form before the engine does."""
    kind = "longtext" if kind == "longtext" else "text"
    return getattr(settings, "FAZHI_FIELD_MAX_CHARS", {}).get(kind, MAX_TEXT[kind])


def _form_field(f: FieldSpec) -> forms.Field:
    common = {"label": f.title, "required": f.required, "help_text": f.help}
    if f.type == "choice":
        choices = [("", "——"), *f.choices] if not f.required else list(f.choices)
        return forms.ChoiceField(choices=choices, **common)
    if f.type == "integer":
        return forms.IntegerField(**common)
    if f.type == "decimal":
        return forms.DecimalField(**common)
    if f.type == "bool":
        return forms.BooleanField(**{**common, "required": False})
    if f.type == "date":
        widget = _WIDGETS["date"]()
        if f.past:
            # The picker offers no later day; the engine checks against the step's day.
            widget.attrs["max"] = timezone.localdate().isoformat()
        return forms.DateField(widget=widget, **common)
    if f.type == "datetime":
        return forms.DateTimeField(widget=_WIDGETS["datetime"](), **common)
    if f.type == "unit":
        from fazhi.directory.models import Unit

        return forms.ModelChoiceField(
            queryset=Unit.objects.filter(is_active=True).order_by("path"),
            to_field_name="credit_code",
            **common,
        )
    if f.type == "officers":
        common["help_text"] = f.help or _("User names, separated by commas.")
    widget = _WIDGETS["longtext"]() if f.type == "longtext" else forms.TextInput()
    return forms.CharField(widget=widget, max_length=_max_chars(f.type), **common)


class StepForm(forms.Form):
    """The fields of one action (or of opening a case), plus when it really happened."""

    at = forms.DateTimeField(
        label=_("Happened at (for paper records entered later)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty if it happens now."),
    )

    def __init__(
        self, *args, fields: tuple[FieldSpec, ...] = (), prefix=None, **kwargs
    ):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.spec_fields = fields
        at = self.fields.pop("at")
        for f in fields:
            self.fields[f.name] = _form_field(f)
        self.fields["at"] = at

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at and at > timezone.now():
            raise forms.ValidationError(_("This cannot be in the future."))
        return at

    def spec_data(self) -> dict:
        """The cleaned values in the JSON form the engine takes."""
        out = {}
        for f in self.spec_fields:
            value = self.cleaned_data.get(f.name)
            if isinstance(value, dt.datetime | dt.date):
                value = value.isoformat()
            elif f.type == "unit" and value is not None:
                value = value.credit_code
            elif value is not None and f.type == "decimal":
                value = str(value)
            if value not in (None, ""):
                out[f.name] = value
        return out


class OpenCaseForm(StepForm):
    unit = forms.ModelChoiceField(label=_("Owning unit"), queryset=None)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    applicant = forms.CharField(label=_("Applicant"), max_length=200, required=False)

    field_order = ["unit", "subject", "applicant"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.order_fields(["unit", "subject", "applicant"])
