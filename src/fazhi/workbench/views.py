"""Staff pages: the inbox of cases, a case with its record, opening a case, taking a step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import params
from fazhi.directory.models import Person, Unit
from fazhi.directory.selectors import roles_at, units_visible_to
from fazhi.procedures import engine, registry, selectors
from fazhi.procedures.errors import InvalidData, ProcedureError, UnknownProcedure

from .forms import OpenCaseForm, StepForm

PAGE_SIZE = 25


@login_required
def inbox(request):
    f = request.GET
    cases = selectors.inbox(
        request.user,
        procedure=params.text(f, "procedure") or None,
        unit_id=params.integer(f, "unit"),
        query=params.text(f, "q"),
        include_closed=f.get("closed") == "1",
        assignee=request.user if f.get("mine") == "1" else None,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(f.get("page"))
    for case in page:
        case.light = selectors.light(case.next_due)
    specs = {s.key: s for s in registry.all_specs()}
    for case in page:
        spec = specs.get(case.procedure)
        case.procedure_title = spec.title if spec else case.procedure
        case.state_title = (
            spec.states[case.state].title
            if spec and case.state in spec.states
            else case.state
        )
    query = f.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/inbox.html",
        {
            "page": page,
            "specs": specs.values(),
            "units": units_visible_to(request.user).order_by("path")[:500],
            "filters": {
                k: f.get(k, "") for k in ("procedure", "unit", "q", "closed", "mine")
            },
            "query": query.urlencode(),
            "notifications": request.user.notifications.filter(read_at__isnull=True)[
                :10
            ],
        },
    )


def _display(fields: dict, name: str, value) -> tuple[str, str]:
    """A field's title and its value as a person reads it (choice titles, not keys)."""
    f = fields.get(name)
    if name == "attachments":
        return _("Files"), "、".join(
            f"{a['name']}（{a['sha256'][:12]}）" for a in value
        )
    if name == "assignees":
        return _("Assignees"), "、".join(value) or "—"
    if f is None:
        return {"subject": _("Subject"), "applicant": _("Applicant")}.get(
            name, name
        ), value
    if f.type == "choice":
        value = dict(f.choices).get(value, value)
    elif f.type == "bool":
        value = _("Yes") if value else _("No")
    elif isinstance(value, list):
        value = "、".join(map(str, value))
    return f.title, value


def _case_context(request, case, forms=None):
    spec = registry.spec_for(case.procedure, version=case.procedure_version)
    fields = {f.name: f for f in spec.fields}
    for a in spec.actions.values():
        fields.update({f.name: f for f in a.fields})
    forms = forms or {}
    actions = []
    for a in engine.available_actions(case, request.user):
        form = forms.get(a.name) or StepForm(fields=a.fields, prefix=a.name)
        actions.append({"spec": a, "form": form})
    events = list(selectors.case_timeline(case))
    for e in events:
        e.action_title = (
            spec.actions[e.action].title if e.action in spec.actions else e.action
        )
        e.state_title = (
            spec.states[e.to_state].title if e.to_state in spec.states else e.to_state
        )
    deadlines = list(selectors.case_deadlines(case))
    for d in deadlines:
        if d.kind == "minimum":
            d.light = "minimum" if d.status == "running" else d.status
        else:
            d.light = selectors.light(d.due_at) if d.status == "running" else d.status
    taken = {e.action for e in events}
    can_assign = bool(
        request.user.is_authenticated
        and engine.case_roles(spec) & roles_at(request.user, case.unit)
    )
    follow_ups = []
    for key in sorted(
        {k for a in spec.actions.values() if a.name in taken for k in a.opens}
    ):
        target = registry.spec_for(key)
        if selectors.units_for_opening(request.user, target).exists():
            follow_ups.append(target)
    return {
        "case": case,
        "spec": spec,
        "follow_ups": follow_ups,
        "assignees": list(case.assignees.all()),
        "attachments": list(case.attachments.order_by("uploaded_at", "pk")),
        "can_attach": can_assign,
        "candidates": selectors.assignment_candidates(case, spec) if can_assign else [],
        "state_title": spec.states[case.state].title,
        "data_rows": _data_rows(spec, case.data),
        "deadlines": deadlines,
        "events": events,
        "actions": actions,
        "links": selectors.linked_cases(case, request.user),
        "open_action": "",
    }


def _data_rows(spec, data: dict) -> list[tuple[str, object]]:
    """The case's data as (title, value) rows: each field once, choices by their titles,
    units by their names.

    Steps sharing a field (the outcome of a first and a second judgment) write one value;
    it is shown once, under the title of the first field of that name.
    """
    rows, seen = [], set()
    for f in (*spec.fields, *(f for a in spec.actions.values() for f in a.fields)):
        if f.name in seen or f.name not in data:
            continue
        seen.add(f.name)
        value = data[f.name]
        if f.type == "choice":
            value = dict(f.choices).get(str(value), value)
        elif f.type == "bool":
            value = _("Yes") if value else _("No")
        elif f.type == "unit":
            unit = Unit.objects.filter(credit_code=value).only("name").first()
            value = f"{unit.name}（{value}）" if unit else value
        rows.append((f.title, value))
    return rows


def _expected_version(request, case) -> int | None:
    """The case's version the form was shown with (the case's own when the post names
    none); None for a value no form sends, which the caller refuses."""
    raw = request.POST.get("version")
    if raw is None:
        return case.version
    return params.parse_int(raw)


def _refuse_version(request, case):
    messages.error(
        request,
        _("The form did not say which version of the case it was shown with: reload "
          "the case and try again."),
    )  # fmt: skip
    return redirect("workbench:case-detail", number=case.number)


@login_required
def case_detail(request, number):
    case = selectors.case_for_actor(params.path_key(number), request.user)
    return render(request, "workbench/case_detail.html", _case_context(request, case))


@login_required
@require_POST
def case_act(request, number, action):
    case = selectors.case_for_actor(params.path_key(number), request.user)
    spec = registry.spec_for(case.procedure, version=case.procedure_version)
    a = spec.actions.get(action)
    if a is None:
        raise Http404(_("No such action."))
    version = _expected_version(request, case)
    if version is None:
        return _refuse_version(request, case)
    form = StepForm(request.POST, fields=a.fields, prefix=action)
    if form.is_valid():
        try:
            engine.act(
                case,
                action,
                actor=request.user,
                data=form.spec_data(),
                at=form.cleaned_data.get("at"),
                expected_version=version,
            )
        except InvalidData as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except ProcedureError as exc:
            messages.error(request, exc.message)
            return redirect("workbench:case-detail", number=case.number)
        else:
            messages.success(
                request,
                _("%(action)s: done. The case is now “%(state)s”.")
                % {"action": a.title, "state": spec.states[case.state].title},
            )
            if not selectors.cases_visible_to(request.user).filter(pk=case.pk).exists():
                messages.info(
                    request,
                    _("The case now belongs to %(unit)s, whose cases you do not see.")
                    % {"unit": case.unit.name},
                )
                return redirect("workbench:inbox")
            return redirect("workbench:case-detail", number=case.number)
    context = _case_context(request, case, forms={action: form})
    context["open_action"] = action
    return render(request, "workbench/case_detail.html", context, status=400)


@login_required
def case_new(request):
    specs = [
        s
        for s in registry.all_specs()
        if selectors.units_for_opening(request.user, s).exists()
    ]
    key = params.text(request.GET, "procedure") or params.text(
        request.POST, "procedure"
    )
    if not key:
        return render(
            request, "workbench/case_new.html", {"specs": specs, "spec": None}
        )
    try:
        spec = registry.spec_for(key)
    except UnknownProcedure:
        raise Http404(_("There is no such procedure.")) from None
    parent_number = params.text(request.GET, "parent") or params.text(
        request.POST, "parent"
    )
    parent = (
        selectors.case_for_actor(parent_number, request.user) if parent_number else None
    )
    units = selectors.units_for_opening(request.user, spec)
    if not units.exists():
        messages.error(request, _("You may not open cases of this procedure."))
        return redirect("workbench:case-new")
    form = OpenCaseForm(
        request.POST or None, fields=spec.fields, units=units, prefix="open"
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = engine.open_case(
                spec.key,
                unit=form.cleaned_data["unit"],
                actor=request.user,
                data=form.spec_data(),
                subject=form.cleaned_data["subject"],
                applicant=engine.Applicant(name=form.cleaned_data.get("applicant", "")),
                at=form.cleaned_data.get("at"),
                parent=parent,
            )
        except InvalidData as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except ProcedureError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Case %(number)s opened.") % {"number": case.number}
            )
            return redirect("workbench:case-detail", number=case.number)
    return render(
        request,
        "workbench/case_new.html",
        {"specs": specs, "spec": spec, "form": form, "parent": parent},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def case_assign(request, number):
    case = selectors.case_for_actor(params.path_key(number), request.user)
    version = _expected_version(request, case)
    if version is None:
        return _refuse_version(request, case)
    ids = [params.parse_int(v) for v in request.POST.getlist("assignees")]
    people = list(Person.objects.filter(pk__in=[i for i in ids if i]))
    try:
        engine.assign(
            case,
            assignees=people,
            actor=request.user,
            expected_version=version,
        )
    except ProcedureError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Assignees: %(names)s.") % {"names": "、".join(map(str, people)) or "—"},
        )
    return redirect("workbench:case-detail", number=case.number)


MAX_UPLOAD = 20 * 1024 * 1024


@login_required
@require_POST
def case_attach(request, number):
    case = selectors.case_for_actor(params.path_key(number), request.user)
    version = _expected_version(request, case)
    if version is None:
        return _refuse_version(request, case)
    uploads = request.FILES.getlist("files")
    too_big = [f.name for f in uploads if f.size > MAX_UPLOAD]
    if too_big:
        messages.error(
            request,
            _("%(names)s is larger than 20 MB.") % {"names": "、".join(too_big)},
        )
        return redirect("workbench:case-detail", number=case.number)
    files = [engine.File(f.name, f.read(), f.content_type or "") for f in uploads]
    try:
        engine.attach(
            case,
            files,
            actor=request.user,
            expected_version=version,
        )
    except ProcedureError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(n)d file(s) added to the record.") % {"n": len(files)}
        )
    return redirect("workbench:case-detail", number=case.number)


@login_required
def case_attachment(request, number, pk):
    case = selectors.case_for_actor(params.path_key(number), request.user)
    attachment = case.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("No such file."))
    path = engine.attachment_path(attachment.sha256)
    if not path.exists():
        raise Http404(_("The file is missing from storage."))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
