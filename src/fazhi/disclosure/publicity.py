"""Enforcement publicity (行政执法公示, 双公示): decisions published with personal data hidden.

When a case enters a state that its procedure's `publish:` rules name with a publicity kind
(penalty_decision, licensing_decision), `handle_case_change` drafts a `PublicityRecord`:
the decision text, its personal data found and replaced (natural persons' names, ID, phone
and bank card numbers, e-mail, home addresses below street level; legal persons' names and
credit codes stay). An officer reviews the highlighted spans, removes a false one or adds a
missed name, and approves: a Document (体裁 行政处罚决定, with its index number) is published
and the case's publication deadline (7 working days, 国办发〔2018〕118号) is met by acting on
the step that stops it. A rule with `withdraw: true` (the decision revoked), or an action
that restarts the publication deadline (the decision changed), withdraws the publication
(行政处罚法 art. 48 ¶2: within 3 working days, with reasons); the page stays as a tombstone.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from html import escape

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Person
from fazhi.directory.selectors import roles_at
from fazhi.procedures import engine
from fazhi.procedures.errors import ProcedureError
from fazhi.procedures.models import Case, Deadline, DeadlineStatus, Event
from fazhi.procedures.registry import spec_for

from . import services
from .models import Document, PublicityRecord, PublicityStatus
from .redaction import Span, find_personal_data, redact

log = logging.getLogger(__name__)

# The `what` of a publish rule that this module publishes, with its genre (体裁).
KINDS = {
    "penalty_decision": "行政处罚决定",
    "licensing_decision": "行政许可决定",
}
CATEGORY = "行政执法公示"
# Deadlines met by publishing and by withdrawing, by the name the specs give them.
PUBLICATION_DEADLINES = ("publication",)
WITHDRAWAL_PREFIX = "withdrawal"

_ORGANISATION = re.compile(
    r"(公司|集团|商行|商店|超市|经营部|门市部|批发部|厂|店|酒店|宾馆|饭店|酒楼|餐厅|医院|诊所|"
    r"药房|学校|幼儿园|合作社|中心|协会|事务所|工作室|委员会|银行|社|场|站|馆|部|行|院|所)$"
)


class PublicityError(services.DisclosureError):
    code = "publicity"


def is_legal_person(name: str) -> bool:
    """Whether a party's name reads as an organisation's (its name stays public)."""
    return bool(_ORGANISATION.search(name.strip()))


# --- drafting --------------------------------------------------------------------------


def _value(f, value) -> str:
    if f.type == "choice":
        return dict(f.choices).get(value, str(value))
    if f.type == "bool":
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def _entering_action(case: Case) -> str:
    """The action that brought the case into its current state."""
    ev = (
        case.events.filter(to_state=case.state)
        .exclude(from_state=case.state)
        .order_by("-seq")
        .first()
    )
    return ev.action if ev else ""


def decision_text(case: Case) -> str:
    """Compose the publication text of the decision from the case, one line per field:
    the agency, the opening fields (party, offence ...) and the fields of the step that
    decided (decision number, penalty, facts ...), with their current values."""
    spec = spec_for(case.procedure, version=case.procedure_version)
    lines = [f"作出决定的机关：{case.unit.name}"]
    fields = list(spec.fields)
    action = spec.actions.get(_entering_action(case))
    if action is not None:
        fields += [f for f in action.fields if f.type not in ("officers", "person")]
    seen = set()
    for f in fields:
        value = case.data.get(f.name)
        if f.name in seen or value in (None, "", []):
            continue
        seen.add(f.name)
        lines.append(f"{f.title}：{_value(f, value)}")
    return "\n".join(lines)


def _party(case: Case) -> tuple[str, bool]:
    name = (case.data.get("party") or case.applicant_name or "").strip()
    if case.applicant_kind == "person":
        return name, True
    if case.applicant_kind == "organisation":
        return name, False
    return name, bool(name) and not is_legal_person(name)


def _staff_names(case: Case) -> list[str]:
    """Names of the officers who acted: published with their certificates, so kept."""
    ids = set(case.events.exclude(actor=None).values_list("actor_id", flat=True))
    return [
        n
        for n in Person.objects.filter(pk__in=ids).values_list("real_name", flat=True)
        if n
    ]


def _spans(record: PublicityRecord) -> list[Span]:
    return [Span(s["start"], s["end"], s["kind"], s["text"]) for s in record.spans]


def _find(case: Case, text: str, party: str, is_person: bool) -> list[Span]:
    return find_personal_data(
        text,
        known_names=[party] if is_person and party else [],
        keep=_staff_names(case),
    )


@transaction.atomic
def draft_publicity(case: Case, *, what: str) -> PublicityRecord:
    """Draft (or redraft) the publication of `case`'s decision with personal data hidden.

    An unreviewed draft of the same case is replaced; a published one is left alone.
    """
    text = decision_text(case)
    party, is_person = _party(case)
    spans = _find(case, text, party, is_person)
    event = case.events.order_by("-seq").first()
    decided_on = timezone.localdate(event.at) if event else timezone.localdate()
    decision_no = str(case.data.get("decision_no", ""))[:100]
    title = f"{KINDS[what]}信息公示（{decision_no or case.number}）"
    values = {
        "tenant_id": case.tenant_id,
        "unit_id": case.unit_id,
        "what": what,
        "title": title[:300],
        "decision_no": decision_no,
        "party": party[:200],
        "party_is_person": is_person,
        "decided_on": decided_on,
        "original": text,
        "spans": [s.as_dict() for s in spans],
        "added_names": [],
        "redacted": redact(text, spans),
    }
    record = (
        PublicityRecord.objects.select_for_update()
        .filter(case=case, status=PublicityStatus.DRAFT)
        .first()
    )
    if record is None:
        return PublicityRecord.objects.create(case=case, **values)
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


def handle_case_change(case: Case, event: Event) -> None:
    """React to one committed step of a case, as its spec's `publish:` rules say.

    Entering a state with a publicity rule drafts the publication; entering one with
    `withdraw: true` withdraws it; an action that restarts the publication deadline of a
    decided case (the decision changed) withdraws the old publication and drafts anew.
    """
    spec = spec_for(case.procedure, version=case.procedure_version)
    rules = {
        state: rule for state, rule in spec.publish.items() if rule.get("what") in KINDS
    }
    if not rules:
        return
    if event.from_state == event.to_state:
        action = spec.actions.get(event.action)
        rule = rules.get(case.state)
        if (
            action is not None
            and rule is not None
            and not rule.get("withdraw")
            and set(action.restarts) & set(PUBLICATION_DEADLINES)
        ):
            reason = _reason(spec, event, _("The decision was changed"))
            withdraw_case_publicity(case, actor=event.actor, reason=reason)
            draft_publicity(case, what=rule["what"])
        return
    rule = rules.get(event.to_state)
    if rule is None:
        return
    if rule.get("withdraw"):
        reason = _reason(spec, event, spec.states[event.to_state].title)
        withdraw_case_publicity(case, actor=event.actor, reason=reason)
    else:
        draft_publicity(case, what=rule["what"])


def _reason(spec, event: Event, head: str) -> str:
    action = spec.actions.get(event.action)
    parts = []
    for f in action.fields if action else ():
        value = event.data.get(f.name)
        if value not in (None, ""):
            parts.append(f"{f.title}：{_value(f, value)}")
    return f"{head}。{'；'.join(parts)}" if parts else head


# --- review ----------------------------------------------------------------------------


def may_review(person: Person, record: PublicityRecord) -> bool:
    """Whether `person` holds a role of the case's procedure at the deciding agency."""
    if person.is_superuser:
        return True
    spec = spec_for(record.case.procedure, version=record.case.procedure_version)
    return bool(roles_at(person, record.unit) & set(spec.roles))


def _require_reviewer(person: Person, record: PublicityRecord) -> None:
    if not may_review(person, record):
        raise PublicityError(
            _("Only the staff of %(unit)s may review this publication.")
            % {"unit": record.unit.name}
        )


def _require_draft(record: PublicityRecord) -> None:
    if record.status != PublicityStatus.DRAFT:
        raise PublicityError(_("Only a draft awaiting review can be changed."))


@transaction.atomic
def revise_spans(
    record: PublicityRecord,
    *,
    actor: Person,
    remove: list[int] = (),
    add: list[str] = (),
) -> PublicityRecord:
    """Apply the reviewer's corrections: drop the spans at the `remove` positions (false
    hits), and hide every occurrence of each text in `add` (a missed name) as a name."""
    _require_reviewer(actor, record)
    _require_draft(record)
    spans = [s for i, s in enumerate(_spans(record)) if i not in set(remove)]
    added = list(record.added_names)
    for text in (t.strip() for t in add):
        if not text:
            continue
        if text not in record.original:
            raise PublicityError(
                _("“%(text)s” does not occur in the decision text.") % {"text": text},
                field="add",
            )
        added.append(text)
        for m in re.finditer(re.escape(text), record.original):
            if not any(m.start() < s.end and s.start < m.end() for s in spans):
                spans.append(Span(m.start(), m.end(), "person_name", text))
    spans.sort(key=lambda s: s.start)
    record.spans = [s.as_dict() for s in spans]
    record.added_names = added
    record.redacted = redact(record.original, spans)
    record.save(update_fields=["spans", "added_names", "redacted"])
    return record


def _body_html(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line)


def _meet(case: Case, actor: Person | None, names, value: str, *, strict: bool) -> None:
    """Take the step that stops each running deadline in `names` (a tuple of names, or a
    prefix string), filling its required text fields with `value`."""
    spec = spec_for(case.procedure, version=case.procedure_version)
    running = Deadline.objects.filter(
        case=case, status__in=[DeadlineStatus.RUNNING, DeadlineStatus.PAUSED]
    ).values_list("name", flat=True)
    wanted = [
        n
        for n in running
        if (n.startswith(names) if isinstance(names, str) else n in names)
    ]
    for name in wanted:
        case.refresh_from_db()
        d = spec.deadlines.get(name)
        actions = [spec.actions[a] for a in (d.stop_actions if d else ())]
        action = next((a for a in actions if case.state in a.from_states), None)
        if action is None:
            continue
        data = {
            f.name: value
            for f in action.fields
            if f.required and f.type in ("text", "longtext")
        }
        if strict:
            engine.act(case, action.name, actor=actor, data=data)
            continue
        try:
            with transaction.atomic():
                engine.act(case, action.name, actor=actor, data=data)
        except ProcedureError as exc:
            log.warning("could not record %s on %s: %s", action.name, case, exc)


@transaction.atomic
def approve_publicity(record: PublicityRecord, *, actor: Person) -> Document:
    """Publish the reviewed draft: a Document with an index number, and the case's
    publication step taken (meeting the 7-working-day deadline).

    Raises PublicityError (not a draft, not a reviewer) and ActionNotAllowed when the
    actor may not record the publication on the case; nothing is written then.
    """
    record = PublicityRecord.objects.select_for_update().get(pk=record.pk)
    _require_reviewer(actor, record)
    _require_draft(record)
    document = services.create_document(
        tenant=record.tenant,
        issuer=record.unit,
        title=record.title,
        category=CATEGORY,
        genre=KINDS.get(record.what, "")[:30],
        doc_number=record.decision_no,
        written_on=record.decided_on,
        keywords=f"双公示 {KINDS.get(record.what, '')}",
        audience="全社会",
        body=_body_html(record.redacted),
    )
    services.publish_document(document)
    record.status = PublicityStatus.PUBLISHED
    record.document = document
    record.reviewed_by = actor
    record.published_at = timezone.now()
    record.save(update_fields=["status", "document", "reviewed_by", "published_at"])
    _meet(record.case, actor, PUBLICATION_DEADLINES, document.index_number, strict=True)
    return document


@transaction.atomic
def withdraw_case_publicity(case: Case, *, actor: Person | None, reason: str) -> int:
    """Withdraw every publication of `case` (its decision changed or revoked); return
    how many. Published documents become tombstones with the reason; unreviewed drafts
    are cancelled. The withdrawal deadline is met when the actor may take that step."""
    withdrawn = 0
    for record in PublicityRecord.objects.select_for_update().filter(
        case=case, status__in=[PublicityStatus.DRAFT, PublicityStatus.PUBLISHED]
    ):
        if record.status == PublicityStatus.PUBLISHED and record.document_id:
            services.withdraw_document(record.document, reason=reason)
            withdrawn += 1
            record.status = PublicityStatus.WITHDRAWN
        else:
            record.status = PublicityStatus.CANCELLED
        record.withdrawn_at = timezone.now()
        record.withdraw_reason = reason
        record.save(update_fields=["status", "withdrawn_at", "withdraw_reason"])
    if withdrawn:
        _meet(case, actor, WITHDRAWAL_PREFIX, reason, strict=False)
    return withdrawn


# --- reads and export ------------------------------------------------------------------


def publicity_records(units, *, status: str = "", year: int | None = None) -> QuerySet:
    """Return the publicity records of `units` (a queryset or list), newest first."""
    qs = PublicityRecord.objects.filter(unit__in=units)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(decided_on__year=year)
    return qs.select_related("unit", "case", "document").order_by("-decided_on", "-pk")


EXPORT_HEADER = [
    "索引号",
    "决定书文号",
    "类别",
    "行政执法机关",
    "执法机关统一社会信用代码",
    "当事人",
    "作出决定日期",
    "公示日期",
    "状态",
    "撤回日期",
    "撤回理由",
    "案件编号",
    "公示内容",
]


def _public_party(record: PublicityRecord) -> str:
    if not record.party_is_person:
        return record.party
    return redact(record.party, known_names=[record.party])


def export_rows(records) -> list[list[str]]:
    """Return the 双公示 rows (with the header) of `records`: only public data, i.e. the
    redacted text and the party's name hidden when a natural person."""
    status = dict(PublicityStatus.choices)
    rows = [EXPORT_HEADER]
    for r in records:
        if r.status not in (PublicityStatus.PUBLISHED, PublicityStatus.WITHDRAWN):
            continue
        rows.append(
            [
                r.document.index_number if r.document else "",
                r.decision_no,
                KINDS.get(r.what, r.what),
                r.unit.name,
                r.unit.credit_code,
                _public_party(r),
                r.decided_on.isoformat(),
                timezone.localdate(r.published_at).isoformat()
                if r.published_at
                else "",
                str(status[r.status]),
                timezone.localdate(r.withdrawn_at).isoformat()
                if r.withdrawn_at
                else "",
                r.withdraw_reason,
                r.case.number,
                r.redacted,
            ]
        )
    return rows


def export_csv(records) -> bytes:
    """The rows as CSV, UTF-8 with a byte-order mark so that Excel reads the Chinese."""
    out = io.StringIO()
    csv.writer(out).writerows(export_rows(records))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(records) -> bytes:
    """The rows as an Excel workbook (one sheet, 双公示)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "双公示"
    for row in export_rows(records):
        ws.append(row)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
