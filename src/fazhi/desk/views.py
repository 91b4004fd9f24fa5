"""Pages of the call desk: public call forms and status page; the dispatcher's queue, the
rates, hot issues and the command screen for staff. Handling (sign, contact, reply, return,
extension) happens on the workbench's case page, /work/cases/<number>/."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.directory.models import Unit
from fazhi.directory.selectors import current_assignments, roles_at, units_visible_to
from fazhi.procedures.errors import InvalidData, ProcedureError
from fazhi.procedures.selectors import case_for_actor, cases_visible_to

from . import hot, metrics, selectors, services
from .forms import (
    CallForm,
    DispatchForm,
    EnterpriseCallForm,
    RateForm,
    StaffCallForm,
    StatusForm,
)
from .models import CoHandling, DispatchCatalogueEntry
from .screen import screen_data

DISPATCH_ROLES = {"dispatcher", "command_chief"}


def _uploads(files) -> list[services.Upload]:
    return [
        services.Upload(f.name, f.read(), f.content_type or "") for f in files or []
    ]


def _add_errors(form, exc: InvalidData) -> None:
    for field, message in exc.errors.items():
        form.add_error(field if field in form.fields else None, message)


# -- public --------------------------------------------------------------------------------


def call_start(request):
    return render(request, "desk/call_start.html")


def call_form(request, kind: str):
    """The enterprise (企业呼) or citizen call form; similar open calls shown first."""
    enterprise = kind == "enterprise"
    form_class = EnterpriseCallForm if enterprise else CallForm
    form = form_class(request.POST or None, request.FILES or None)
    similar = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        tenant = services.default_tenant()
        text = f"{d['subject']}。{d['description']}"
        if not d.get("confirm"):
            similar = selectors.similar_open_calls(text, tenant)
        if similar:
            form.data = form.data.copy()
            form.data["confirm"] = "true"
        else:
            try:
                case = services.file_call(
                    services.CallInput(
                        description=d["description"],
                        subject=d["subject"],
                        category=d["category"],
                        channel="enterprise" if enterprise else "portal",
                        enterprise_matter=d.get("matter", ""),
                        address=d.get("address", ""),
                        attachments=_uploads(d.get("attachments")),
                    ),
                    caller=services.Caller(
                        name=d["name"],
                        phone=d["phone"],
                        organisation=d.get("organisation", ""),
                        credit_code=d.get("credit_code", ""),
                    ),
                    tenant=tenant,
                )
            except InvalidData as exc:
                _add_errors(form, exc)
            else:
                request.session["desk_filed"] = case.number
                return redirect("desk:call-filed")
    return render(
        request,
        "desk/call_form.html",
        {"form": form, "enterprise": enterprise, "similar": similar},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


def call_filed(request):
    number = request.session.get("desk_filed")
    if not number:
        return redirect("desk:call-start")
    return render(request, "desk/call_filed.html", {"number": number})


def status(request):
    """The public status page: number + last four digits of the phone; rating form."""
    source = request.POST if request.method == "POST" else request.GET
    form = StatusForm(source or None)
    rate_form = None
    context: dict = {"form": form}
    case = None
    if form.is_bound and form.is_valid():
        case = services.call_for_caller(
            form.cleaned_data["number"], form.cleaned_data["last4"]
        )
        if case is None:
            form.add_error(None, _("No call with this number and these phone digits."))
    if request.method == "POST" and case is not None:
        rate_form = RateForm(request.POST)
        if rate_form.is_valid():
            try:
                services.rate_call(
                    case.number,
                    rate_form.cleaned_data["last4"],
                    rate_form.cleaned_data["rating"],
                    complaint=rate_form.cleaned_data["complaint"],
                )
            except InvalidData as exc:
                rate_form.add_error(
                    "complaint",
                    _("Please tell us why you are not satisfied.")
                    if "complaint" in exc.errors
                    else exc.message,
                )
            except ProcedureError as exc:
                rate_form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you: your rating was recorded."))
                return redirect(
                    f"{request.path}?number={case.number}&last4={rate_form.cleaned_data['last4']}"
                )
    if case is not None:
        case.refresh_from_db()
        context.update(selectors.public_status(case))
        if case.state == "replied":
            context["rate_form"] = rate_form or RateForm(
                initial={"number": case.number, "last4": form.cleaned_data["last4"]}
            )
    return render(request, "desk/status.html", context)


# -- staff ------------------------------------------------------------------------------------


def _tenant_for(user) -> Unit:
    return (user.unit.tenant if user.unit else None) or services.default_tenant()


# Besides those who see the whole district, the office that turns hot issues into
# documents and decisions (每月一题) works with the district-wide views.
DISTRICT_VIEW_ROLES = {
    "government_office",
    "command_chief",
    "dispatcher",
    "district_leader",
}


def _sees_district(user, tenant) -> bool:
    """District-wide views (hot issues, the command screen) are for those who see the
    whole district (the visibility rule) or hold a district coordinating role, not for a
    town's or a department's officers."""
    if current_assignments(user).filter(role__key__in=DISTRICT_VIEW_ROLES).exists():
        return True
    return units_visible_to(user).filter(pk=tenant.pk).exists()


def _may_dispatch(user, tenant) -> bool:
    return bool(roles_at(user, services.receiving_unit(tenant)) & DISPATCH_ROLES)


def _dispatch_form(tenant, case=None, data=None):
    entries = services.catalogue(tenant)
    categories = [
        (c, f"{c}（{e.unit.display_name}，{e.limit_text}）") for c, e in entries.items()
    ]
    units = Unit.objects.filter(
        tenant=tenant,
        kind__in=["department", "town", "street", "other"],
        is_active=True,
    ).order_by("path")
    initial = {}
    routing = getattr(case, "routing", None) if case else None
    if routing and routing.best and routing.best["category"] in entries:
        initial["category"] = routing.best["category"]
    elif case and case.data.get("enterprise_matter"):
        initial["category"] = services.MATTER_CATEGORY.get(
            case.data["enterprise_matter"]
        )
    if routing and routing.requested_unit:
        initial["unit"] = routing.requested_unit.credit_code
    return DispatchForm(
        data,
        categories=categories,
        units=units,
        prefix=case.number if case else None,
        initial=initial,
    )


@login_required
def queue(request):
    """The dispatcher's queue: waiting calls with their top-3 and a dispatch form each."""
    tenant = _tenant_for(request.user)
    if not _may_dispatch(request.user, tenant):
        return redirect("desk:rates")
    waiting = selectors.waiting_calls(tenant)
    items = [
        {
            "case": c,
            "suggestions": selectors.routing_with_units(getattr(c, "routing", None)),
            "routing": getattr(c, "routing", None),
            "form": _dispatch_form(tenant, c),
        }
        for c in waiting
    ]
    overdue = selectors.overdue_calls(tenant)
    return render(
        request,
        "desk/queue.html",
        {
            "items": items,
            "overdue": overdue[:50],
            "confident": sum(
                1 for i in items if i["routing"] and i["routing"].automatic
            ),
        },
    )


@login_required
@require_POST
def dispatch(request, number):
    case = case_for_actor(number, request.user)
    tenant = case.tenant
    form = _dispatch_form(tenant, case, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.dispatch_call(
                case,
                actor=request.user,
                category=d["category"],
                unit=d["unit"],
                co_units=list(d["co_units"]),
                instruction=d["instruction"],
            )
        except ProcedureError as exc:
            messages.error(request, exc.message)
        else:
            case.refresh_from_db()
            messages.success(
                request,
                _("%(number)s dispatched to %(unit)s.")
                % {"number": case.number, "unit": case.unit.name},
            )
    else:
        messages.error(request, _("Choose a matter type from the catalogue."))
    return redirect("desk:queue")


@login_required
@require_POST
def confirm_all(request):
    tenant = _tenant_for(request.user)
    if not _may_dispatch(request.user, tenant):
        raise PermissionDenied
    n = services.confirm_confident(actor=request.user, tenant=tenant)
    messages.success(request, _("%(n)d confident calls dispatched.") % {"n": n})
    return redirect("desk:queue")


@login_required
def staff_call(request):
    """Staff entry: phone and counter calls (dispatcher) or a town's call (town officer)."""
    tenant = _tenant_for(request.user)
    channels = []
    if _may_dispatch(request.user, tenant):
        channels += [("phone", "12345电话"), ("counter", "政务服务窗口")]
    if request.user.unit and roles_at(request.user, request.user.unit) & {
        "town_officer"
    }:
        channels.append(("town", "镇街呼叫部门"))
    if not channels:
        raise PermissionDenied
    units = Unit.objects.filter(
        tenant=tenant, kind="department", is_active=True
    ).order_by("path")
    form = StaffCallForm(
        request.POST or None, request.FILES or None, channels=channels, units=units
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.file_call(
                services.CallInput(
                    description=d["description"],
                    subject=d["subject"],
                    category=d["category"],
                    channel=d["channel"],
                    enterprise_matter=d.get("matter", ""),
                    address=d.get("address", ""),
                    requested_unit=d.get("requested_unit"),
                    attachments=_uploads(d.get("attachments")),
                ),
                caller=services.Caller(
                    name=d["name"],
                    phone=d["phone"],
                    organisation=d.get("organisation", ""),
                    credit_code=d.get("credit_code", ""),
                ),
                actor=request.user,
                tenant=tenant,
            )
        except InvalidData as exc:
            _add_errors(form, exc)
        except ProcedureError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Call %(number)s filed.") % {"number": case.number}
            )
            return redirect("workbench:case-detail", number=case.number)
    return render(request, "desk/staff_call.html", {"form": form})


@login_required
def co_handling(request):
    """Co-handling requests (协办) of the user's units, with a form to contribute."""
    visible = cases_visible_to(request.user)
    rows = (
        CoHandling.objects.filter(case__in=visible)
        .select_related("case", "unit", "case__unit")
        .order_by("contributed_at", "-assigned_at")
    )
    mine = [
        r
        for r in rows
        if roles_at(request.user, r.unit) & {"department_officer", "town_officer"}
    ]
    if request.method == "POST":
        row = next((r for r in mine if str(r.pk) == request.POST.get("id")), None)
        if row is None:
            raise Http404
        try:
            services.record_contribution(
                row, actor=request.user, text=request.POST.get("contribution", "")
            )
        except ProcedureError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Contribution recorded."))
        return redirect("desk:co-handling")
    return render(request, "desk/co_handling.html", {"rows": mine})


def _month_param(value: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        y, m = (int(x) for x in (value or "").split("-"))
        return dt.date(y, m, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
def rates(request):
    """The three rates by unit, matter type, channel and month, with rankings."""
    tenant = _tenant_for(request.user)
    months = int(request.GET.get("months", "12") or 12)
    months = max(1, min(months, 36))
    today = timezone.localdate()
    start = today.replace(day=1)
    for _i in range(months - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    since = metrics.month_bounds(start)[0]
    facts = metrics.call_facts(
        tenant, since=since, cases=cases_visible_to(request.user)
    )
    by_unit = metrics.breakdown(facts, "unit")
    tables = [
        (metrics.DIMENSIONS[d], metrics.breakdown(facts, d))
        for d in ("unit", "category", "channel", "month")
    ]
    rankings = [
        {
            "name": metrics.RATE_NAMES[r],
            "key": r,
            "rows": [
                (row.label, row.rate(r), row.calls)
                for row in metrics.ranking(by_unit, r)
            ],
            "method": metrics.method_note(r),
        }
        for r in metrics.RATES
    ]
    return render(
        request,
        "desk/rates.html",
        {
            "total": metrics.summarise(facts),
            "enterprise": metrics.summarise([f for f in facts if f.enterprise]),
            "tables": tables,
            "rankings": rankings,
            "months": months,
            "since": start,
            "min_calls": metrics.MIN_CALLS_FOR_RANKING,
        },
    )


@login_required
def hot_issues(request):
    tenant = _tenant_for(request.user)
    if not _sees_district(request.user, tenant):
        raise PermissionDenied(
            _("Only staff who see the whole district may view this page.")
        )
    month = _month_param(request.GET.get("month"))
    issues = hot.hot_issues(tenant, month)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    follow_ups = [
        (f, hot.follow_up_effect(f))
        for f in hot.FollowUp.objects.filter(tenant=tenant).select_related("case")[:10]
    ]
    return render(
        request,
        "desk/hot.html",
        {
            "issues": issues,
            "month": month,
            "previous": previous,
            "following": following if following <= timezone.localdate() else None,
            "follow_ups": follow_ups,
            "procedures": services.FOLLOW_UP_PROCEDURES,
        },
    )


@login_required
@require_POST
def follow_up(request):
    tenant = _tenant_for(request.user)
    month = _month_param(request.POST.get("month"))
    issue = hot.find_issue(tenant, month, request.POST.get("key", ""))
    if issue is None:
        raise Http404(_("This group no longer exists."))
    try:
        follow = services.open_follow_up(
            actor=request.user,
            procedure=request.POST.get("procedure", ""),
            title=request.POST.get("title", "").strip() or issue.title,
            calls=issue.cases,
            month=month,
            unit=issue.unit,
        )
    except ProcedureError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('desk:hot')}?month={month:%Y-%m}")
    messages.success(
        request, _("Follow-up case %(number)s opened.") % {"number": follow.case.number}
    )
    return redirect("workbench:case-detail", number=follow.case.number)


@login_required
def screen(request):
    tenant = _tenant_for(request.user)
    if not _sees_district(request.user, tenant):
        raise PermissionDenied(
            _("Only staff who see the whole district may view this page.")
        )
    return render(request, "desk/screen.html", {"d": screen_data(tenant)})


@login_required
def screen_json(request):
    tenant = _tenant_for(request.user)
    if not _sees_district(request.user, tenant):
        raise PermissionDenied(
            _("Only staff who see the whole district may view this page.")
        )
    return JsonResponse(screen_data(tenant), json_dumps_params={"ensure_ascii": False})


@login_required
def catalogue_view(request):
    tenant = _tenant_for(request.user)
    entries = DispatchCatalogueEntry.objects.filter(tenant=tenant).select_related(
        "unit"
    )
    return render(request, "desk/catalogue.html", {"entries": entries})
