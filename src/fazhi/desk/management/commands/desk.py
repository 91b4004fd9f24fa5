"""`fazhi desk <subcommand>`: the call desk from the command line.

Each subcommand is one entry in SUBCOMMANDS: a help text, a function adding its
arguments, and a handler method `handle_<name>`. To add one, write both and list it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.desk.routing import (
    Router,
    RoutingError,
    default_model_path,
    load_catalogue,
    read_feedback,
    read_training_csv,
    uncovered_categories,
)
from fazhi.desk.routing.evaluation import evaluate


def _model_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--model",
        type=Path,
        help=gettext_lazy(
            "model file (default: the district's model in var/desk/router.joblib)"
        ),
    )


def _train_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help=gettext_lazy("training CSV with the columns 留言主题, 留言详情, 一级标签"),
    )
    _model_argument(parser)
    parser.add_argument(
        "--no-feedback",
        action="store_true",
        help=gettext_lazy("leave out the dispatchers' recorded decisions"),
    )


def _evaluate_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help=gettext_lazy("labelled CSV with the columns 留言主题, 留言详情, 一级标签"),
    )
    _model_argument(parser)


def _suggest_arguments(parser: CommandParser) -> None:
    parser.add_argument("text", help=gettext_lazy("the message text"))
    _model_argument(parser)
    parser.add_argument(
        "-k", type=int, default=3, help=gettext_lazy("how many suggestions")
    )


def _catalogue_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--file",
        type=Path,
        help=gettext_lazy("catalogue CSV to check (default: the district's catalogue)"),
    )
    _model_argument(parser)


def _catalogue_load_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--file",
        type=Path,
        help=gettext_lazy(
            "catalogue CSV to load (default: var/desk/dispatch_catalogue.csv)"
        ),
    )


def _export_overrides_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help=gettext_lazy(
            "CSV file to write (training format: 留言主题, 留言详情, 一级标签)"
        ),
    )


def _escalate_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="username",
        default="command_chief",
        help=gettext_lazy("user who escalates (dispatcher or command chief)"),
    )


def _rates_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--by",
        choices=["unit", "category", "channel", "month"],
        default="month",
        help=gettext_lazy("breakdown"),
    )


SUBCOMMANDS: dict[str, tuple[str, Callable[[CommandParser], None]]] = {
    "train": (
        gettext_lazy("train the routing model on a CSV of labelled messages"),
        _train_arguments,
    ),
    "evaluate": (
        gettext_lazy("score the routing model on a CSV of labelled messages"),
        _evaluate_arguments,
    ),
    "suggest": (
        gettext_lazy("show the routing model's suggestions for one message"),
        _suggest_arguments,
    ),
    "catalogue": (
        gettext_lazy("check and show the dispatch catalogue"),
        _catalogue_arguments,
    ),
    "catalogue-load": (
        gettext_lazy("load the dispatch catalogue CSV into the database"),
        _catalogue_load_arguments,
    ),
    "export-overrides": (
        gettext_lazy(
            "write the dispatchers' overrides as a training CSV (for train --data)"
        ),
        _export_overrides_arguments,
    ),
    "escalate": (
        gettext_lazy("escalate every overdue call once (run daily)"),
        _escalate_arguments,
    ),
    "rates": (
        gettext_lazy("print the three rates of the calls"),
        _rates_arguments,
    ),
}


class Command(BaseCommand):
    help = gettext_lazy(
        "The call desk (有呼必应 / 企业呼): routing model and dispatch catalogue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(
            dest="subcommand", metavar="SUBCOMMAND", required=True
        )
        for name, (help_text, add) in SUBCOMMANDS.items():
            add(subparsers.add_parser(name, help=help_text, description=str(help_text)))

    def handle(self, *args, subcommand: str, **options) -> None:
        try:
            getattr(self, f"handle_{subcommand.replace('-', '_')}")(**options)
        except RoutingError as exc:
            raise CommandError(exc.message) from exc

    def _model_path(self, options: dict) -> Path:
        return options.get("model") or default_model_path()

    def handle_train(self, *, data: Path, no_feedback: bool = False, **options) -> None:
        texts, labels = read_training_csv(data)
        self.stdout.write(
            _("Training data: %(count)d messages from %(file)s")
            % {"count": len(texts), "file": data}
        )
        if not no_feedback:
            extra_texts, extra_labels = read_feedback()
            if extra_texts:
                texts, labels = texts + extra_texts, labels + extra_labels
                self.stdout.write(
                    _("Dispatcher decisions added: %(count)d")
                    % {"count": len(extra_texts)}
                )
        started = time.perf_counter()
        router = Router.train(texts, labels)
        seconds = time.perf_counter() - started
        path = self._model_path(options)
        router.save(path)
        counts = router.metadata["counts"]
        self.stdout.write(_("Training size: %(count)d") % {"count": len(texts)})
        self.stdout.write(
            _("Categories (%(count)d): %(labels)s")
            % {
                "count": len(counts),
                "labels": "、".join(f"{label} {n}" for label, n in counts.items()),
            }
        )
        self.stdout.write(_("Training time: %(seconds).1f s") % {"seconds": seconds})
        self.stdout.write(_("Model saved to %(path)s") % {"path": path})

    def handle_evaluate(self, *, data: Path, **options) -> None:
        router = Router.load(self._model_path(options))
        texts, labels = read_training_csv(data)
        result = evaluate(router, texts, labels)
        unknown = [label for label in result.labels if label not in router.labels]
        self.stdout.write(_("Messages evaluated: %(count)d") % {"count": result.size})
        self.stdout.write(_("Accuracy: %(value).4f") % {"value": result.accuracy})
        self.stdout.write(f"macro-F1: {result.macro_f1:.4f}")
        if unknown:
            self.stdout.write(
                _("Categories the model never learnt (counted as errors): %(labels)s")
                % {"labels": "、".join(unknown)}
            )
        self.stdout.write("")
        self.stdout.write(_("F1 per category:"))
        width = max(_display_width(label) for label in result.labels)
        for label in result.labels:
            self.stdout.write(
                f"  {_pad(label, width)}  F1 {result.f1[label]:.4f}  "
                + _("(%(count)d messages)") % {"count": result.support[label]}
            )
        self.stdout.write("")
        self.stdout.write(
            _(
                "Confusion matrix (rows: true category, columns: predicted; columns numbered as the rows):"
            )
        )
        n = len(result.labels)
        cell = max(4, len(str(result.confusion.max())) + 1)
        self.stdout.write(
            " " * (width + 6) + "".join(f"{j + 1:>{cell}}" for j in range(n))
        )
        for i, label in enumerate(result.labels):
            row = "".join(f"{v:>{cell}}" for v in result.confusion[i])
            self.stdout.write(f"  {i + 1:>2} {_pad(label, width)}{row}")

    def handle_suggest(self, *, text: str, k: int = 3, **options) -> None:
        router = Router.load(self._model_path(options))
        for suggestion in router.suggest(text, k=k):
            self.stdout.write(f"{suggestion.label}\t{suggestion.confidence:.4f}")

    def handle_catalogue(self, *, file: Path | None = None, **options) -> None:
        entries = load_catalogue(file)
        for entry in entries.values():
            self.stdout.write(
                "\t".join(
                    [
                        entry.category,
                        entry.unit,
                        entry.level,
                        str(entry.time_limit_workdays),
                    ]
                )
            )
        path = self._model_path(options)
        if path.is_file():
            missing = uncovered_categories(Router.load(path).labels, entries)
            if missing:
                raise CommandError(
                    _(
                        "Categories of the model without a row in the catalogue: %(labels)s"
                    )
                    % {"labels": "、".join(missing)}
                )


def _display_width(text: str) -> int:
    """Return the terminal width of text: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


class _DeskCommands:
    """Subcommands over the call records (desk services), mixed into Command."""

    def handle_catalogue_load(self, *, file: Path | None = None, **options) -> None:
        from fazhi.desk import services

        try:
            counts = services.load_catalogue_file(path=file)
        except services.DeskError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _("Catalogue loaded: %(created)d new, %(updated)d updated rows.") % counts
        )

    def handle_export_overrides(self, *, out: Path, **options) -> None:
        from fazhi.desk.models import RoutingOverride
        from fazhi.desk.routing import write_training_csv

        rows = [
            ("", o.text, o.chosen_category)
            for o in RoutingOverride.objects.order_by("at")
        ]
        write_training_csv(out, rows)
        self.stdout.write(
            _("%(count)d overrides written to %(path)s")
            % {"count": len(rows), "path": out}
        )

    def handle_escalate(self, *, username: str, **options) -> None:
        from fazhi.desk import services
        from fazhi.directory.models import Person
        from fazhi.procedures.errors import ProcedureError

        actor = Person.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
        try:
            done = services.escalate_overdue(actor=actor)
        except ProcedureError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("%(n)d overdue calls escalated.") % {"n": len(done)})
        for number in done:
            self.stdout.write(f"  {number}")

    def handle_rates(self, *, by: str, **options) -> None:
        from fazhi.desk import metrics, services

        facts = metrics.call_facts(services.default_tenant())
        rows = [*metrics.breakdown(facts, by), metrics.summarise(facts, label="合计")]
        head = [_("Calls"), *(str(n) for n in metrics.RATE_NAMES.values())]
        self.stdout.write("\t".join(["", *head]))
        for r in rows:
            self.stdout.write(
                "\t".join(
                    [
                        r.label,
                        str(r.calls),
                        r.response.display,
                        r.resolution.display,
                        r.satisfaction.display,
                    ]
                )
            )


# argparse needs a str description: resolve the lazy help text when the parser is built.
Command = type(
    "Command",
    (_DeskCommands, Command),
    {"help": property(lambda self, _h=Command.help: str(_h))},
)
