"""Staff pages of the disclosure app (/work/disclosure/) and the public catalogue page.

Thin: parse, authorise through the selectors' scope, call a service, render.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import params
from fazhi.directory.models import Unit
from fazhi.directory.selectors import units_visible_to
from fazhi.procedures import engine
from fazhi.procedures.errors import ProcedureError
from fazhi.procedures.models import DeadlineStatus
from fazhi.procedures.registry import spec_for
from fazhi.procedures.selectors import cases_visible_to, light

from . import catalogue, publicity, publishing
from .forms import (
    DocumentForm,
    OpinionForm,
    PublishForm,
    ReviseForm,
    ScheduleForm,
    SubmitForm,
    WithdrawForm,
    WithholdForm,
)
from .models import (
    CatalogueDomain,
    Document,
    DocumentStatus,
    PublicityRecord,
    PublicityStatus,
)
from .redaction import KIND_LABELS, Span, highlight_html
from .services import DisclosureError

PAGE_SIZE = 25
ERRORS = (ProcedureError, DisclosureError)


def _query(request, *names) -> str:
    values = {n: params.text(request.GET, n) for n in names}
    return urlencode({n: v for n, v in values.items() if v})


# --- documents -------------------------------------------------------------------------


def _visible_document(request, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.select_related("issuer"),
        pk=pk,
        issuer__in=units_visible_to(request.user),
    )


@login_required
@require_GET
def document_list(request):
    """The documents of the units the user may see, with a status filter."""
    status = params.choice(request.GET, "status", DocumentStatus.values)
    qs = Document.objects.filter(issuer__in=units_visible_to(request.user))
    if status:
        qs = qs.filter(status=status)
    q = params.text(request.GET, "q")
    if q:
        qs = qs.filter(title__contains=q) | qs.filter(index_number__contains=q)
    qs = qs.select_related("issuer").order_by("-created_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/document_list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "statuses": DocumentStatus.choices,
            "query": _query(request, "status", "q"),
        },
    )


def _managed_document(request, pk: int) -> Document:
    """A document the user sees and may manage: the check of the edit and withdraw pages,
    for the page and for the form posted from it alike."""
    document = _visible_document(request, pk)
    if not publishing.may_manage(request.user, document.issuer):
        raise PermissionDenied(
            _("You have no disclosure role at %(unit)s.")
            % {"unit": document.issuer.name}
        )
    return document


def _manageable_units(user):
    units = units_visible_to(user).order_by("path")
    return Unit.objects.filter(
        pk__in=[u.pk for u in units if publishing.may_manage(user, u)]
    ).order_by("path")


def _attempt(form, call):
    """Run a publishing service; on refusal put its Chinese message on the form, return None."""
    try:
        return call()
    except ERRORS as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        form.add_error(None, " ".join(exc.messages))
    return None


@login_required
def document_new(request):
    """Create a draft: it gets its index number and its proactive-disclosure case."""
    units = _manageable_units(request.user)
    if not units.exists():
        raise PermissionDenied(_("You have no disclosure role at any unit you see."))
    form = DocumentForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        document = _attempt(
            form,
            lambda: publishing.create_draft(
                issuer=d["issuer"],
                actor=request.user,
                title=d["title"],
                summary=d["summary"],
                disclosure_category=d["disclosure_category"],
                **form.document_fields(),
            ),
        )
        if document is not None:
            messages.success(request, _("The draft was saved."))
            return redirect("disclosure:document-detail", pk=document.pk)
    return render(
        request, "disclosure/document_form.html", {"form": form, "document": None}
    )


@login_required
def document_edit(request, pk: int):
    """Change a draft, or a published document (which starts a new disclosure case)."""
    document = _managed_document(request, pk)
    case = publishing.current_case(document)
    initial = {
        "title": document.title,
        "summary": case.data.get("summary", "") if case else "",
        "disclosure_category": case.data.get("category", "") if case else "",
        "category": document.category,
        "doc_number": document.doc_number,
        "written_on": document.written_on,
        "keywords": document.keywords,
        "genre": document.genre,
        "validity": document.validity,
        "disclosure_mode": document.disclosure_mode,
        "audience": document.audience,
        "body": document.body,
        "items": list(document.catalogue_items.values_list("pk", flat=True)),
    }
    form = DocumentForm(
        request.POST or None,
        initial=initial,
        editing=True,
        items=catalogue.items_for_document(document),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = _attempt(
            form,
            lambda: publishing.edit_document(
                document,
                actor=request.user,
                summary=d["summary"],
                disclosure_category=d["disclosure_category"],
                items=list(d["items"]),
                title=d["title"],
                **form.document_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The document was saved."))
            return redirect("disclosure:document-detail", pk=document.pk)
    return render(
        request,
        "disclosure/document_form.html",
        {"form": form, "document": document},
    )


STEP_FORMS = {
    "submit_review": SubmitForm,
    "approve": OpinionForm,
    "return_for_revision": OpinionForm,
    "withhold": WithholdForm,
    "publish": PublishForm,
}


@login_required
@require_GET
def document_detail(request, pk: int):
    """A document with its workflow: the case's state, deadline and the next steps."""
    document = _visible_document(request, pk)
    link = publishing.current_link(document)
    case = link.case if link else None
    steps, deadline, state_title = [], None, ""
    if case is not None:
        spec = spec_for(case.procedure, version=case.procedure_version)
        state_title = spec.states[case.state].title
        for a in engine.available_actions(case, request.user):
            steps.append(
                {"name": a.name, "title": a.title, "form": STEP_FORMS[a.name]()}
            )
            if a.name == "publish":
                steps.append(
                    {
                        "name": "schedule",
                        "title": _("Publish at a set time"),
                        "form": ScheduleForm(),
                    }
                )
        deadline = case.deadlines.order_by("-pk").first()
        if deadline is not None and deadline.status == DeadlineStatus.RUNNING:
            deadline.light = light(deadline.due_at)
    return render(
        request,
        "disclosure/document_detail.html",
        {
            "document": document,
            "link": link,
            "case": case,
            "state_title": state_title,
            "deadline": deadline,
            "steps": steps,
            "items": document.catalogue_items.select_related("domain", "unit"),
            "may_withdraw": document.status == DocumentStatus.PUBLISHED
            and publishing.may_manage(request.user, document.issuer),
        },
    )


@login_required
@require_POST
def document_step(request, pk: int, step: str):
    """Take one workflow step on the document (a form post from the detail page)."""
    document = _visible_document(request, pk)
    if step == "schedule":
        form = ScheduleForm(request.POST)
    elif step in STEP_FORMS:
        form = STEP_FORMS[step](request.POST)
    else:
        raise Http404
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("disclosure:document-detail", pk=pk)
    d, user = form.cleaned_data, request.user
    try:
        if step == "submit_review":
            publishing.submit_for_review(
                document, actor=user, scope=d["proposed_scope"]
            )
        elif step == "approve":
            publishing.approve(document, actor=user, opinion=d["review_opinion"])
        elif step == "return_for_revision":
            publishing.return_for_revision(
                document, actor=user, opinion=d["review_opinion"]
            )
        elif step == "withhold":
            publishing.withhold(
                document, actor=user, ground=d["ground"], opinion=d["review_opinion"]
            )
        elif step == "publish":
            publishing.publish_now(document, actor=user, channel=d["channel"])
        else:
            publishing.schedule_publication(document, actor=user, at=d["publish_at"])
    except ERRORS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("disclosure:document-detail", pk=pk)


@login_required
def document_withdraw(request, pk: int):
    """Withdraw a published document with a reason (the page becomes a tombstone)."""
    document = _managed_document(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.withdraw(
                document, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ERRORS as exc:
            form.add_error("reason", exc.message)
        else:
            messages.success(request, _("The document was withdrawn."))
            return redirect("disclosure:document-detail", pk=pk)
    return render(
        request,
        "disclosure/document_withdraw.html",
        {"document": document, "form": form},
    )


# --- compliance ------------------------------------------------------------------------


COMPLIANCE_PROBLEMS = ("missing", "late")


@login_required
@require_GET
def compliance(request):
    """Catalogue items with no published document, or with a late one."""
    visible = units_visible_to(request.user)
    units = Unit.objects.filter(
        pk__in=visible, catalogue_items__isnull=False
    ).distinct()
    unit_id = params.integer(request.GET, "unit")
    chosen = units.filter(pk=unit_id) if unit_id else units
    problem = params.choice(request.GET, "problem", COMPLIANCE_PROBLEMS)
    qs = catalogue.compliance_items(chosen, problem=problem)
    domain = params.text(request.GET, "domain")
    if domain:
        qs = qs.filter(domain__code=domain)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/compliance.html",
        {
            "page": page,
            "units": units.order_by("path"),
            "domains": CatalogueDomain.objects.all(),
            "filters": {"unit": unit_id, "domain": domain, "problem": problem},
            "query": _query(request, "unit", "domain", "problem"),
        },
    )


# --- publicity (双公示) -----------------------------------------------------------------


def _visible_records(request, **filters):
    """Publicity records are read as their cases are (the original decision holds the
    party's personal data): by the roles of the penalty procedure, not by every role
    that sees the unit. One rule for the list, the export and the review page."""
    return publicity.publicity_records(
        units_visible_to(request.user), **filters
    ).filter(case__in=cases_visible_to(request.user))


def _visible_record(request, pk: int) -> PublicityRecord:
    return get_object_or_404(_visible_records(request), pk=pk)


@login_required
@require_GET
def publicity_list(request):
    """The publicity records of the user's units, drafts awaiting review first."""
    status = params.text(request.GET, "status", PublicityStatus.DRAFT)
    if status not in PublicityStatus.values:
        status = ""
    qs = _visible_records(request, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/publicity_list.html",
        {
            "page": page,
            "status": status,
            "statuses": PublicityStatus.choices,
            "query": _query(request, "status"),
            "year": timezone.localdate().year,
        },
    )


@login_required
def publicity_review(request, pk: int):
    """The officer's review: the original with the personal data highlighted beside the
    text the public will read; remove a false span, add a missed name, approve."""
    record = _visible_record(request, pk)
    form = ReviseForm(request.POST or None, spans=record.spans)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("do") == "approve":
                document = publicity.approve_publicity(record, actor=request.user)
                messages.success(
                    request,
                    _("Published under index number %(number)s.")
                    % {"number": document.index_number},
                )
            else:
                publicity.revise_spans(
                    record,
                    actor=request.user,
                    remove=form.cleaned_data["remove"],
                    add=form.added(),
                )
                messages.success(request, _("The redaction was updated."))
        except ERRORS as exc:
            messages.error(request, exc.message)
        return redirect("disclosure:publicity-review", pk=pk)
    spans = [Span(s["start"], s["end"], s["kind"], s["text"]) for s in record.spans]
    spec = spec_for(record.case.procedure, version=record.case.procedure_version)
    return render(
        request,
        "disclosure/publicity_review.html",
        {
            "record": record,
            "form": form,
            "highlighted": highlight_html(record.original, spans),
            "span_rows": [(i, s, KIND_LABELS[s.kind]) for i, s in enumerate(spans)],
            "state_title": spec.states[record.case.state].title,
            "deadline": record.case.deadlines.filter(name="publication").first(),
            "may_review": record.status == PublicityStatus.DRAFT
            and publicity.may_review(request.user, record),
        },
    )


@login_required
@require_GET
def publicity_export(request, fmt: str):
    """The 双公示 records of the user's units for a year, as CSV or XLSX."""
    year = params.year(request.GET, default=timezone.localdate().year)
    records = _visible_records(request, year=year)
    if fmt == "csv":
        content, mime = publicity.export_csv(records), "text/csv; charset=utf-8"
    else:
        content = publicity.export_xlsx(records)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="shuanggongshi-{year}.{fmt}"'
    )
    return response


# --- the public catalogue --------------------------------------------------------------


@require_GET
def catalogue_page(request):
    """The standard catalogue: a unit's items by domain, each with its documents shown
    directly (目录正文直接可见). No login; only published documents appear."""
    district = Unit.objects.filter(kind="district").order_by("pk").first()
    if district is None:
        raise Http404(_("There is no catalogue yet."))
    units = catalogue.catalogue_units(district)
    unit_id = params.integer(request.GET, "unit")
    unit = next((u for u in units if u.pk == unit_id), district)
    domains = catalogue.domains_with_counts(unit)
    code = params.text(request.GET, "domain")
    domain = next((d for d in domains if d.code == code), None)
    items = catalogue.catalogue_items(unit, domain)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/catalogue.html",
        {
            "units": units,
            "unit": unit,
            "domains": domains,
            "domain": domain,
            "page": page,
            "total": sum(d.n for d in domains),
            "query": urlencode(
                {k: v for k, v in (("unit", unit.pk), ("domain", code)) if v}
            ),
        },
    )
