"""Staff forms of the disclosure app; every check that matters is repeated by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.procedures.registry import spec_for

from .models import BODY_MAX, REASON_MAX, DisclosureMode, Validity
from .publishing import PROCEDURE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A summary (内容概述) or a review opinion is a paragraph, kept in the case's record.
OPINION_MAX = 2_000


def _spec_choices(action: str | None, field: str) -> list[tuple[str, str]]:
    spec = spec_for(PROCEDURE)
    fields = spec.fields if action is None else spec.actions[action].fields
    return list(next(f for f in fields if f.name == field).choices)


class DocumentForm(forms.Form):
    """A document's metadata as on the seed page (索引号 is given, never typed)."""

    issuer = forms.ModelChoiceField(queryset=None, label=_("Issuing unit"))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary of contents"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=OPINION_MAX,
    )
    disclosure_category = forms.ChoiceField(label=_("Proactive disclosure category"))
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    doc_number = forms.CharField(
        label=_("Document number"), max_length=100, required=False
    )
    written_on = forms.DateField(label=_("Date written"), widget=DATE, required=False)
    keywords = forms.CharField(
        label=_("Subject keywords"), max_length=200, required=False
    )
    genre = forms.CharField(label=_("Genre"), max_length=30, required=False)
    validity = forms.ChoiceField(
        label=_("Validity"), choices=[("", "——"), *Validity.choices], required=False
    )
    disclosure_mode = forms.ChoiceField(
        label=_("Disclosure mode"), choices=DisclosureMode.choices
    )
    audience = forms.CharField(label=_("Audience"), max_length=100, required=False)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=BODY_MAX,
    )
    items = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Catalogue items"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, units=None, items=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosure_category"].choices = _spec_choices(None, "category")
        if editing:
            del self.fields["issuer"]
        else:
            self.fields["issuer"].queryset = units
            self.fields["issuer"].label_from_instance = lambda u: u.name
        if items is None:
            del self.fields["items"]
        else:
            self.fields["items"].queryset = items
            self.fields["items"].label_from_instance = lambda i: (
                f"{i.unit.short_name or i.unit.name}·{i.domain.name}·{i.level2}"
            )

    def document_fields(self) -> dict:
        d = self.cleaned_data
        names = ("category", "doc_number", "written_on", "keywords", "genre",
                 "validity", "disclosure_mode", "audience", "body")  # fmt: skip
        return {n: d[n] for n in names if n in d}


class SubmitForm(forms.Form):
    proposed_scope = forms.ChoiceField(label=_("Proposed disclosure"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_scope"].choices = _spec_choices(
            "submit_review", "proposed_scope"
        )


class OpinionForm(forms.Form):
    review_opinion = forms.CharField(
        label=_("Review opinion"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=OPINION_MAX,
    )


class WithholdForm(OpinionForm):
    ground = forms.ChoiceField(label=_("Ground for not disclosing"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = _spec_choices("withhold", "ground")


class PublishForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = _spec_choices("publish", "channel")


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the public on the withdrawn page."),
        max_length=REASON_MAX,
    )


class ReviseForm(forms.Form):
    """The reviewer's corrections of a publicity draft."""

    remove = forms.TypedMultipleChoiceField(
        coerce=int, required=False, label=_("Keep visible (not personal data)")
    )
    add = forms.CharField(
        required=False,
        max_length=500,
        label=_("Also hide (missed names)"),
        help_text=_("Separate several with commas."),
    )

    def __init__(self, *args, spans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [(i, s["text"]) for i, s in enumerate(spans)]

    def added(self) -> list[str]:
        raw = self.cleaned_data.get("add", "").replace("，", ",").replace("、", ",")
        return [t.strip() for t in raw.split(",") if t.strip()]
