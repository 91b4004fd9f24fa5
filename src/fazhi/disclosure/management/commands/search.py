"""`fazhi search QUERY [--limit N] [--json]`: the portal's search from the command line."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.disclosure.search import Filters, search
from fazhi.disclosure.services import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Search published documents and the law library (titles, validity, score); "
        "--rebuild rebuilds the full-text index."
    )

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="*", help="Words to find; all must occur.")
        parser.add_argument(
            "--limit", type=int, default=10, help="Number of hits (default 10)."
        )
        parser.add_argument(
            "--offset", type=int, default=0, help="Skip the first N hits."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the results as JSON."
        )
        parser.add_argument(
            "--issuer", help="Only this issuing authority (exact name)."
        )
        parser.add_argument("--year", type=int, help="Only this year of publication.")
        parser.add_argument("--genre", help="Only this genre or level, e.g. 行政法规.")
        parser.add_argument(
            "--validity",
            choices=["valid", "pending", "amended", "repealed", "expired"],
            help="Only this validity.",
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="Rebuild the full-text index first."
        )

    def handle(self, *args, **opts):
        if opts["rebuild"]:
            count = rebuild_search_index()
            self.stdout.write(
                _("Search index rebuilt: %(count)d entries.") % {"count": count}
            )
        query = " ".join(opts["query"]).strip()
        if not query:
            if opts["rebuild"]:
                return
            raise CommandError(_("Please give something to search for."))
        if opts["limit"] < 1:
            raise CommandError(_("--limit must be at least 1."))
        filters = Filters(
            issuer=opts["issuer"],
            year=opts["year"],
            genre=opts["genre"],
            validity=opts["validity"],
        )
        results = search(
            query, filters=filters, limit=opts["limit"], offset=opts["offset"]
        )
        if opts["json"]:
            self.stdout.write(
                json.dumps(results.as_dict(), ensure_ascii=False, indent=1)
            )
            return
        self.stdout.write(
            _("%(total)d results for “%(query)s”")
            % {"total": results.total, "query": query}
        )
        for n, hit in enumerate(results.hits, start=opts["offset"] + 1):
            title = f"{hit.title} {hit.heading}".strip()
            self.stdout.write(
                f"{n:>3}. {title}  [{hit.validity_label or '-'}]  {hit.score:.3f}  {hit.url}"
            )
