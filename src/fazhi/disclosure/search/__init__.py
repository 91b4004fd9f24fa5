"""Chinese full-text search over published documents and the law library.

    >>> results = search("行政复议 受理", filters=Filters(validity="valid"), limit=10)
    >>> results.total, results.hits[0].title, results.hits[0].snippet

Every whitespace-separated term must occur as written (a phrase of character bigrams);
titles weigh more than bodies and current law more than superseded versions.
"""

from dataclasses import asdict, dataclass, field

from ..models import SearchEntry, Validity
from .backends import Filters, backend_for
from .grams import parse_query
from .text import snippet

__all__ = ["Filters", "SearchHit", "SearchResults", "search"]

MAX_LIMIT = 200


@dataclass
class SearchHit:
    """One result: what to show and where it links."""

    id: int
    kind: str
    title: str
    heading: str
    snippet: str  # escaped HTML with <mark> around matches
    validity: str
    validity_label: str
    issuer_name: str
    year: int | None
    genre: str
    score: float
    url: str


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [asdict(h) for h in self.hits],
        }


def search(
    query: str, *, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> SearchResults:
    """Return published documents and library articles matching every term of *query*.

    A term of two or more characters matches exactly that substring; a lone Han
    character matches words starting with it. An empty query returns no hits.
    """
    terms = parse_query(query)
    if not terms:
        return SearchResults(query=query, total=0)
    limit = max(1, min(limit, MAX_LIMIT))
    ranked, total = backend_for().query(
        terms, filters or Filters(), limit, max(0, offset)
    )
    rows = SearchEntry.objects.in_bulk([pk for pk, _ in ranked])
    labels = dict(Validity.choices)
    hits = []
    for pk, score in ranked:
        e = rows[pk]
        hits.append(
            SearchHit(
                id=pk,
                kind=e.kind,
                title=e.title,
                heading=e.heading,
                snippet=snippet(e.text, query),
                validity=e.validity,
                validity_label=str(labels.get(e.validity, "")),
                issuer_name=e.issuer_name,
                year=e.year,
                genre=e.genre,
                score=round(float(score), 4),
                url=e.url,
            )
        )
    return SearchResults(query=query, total=total, hits=hits)
