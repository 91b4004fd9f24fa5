"""Pages of the call desk: public call forms and status page; the dispatcher's queue, the
rates, hot issues and the command screen for staff. Handling (sign, contact, reply, return,
extension) happens on the workbench's case page, /work/cases/<number>/."""

from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import params, throttle
from fazhi.core.net import client_address
from fazhi.directory.models import Unit
from fazhi.directory.selectors import (
    current_assignments,
    roles_at,
    units_visible_to,
    units_where_roles,
)
from fazhi.procedures import tracking
from fazhi.procedures.errors import InvalidData, ProcedureError
from fazhi.procedures.public import find_public_case, public_case_by_number
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
    """The enterprise (企业呼) or citizen call form; similar open calls shown first.

    Filing is limited per client address and per phone (FAZHI_THROTTLE_FILINGS_*): each
    call starts legal time limits, so a flood of them is refused with 429.
    """
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
        elif throttle.over_limit(
            ("FILINGS_PER_ADDRESS", client_address(request)),
            ("FILINGS_PER_PHONE", services.phone_digits(d["phone"])),
        ):
            return throttle.refuse(request, _FILING_REFUSED())
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
                _remember_tracked(request, case.number, case.tracking_code)
                return redirect("desk:call-filed")
    return render(
        request,
        "desk/call_form.html",
        {"form": form, "enterprise": enterprise, "similar": similar},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


def _FILING_REFUSED() -> str:
    return _(
        "Too many calls have been filed from your network or with this phone number. "
        "Please try again later, or call 12345."
    )


def call_filed(request):
    """The receipt: the call's number and its tracking code (from the session)."""
    number = request.session.get("desk_filed")
    if not number:
        return redirect("desk:call-start")
    case = public_case_by_number(
        services.default_tenant(), number, procedure=services.HOTLINE
    )
    code = tracking.display(case.tracking_code) if case else ""
    return render(request, "desk/call_filed.html", {"number": number, "code": code})


# Calls this browser session has opened with their number and tracking code (or phone
# digits): {number: code, or "" when found by the phone digits}. The code stays on the
# server, never in a URL.
SESSION_TRACKED = "desk_tracked"
TRACKED_KEPT = 10


def _remember_tracked(request, number: str, code: str) -> None:
    tracked = dict(request.session.get(SESSION_TRACKED, {}))
    tracked.pop(number, None)
    tracked[number] = code
    request.session[SESSION_TRACKED] = dict(list(tracked.items())[-TRACKED_KEPT:])


def status(request):
    """The public status page: number + tracking code (or the phone's last four digits,
    within limits); the caller rates the answer here with the code.

    The lookup is a POST (the code never goes into a URL or a log); a found call is kept
    in the session and shown at ?number=…. Lookups are limited per client address.
    """
    tenant = services.default_tenant()
    address = client_address(request)
    tracked = request.session.get(SESSION_TRACKED, {})
    if request.method == "POST" and "rate" in request.POST:
        return _rate(request, tenant, tracked, address)
    form = StatusForm(
        request.POST if request.method == "POST" else None,
        initial={"number": _number_param(request.GET.get("number", ""))},
    )
    context: dict = {"form": form}
    if request.method == "POST":
        refused = _lookup_refused(request, address)
        if refused:
            return refused
        if form.is_valid():
            d = form.cleaned_data
            found = find_public_case(
                tenant,
                d["number"],
                procedure=services.HOTLINE,
                code=d["code"],
                phone_last4="" if d["code"] else d["last4"],
            )
            if found.case is not None:
                _remember_tracked(
                    request,
                    found.case.number,
                    found.case.tracking_code if found.by_code else "",
                )
                url = reverse("desk:status")
                return redirect(f"{url}?{urlencode({'number': found.case.number})}")
            throttle.Limiter.named("LOOKUP_FAILURES_PER_ADDRESS").hit(address)
            form.add_error(None, _lookup_failure(found.closed))
        return render(request, "desk/status.html", context, status=200)
    number = _number_param(request.GET.get("number", ""))
    if number in tracked:
        _show_call(context, tenant, number, tracked[number])
    return render(request, "desk/status.html", context)


def _number_param(value: str) -> str:
    """A call number from the query string, as a form would take it."""
    return value.strip()[:64]


def _lookup_refused(request, address: str):
    """A 429 response if this address looks up too often or fails too often."""
    return throttle.lookup_refused(
        request,
        address,
        _(
            "Too many look-ups from your network. Please wait an hour and try "
            "again, or call 12345."
        ),
    )


def _lookup_failure(closed: bool) -> str:
    if closed:
        return _(
            "Looking up this number by phone digits is closed for an hour after "
            "several wrong tries. Use the tracking code on your receipt, or call 12345."
        )
    return _(
        "No call matches this number and this tracking code or these phone digits. "
        "Check them and try again."
    )


def _show_call(context: dict, tenant, number: str, code: str, rate_form=None) -> None:
    case = public_case_by_number(tenant, number, procedure=services.HOTLINE)
    if case is None:
        return
    context.update(selectors.public_status(case))
    if case.state == "replied":
        context["code_known"] = bool(code)
        context["rate_form"] = rate_form or RateForm(initial={"number": case.number})


def _rate(request, tenant, tracked: dict, address: str):
    """The rating form's POST: needs the call's tracking code (kept or typed)."""
    if throttle.over_limit(("RATINGS_PER_ADDRESS", address)):
        return throttle.refuse(
            request,
            _("Too many ratings from your network. Please try again later."),
        )
    rate_form = RateForm(request.POST)
    context: dict = {"form": StatusForm()}
    if not rate_form.is_valid():
        number = _number_param(request.POST.get("number", ""))
        if number in tracked:
            _show_call(context, tenant, number, tracked[number], rate_form)
        else:
            context["notices"] = [_lookup_failure(False)]
        return render(request, "desk/status.html", context, status=400)
    d = rate_form.cleaned_data
    number = d["number"]
    code = tracked.get(number) or d["code"]
    if not code:
        rate_form.add_error("code", _("Enter the tracking code on your receipt."))
    else:
        try:
            services.rate_call(
                number,
                code,
                d["rating"],
                complaint=d["complaint"],
                tenant=tenant,
            )
        except InvalidData as exc:
            rate_form.add_error(
                "complaint",
                exc.errors.get("complaint")
                if d["complaint"].strip()
                else _("Please tell us why you are not satisfied."),
            )
        except ProcedureError as exc:
            rate_form.add_error(None, exc.message)
        else:
            _remember_tracked(request, number, tracking.normalise(code))
            messages.success(request, _("Thank you: your rating was recorded."))
            url = reverse("desk:status")
            return redirect(f"{url}?{urlencode({'number': number})}")
    if number in tracked:
        _show_call(context, tenant, number, tracked[number], rate_form)
    if "case" not in context:
        # Not shown to this visitor: say why on the lookup form instead.
        context["notices"] = [errors[0] for errors in rate_form.errors.values()]
    return render(request, "desk/status.html", context, status=400)


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


# Each staff page's rule is one decorator, so a form posted from the page (or forged
# without it) is checked exactly as the page is shown.


def district_page(view):
    """Hot issues, their follow-ups and the command screen: for `_sees_district` only."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not _sees_district(request.user, _tenant_for(request.user)):
            raise PermissionDenied(
                _("Only staff who see the whole district may view this page.")
            )
        return view(request, *args, **kwargs)

    return checked


def dispatch_page(view):
    """The dispatcher's queue and what is posted from it: for `_may_dispatch` only."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not _may_dispatch(request.user, _tenant_for(request.user)):
            raise PermissionDenied(
                _("Only the command centre's dispatchers may do this.")
            )
        return view(request, *args, **kwargs)

    return checked


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


def _no_model_notice() -> str:
    """Say so while the district has no routing model: calls then wait for a dispatcher."""
    from .routing import NO_MODEL_MESSAGE, model_missing

    return str(NO_MODEL_MESSAGE) if model_missing() else ""


@login_required
def queue(request):
    """The dispatcher's queue: waiting calls with their top-3 and a dispatch form each.

    The desk's home page: other staff are sent on to the rates (the forms posted from
    here are checked by `dispatch_page`, on the same `_may_dispatch`)."""
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
            "no_model": _no_model_notice(),
        },
    )


@login_required
@require_POST
@dispatch_page
def dispatch(request, number):
    case = case_for_actor(params.path_key(number), request.user)
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
@dispatch_page
def confirm_all(request):
    tenant = _tenant_for(request.user)
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
    return render(
        request,
        "desk/staff_call.html",
        {"form": form, "no_model": _no_model_notice()},
    )


CO_HANDLING_ROLES = {"department_officer", "town_officer"}


@login_required
def co_handling(request):
    """Co-handling requests (协办) of the user's units, with a form to contribute.

    The rows are those of the units where the user is an officer (who may answer for the
    unit, `services.record_contribution`); the call itself belongs to the lead unit, so
    it is not filtered by the case visibility rule. GET and POST read the same rows."""
    mine = (
        CoHandling.objects.filter(
            unit__in=units_where_roles(request.user, roles=CO_HANDLING_ROLES)
        )
        .select_related("case", "unit", "case__unit")
        .order_by("contributed_at", "-assigned_at")
    )
    if request.method == "POST":
        row = mine.filter(pk=params.parse_int(request.POST.get("id"))).first()
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
    """The month asked for (YYYY-MM), else this month: an odd value is ignored."""
    return params.parse_month(value) or timezone.localdate().replace(day=1)


@login_required
def rates(request):
    """The three rates by unit, matter type, channel and month, with rankings."""
    tenant = _tenant_for(request.user)
    months = params.integer(request.GET, "months", 12, maximum=36)
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
@district_page
def hot_issues(request):
    tenant = _tenant_for(request.user)
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
@district_page
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
@district_page
def screen(request):
    tenant = _tenant_for(request.user)
    return render(request, "desk/screen.html", {"d": screen_data(tenant)})


@login_required
@district_page
def screen_json(request):
    tenant = _tenant_for(request.user)
    return JsonResponse(screen_data(tenant), json_dumps_params={"ensure_ascii": False})


@login_required
def catalogue_view(request):
    tenant = _tenant_for(request.user)
    entries = DispatchCatalogueEntry.objects.filter(tenant=tenant).select_related(
        "unit"
    )
    return render(request, "desk/catalogue.html", {"entries": entries})
