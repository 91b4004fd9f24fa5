import datetime as dt
import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Person, Unit
from fazhi.procedures import engine, registry
from fazhi.procedures.errors import InvalidData, ProcedureError
from fazhi.procedures.models import Case
from fazhi.procedures.selectors import case_as_dict


def _person(username: str) -> Person:
    person = Person.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise CommandError(
            _("There is no active user “%(name)s”.") % {"name": username}
        )
    return person


def _json(text: str | None) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("--data is not valid JSON: %(error)s") % {"error": exc}
        ) from exc
    if not isinstance(value, dict):
        raise CommandError(
            _('--data must be a JSON object, e.g. \'{"reason": "..."}\'.')
        )
    return value


def _at(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("--at must be a date and time like 2020-09-30T10:00 (got “%(value)s”).")
            % {"value": text}
        ) from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise CommandError(_("--at cannot be in the future."))
    return moment


class Command(BaseCommand):
    help = "Open, act on, show and import cases through the procedure engine."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        o = sub.add_parser("open", help="open a case of procedure KEY")
        o.add_argument("key")
        o.add_argument("--unit", required=True, help="credit code of the owning unit")
        o.add_argument("--as", dest="username", required=True, help="acting user")
        o.add_argument("--data", help="case fields as a JSON object")
        o.add_argument("--subject", default="", help="short subject of the matter")
        o.add_argument("--applicant", default="", help="applicant's name")
        o.add_argument(
            "--at", help="when it really happened (补录), e.g. 2020-09-30T10:00"
        )
        a = sub.add_parser("act", help="take ACTION on case NUMBER")
        a.add_argument("number")
        a.add_argument("action")
        a.add_argument("--as", dest="username", required=True, help="acting user")
        a.add_argument("--data", help="the action's fields as a JSON object")
        a.add_argument("--at", help="when it really happened (补录)")
        a.add_argument(
            "--expected-version", type=int, help="refuse if the case changed since"
        )
        s = sub.add_parser("show", help="state, events and deadlines of case NUMBER")
        s.add_argument("number")
        s.add_argument("--json", action="store_true", help="print JSON")
        i = sub.add_parser(
            "import", help="load historical cases from a JSON Lines file"
        )
        i.add_argument("file", help="JSON Lines file, one case per line (- for stdin)")
        i.add_argument("--batch", type=int, default=500)

    def handle(self, *args, verb, **opts):
        try:
            getattr(self, f"do_{verb}")(**opts)
        except ProcedureError as exc:
            raise CommandError(exc.message) from exc

    def _case(self, number: str) -> Case:
        case = Case.objects.select_related("unit").filter(number=number).first()
        if case is None:
            raise CommandError(_("There is no case %(number)s.") % {"number": number})
        return case

    def do_open(self, key, unit, username, data, subject, applicant, at, **opts):
        owner = Unit.objects.filter(credit_code=unit.strip().upper()).first()
        if owner is None:
            raise CommandError(
                _("There is no unit with credit code %(code)s.") % {"code": unit}
            )
        case = engine.open_case(
            key,
            unit=owner,
            actor=_person(username),
            data=_json(data),
            subject=subject,
            applicant=engine.Applicant(name=applicant),
            at=_at(at),
        )
        self.stdout.write(case.number)

    def do_act(self, number, action, username, data, at, expected_version, **opts):
        case = self._case(number)
        engine.act(
            case,
            action,
            actor=_person(username),
            data=_json(data),
            at=_at(at),
            expected_version=expected_version,
        )
        spec = registry.spec_for(case.procedure, version=case.procedure_version)
        self.stdout.write(
            _("%(number)s is now: %(state)s")
            % {"number": number, "state": spec.states[case.state].title}
        )

    def do_show(self, number, json=False, **opts):
        case = self._case(number)
        data = case_as_dict(case)
        if json:
            import json as _json_mod

            self.stdout.write(_json_mod.dumps(data, ensure_ascii=False, indent=2))
            return
        w = self.stdout.write
        w(
            f"{data['number']}  {data['procedure']}（版本{data['procedure_version']}）  状态：{data['state']}"
        )
        w(f"承办单位：{data['unit']}  事项：{data['subject']}")
        w("期限：")
        for d in data["deadlines"]:
            mark = "（暂定）" if d["provisional"] else ""
            w(f"  [{d['status']}] {d['explanation']}{mark}")
        w("过程记录：")
        for e in data["events"]:
            w(
                f"  #{e['seq']} {e['at'][:16]} {e['actor']} {e['action']} {e['from']}→{e['to']}"
            )

    def do_import(self, file, batch, **opts):
        stream = sys.stdin if file == "-" else None
        if stream is None:
            try:
                stream = open(file, encoding="utf-8")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
                ) from exc

        def records():
            for n, line in enumerate(stream, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InvalidData(
                            {"line": f"第{n}行不是合法的JSON：{exc}"}
                        ) from exc

        started = time.perf_counter()

        def progress(stats):
            rate = stats["events"] / max(time.perf_counter() - started, 1e-9)
            self.stderr.write(
                f"\r已导入 {stats['cases']} 件案件、{stats['events']} 条记录（{rate:,.0f} 条/秒）",
                ending="",
            )

        try:
            stats = engine.import_cases(records(), batch_size=batch, progress=progress)
        finally:
            if stream is not sys.stdin:
                stream.close()
        elapsed = time.perf_counter() - started
        self.stderr.write("")
        self.stdout.write(
            _(
                "Imported %(cases)d cases with %(events)d events in %(s).1f s (%(eps)d events/s)."
            )
            % {
                "cases": stats["cases"],
                "events": stats["events"],
                "s": elapsed,
                "eps": int(stats["events"] / max(elapsed, 1e-9)),
            }
        )
