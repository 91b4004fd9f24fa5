from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.procedures import registry
from fazhi.procedures.coverage import command as coverage_command
from fazhi.procedures.spec import UNIT_TITLES, diagram


class Command(BaseCommand):
    help = "List, show and check the procedure specs (definitions/*.yaml)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("list", help="list every procedure with its versions")
        show = sub.add_parser(
            "show", help="states, actions, deadlines and the state diagram"
        )
        show.add_argument("key")
        show.add_argument("--version", help="a version other than the newest")
        sub.add_parser(
            "check", help="validate every spec file; non-zero exit on errors"
        )
        cov = sub.add_parser(
            "coverage",
            help="days without a version in force (or with two) per procedure; "
            "non-zero exit on any",
            description="List every procedure with its versions and each range of days "
            "between --from and --to on which no version (or more than one) is in force: "
            "a case opened on such a day is refused. Exits non-zero if there is any.",
        )
        cov.add_argument(
            "--from", dest="first", required=True, help="first day, e.g. 2019-01-01"
        )
        cov.add_argument("--to", dest="last", help="last day (default: today)")
        cov.add_argument(
            "--dir", dest="directory", help="only the spec files in this folder"
        )

    def handle(self, *args, verb, **opts):
        getattr(self, f"do_{verb}")(**opts)

    def do_list(self, **opts):
        by_key, errors = registry.load_all()
        for key, versions in sorted(by_key.items()):
            newest = versions[-1]
            vs = "、".join(
                f"{s.version}（{s.effective_from or '—'}起{f'至{s.effective_to}' if s.effective_to else ''}）"
                for s in versions
            )
            self.stdout.write(f"{key:24} {newest.title}  版本：{vs}")
        for e in errors:
            self.stderr.write(str(e))

    def do_show(self, key, version=None, **opts):
        spec = registry.spec_for(key, version=version)
        w = self.stdout.write
        w(f"{spec.title}（{spec.key}，版本{spec.version}）")
        w(f"依据：{spec.basis}")
        w(
            f"施行：{spec.effective_from or '—'} 至 {spec.effective_to or '今'}；编号：{spec.number}"
        )
        w("角色：" + "、".join(f"{t}（{k}）" for k, t in spec.roles.items()))
        w("\n状态：")
        for s in spec.states.values():
            extra = "（终结）" if s.final else ""
            if s.pauses:
                extra += "，暂停：" + "、".join(
                    spec.deadlines[d].title for d in s.pauses
                )
            w(f"  {s.name:22} {s.title}{extra}")
        w("\n操作：")
        for a in spec.actions.values():
            to = (
                spec.states[a.to].title
                if a.to and a.to in spec.states
                else (a.to or "不变")
            )
            who = "、".join(spec.role_title(r) for r in a.by)
            req = "、".join(f.title for f in a.fields if f.required)
            w(
                f"  {a.name:22} {a.title} → {to}；由{who}"
                + (f"；必填：{req}" if req else "")
            )
        w("\n期限：")
        for d in spec.deadlines.values():
            start = "立案/收件" if d.start == "open" else spec.actions[d.start].title
            mark = "（待核实）" if d.unverified else ""
            w(
                f"  {d.name:22} {d.title}：自{start}起{d.within.n}{UNIT_TITLES[d.within.unit]}；"
                f"依据 {d.basis}{mark}"
            )
        w("\n状态图：")
        w(diagram(spec))

    def do_coverage(self, first, last=None, directory=None, **opts):
        # The command's logic lives in procedures.coverage; this only parses and prints.
        coverage_command(self, first, last, directory)

    def do_check(self, **opts):
        by_key, errors = registry.load_all()
        for e in errors:
            self.stderr.write(str(e))
        if errors:
            raise CommandError(
                _("%(n)d problem(s) in the procedure files.") % {"n": len(errors)}
            )
        n = sum(len(v) for v in by_key.values())
        self.stdout.write(
            _("All %(n)d procedure files are valid (%(k)d procedures).")
            % {"n": n, "k": len(by_key)}
        )
