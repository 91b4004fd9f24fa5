"""The two full-text engines behind `disclosure.search`: SQLite FTS5 and PostgreSQL.

Both index the same positional bigrams (`grams.tokens`) of two columns, title and body,
and answer the same query: every term a phrase of consecutive bigrams, all terms
required, ranked by relevance with the title weighted up, times the entry's `boost`
(current law above superseded versions). The caller picks one with `backend_for()`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from .grams import is_prefix_term, tokens

TITLE_WEIGHT = 6.0
# PostgreSQL keeps positions up to 16383 and 256 per lexeme; longer texts lose
# phrase precision beyond that point, never recall.
PG_MAX_POS = 16383


@dataclass(frozen=True)
class Filters:
    """Optional restrictions; None means no restriction."""

    issuer: int | str | None = None
    year: int | None = None
    genre: str | None = None
    validity: str | Sequence[str] | None = None
    kind: str | None = None
    tenant: int | None = None

    def where(self) -> tuple[list[str], list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if isinstance(self.issuer, int):
            clauses.append("e.issuer_id = %s")
            params.append(self.issuer)
        elif self.issuer:
            clauses.append("e.issuer_name = %s")
            params.append(self.issuer)
        for column, value in (
            ("year", self.year),
            ("genre", self.genre),
            ("kind", self.kind),
        ):
            if value not in (None, ""):
                clauses.append(f"e.{column} = %s")
                params.append(value)
        if isinstance(self.validity, str) and self.validity:
            clauses.append("e.validity = %s")
            params.append(self.validity)
        elif self.validity:
            clauses.append(f"e.validity IN ({', '.join(['%s'] * len(self.validity))})")
            params.extend(self.validity)
        if self.tenant is not None:
            clauses.append("(e.tenant_id IS NULL OR e.tenant_id = %s)")
            params.append(self.tenant)
        return clauses, params


Row = tuple[int, str, str]  # (entry id, title, body) as indexed


class SqliteBackend:
    """A contentless FTS5 table, `unicode61` over space-joined bigrams, rowid = entry id."""

    table = "disclosure_search_fts"

    def add(self, rows: Iterable[Row]) -> None:
        data = [(pk, " ".join(tokens(t)), " ".join(tokens(b))) for pk, t, b in rows]
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.table}(rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                data,
            )

    def remove(self, rows: Iterable[Row]) -> None:
        # A contentless table forgets its text; FTS5 deletes a row given the same
        # tokens it indexed, which we rebuild from the entry's stored text.
        data = [(pk, " ".join(tokens(t)), " ".join(tokens(b))) for pk, t, b in rows]
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.table}({self.table}, rowid, title, body) "  # noqa: S608
                "VALUES ('delete', %s, %s, %s)",
                data,
            )

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {self.table}({self.table}) VALUES ('delete-all')")  # noqa: S608

    @staticmethod
    def match_expression(terms: list[list[str]]) -> str:
        parts = []
        for term in terms:
            if is_prefix_term(term):
                parts.append(f"{term[0]}*")
            else:
                parts.append('"' + " ".join(term) + '"')
        return " AND ".join(parts)

    def query(
        self, terms: list[list[str]], filters: Filters, limit: int, offset: int
    ) -> tuple[list[tuple[int, float]], int]:
        clauses, params = filters.where()
        where = "".join(f" AND {c}" for c in clauses)
        base = (
            f"FROM (SELECT rowid AS id, -bm25({self.table}, {TITLE_WEIGHT}, 1.0) AS r "  # noqa: S608
            f"FROM {self.table} WHERE {self.table} MATCH %s) m "
            f"JOIN disclosure_searchentry e ON e.id = m.id WHERE 1 = 1{where}"
        )
        args = [self.match_expression(terms), *params]
        with connection.cursor() as cur:
            cur.execute(
                "SELECT e.id, m.r * e.boost AS s, "
                f"count(*) OVER () {base} ORDER BY s DESC, e.id LIMIT %s OFFSET %s",
                [*args, limit, offset],
            )
            rows = cur.fetchall()
            if rows:
                return [(pk, score) for pk, score, _ in rows], rows[0][2]
            if offset:
                cur.execute(f"SELECT count(*) {base}", args)
                return [], cur.fetchone()[0]
        return [], 0


def tsvector_literal(title: str, body: str) -> str:
    """Return a tsvector literal: title bigrams weighted A, body bigrams D, with positions."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for text, weight in ((title, "A"), (body, "D")):
        for tok in tokens(text):
            pos += 1
            if pos > PG_MAX_POS:
                break
            positions.setdefault(tok, []).append(f"{pos}{weight}")
        pos += 1  # a gap, so no phrase spans title and body
    return " ".join(f"'{tok}':{','.join(p[:256])}" for tok, p in positions.items())


def tsquery_literal(terms: list[list[str]]) -> str:
    """Return the tsquery for *terms*: phrases joined by <->, terms by &."""
    parts = []
    for term in terms:
        if is_prefix_term(term):
            parts.append(f"'{term[0]}':*")
        else:
            parts.append("(" + " <-> ".join(f"'{tok}'" for tok in term) + ")")
    return " & ".join(parts)


class PostgresBackend:
    """A `tsvector` column of positional bigrams on disclosure_searchentry, GIN-indexed."""

    def add(self, rows: Iterable[Row]) -> None:
        data = [(tsvector_literal(t, b), pk) for pk, t, b in rows]
        with connection.cursor() as cur:
            cur.executemany(
                "UPDATE disclosure_searchentry SET search_vector = CAST(%s AS tsvector) "
                "WHERE id = %s",
                data,
            )

    def remove(self, rows: Iterable[Row]) -> None:
        ids = [pk for pk, _, _ in rows]
        if ids:
            with connection.cursor() as cur:
                cur.execute(
                    "UPDATE disclosure_searchentry SET search_vector = NULL WHERE id = ANY(%s)",
                    [ids],
                )

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute("UPDATE disclosure_searchentry SET search_vector = NULL")

    def query(
        self, terms: list[list[str]], filters: Filters, limit: int, offset: int
    ) -> tuple[list[tuple[int, float]], int]:
        clauses, params = filters.where()
        where = "".join(f" AND {c}" for c in clauses)
        base = (
            "FROM disclosure_searchentry e, CAST(%s AS tsquery) q "
            f"WHERE e.search_vector @@ q{where}"
        )
        args = [tsquery_literal(terms), *params]
        with connection.cursor() as cur:
            cur.execute(
                "SELECT e.id, ts_rank('{0.1, 0.2, 0.4, 1.0}', e.search_vector, q) * e.boost AS s, "
                f"count(*) OVER () {base} ORDER BY s DESC, e.id LIMIT %s OFFSET %s",
                [*args, limit, offset],
            )
            rows = cur.fetchall()
            if rows:
                return [(pk, float(score)) for pk, score, _ in rows], rows[0][2]
            if offset:
                cur.execute(f"SELECT count(*) {base}", args)
                return [], cur.fetchone()[0]
        return [], 0


def backend_for(vendor: str | None = None) -> SqliteBackend | PostgresBackend:
    """Return the engine for the current database (SQLite FTS5 or PostgreSQL)."""
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"no search backend for database vendor {vendor!r}")
