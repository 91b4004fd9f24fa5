"""`fazhi catalogue load|stats`: the demo standard catalogue (26 domains × 25 units)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from fazhi.directory.models import Unit
from fazhi.disclosure.catalogue import load_catalogue
from fazhi.disclosure.models import CatalogueItem


def _district(code: str | None) -> Unit:
    qs = Unit.objects.filter(kind="district")
    if code:
        qs = qs.filter(credit_code=code)
    district = qs.order_by("pk").first()
    if district is None:
        raise CommandError(
            _("No district found: load the directory first (fazhi demo load).")
        )
    return district


class Command(BaseCommand):
    help = (
        "The grassroots standard catalogue: `load` creates the DEMO catalogue of 26 "
        "domains for the district and each town and street (idempotent, seeded); "
        "`stats` prints the items per unit."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        load = sub.add_parser("load", help="create the demo catalogue (idempotent)")
        load.add_argument("--district", help="credit code of the district")
        load.add_argument("--seed", type=int, default=2020, help="random seed")
        load.add_argument(
            "--total", type=int, help="items in all (default: the seed's 4366)"
        )
        stats = sub.add_parser("stats", help="print the items per unit")
        stats.add_argument("--district", help="credit code of the district")

    def handle(self, *args, verb: str, **opts) -> None:
        district = _district(opts.get("district"))
        if verb == "load":
            s = load_catalogue(district, seed=opts["seed"], total=opts.get("total"))
            self.stdout.write(
                _(
                    "Catalogue: %(domains)s domains, %(units)s units, %(created)s items "
                    "created, %(existing)s already present, %(total)s in all."
                )
                % s.__dict__
            )
            return
        rows = (
            CatalogueItem.objects.filter(tenant=district.tenant_id or district.pk)
            .values("unit__name")
            .annotate(n=Count("pk"))
            .order_by("unit__path")
        )
        for row in rows:
            self.stdout.write(f"{row['unit__name']}\t{row['n']}")
