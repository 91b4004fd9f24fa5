"""Pre-built SQL for the engine's hot path: one INSERT or compare-and-set UPDATE per row.

Django's ORM spends most of a transition's time compiling queries; the engine's writes have
a fixed shape, so their SQL is built once per model and database vendor. Values still pass
through each field's `get_db_prep_save`, so JSON, dates and time zones are stored exactly as
the ORM would store them, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, partial

from django.db import connections, models, router


def _connection(model):
    return connections[router.db_for_write(model)]


@cache
def _insert_sql(model, vendor: str) -> tuple[str, tuple]:
    conn = _connection(model)
    qn = conn.ops.quote_name
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    # Table and column names come from the model's metadata, quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if vendor == "postgresql":
        sql += " RETURNING " + qn(model._meta.pk.column)
    return sql, fields


def insert(obj) -> None:
    """INSERT one new model instance and set its primary key."""
    model = type(obj)
    conn = _connection(model)
    sql, _fields = _insert_sql(model, conn.vendor)
    params = [
        adapt(getattr(obj, name)) if adapt else getattr(obj, name)
        for name, adapt in _getters(model, conn.vendor)
    ]
    with conn.cursor() as cur:
        cur.execute(sql, params)
        obj.pk = cur.fetchone()[0] if conn.vendor == "postgresql" else cur.lastrowid
    obj._state.adding = False
    obj._state.db = conn.alias


_ADAPTED = (
    models.DateTimeField,
    models.DateField,
    models.JSONField,
    models.DecimalField,
)


def _sqlite_datetime(value):
    # What Django's SQLite backend stores for an aware datetime: naive UTC, str() form.
    return None if value is None else str(value.astimezone(dt.UTC).replace(tzinfo=None))


@cache
def _getters(model, vendor: str) -> tuple:
    """Per column: the attribute to read and, where the database needs it, its adapter."""
    conn = _connection(model)
    _sql, fields = _insert_sql(model, "plain")
    out = []
    for f in fields:
        adapt = None
        if vendor == "sqlite" and isinstance(f, models.DateTimeField):
            adapt = _sqlite_datetime
        elif isinstance(f, _ADAPTED):
            adapt = partial(f.get_db_prep_save, connection=conn)
        out.append((f.attname, adapt))
    return tuple(out)


@cache
def _adapters(model, vendor: str) -> dict:
    """Field name -> adapter, for the fields whose values the database cannot take as is."""
    names = {f.attname: f.name for f in model._meta.concrete_fields}
    return {
        names[attname]: adapt for attname, adapt in _getters(model, vendor) if adapt
    }


def insert_many(model, objs: list) -> None:
    """INSERT many new rows of `model` in one executemany; their pks stay unset.

    `objs` are model instances or any objects with the model's attribute names (the history
    import builds light rows); only dates, times, JSON and decimals need adapting.
    """
    if not objs:
        return
    conn = _connection(model)
    sql, _fields = _insert_sql(model, "plain")
    getters = _getters(model, conn.vendor)
    params = [
        [
            adapt(getattr(o, name)) if adapt else getattr(o, name)
            for name, adapt in getters
        ]
        for o in objs
    ]
    with conn.cursor() as cur:
        cur.executemany(sql, params)


@cache
def _update_sql(
    model, columns: tuple[str, ...], where: tuple[str, ...], vendor: str
) -> str:
    conn = _connection(model)
    qn = conn.ops.quote_name
    opts = model._meta
    sets = ", ".join(f"{qn(opts.get_field(c).column)} = %s" for c in columns)
    cond = " AND ".join(f"{qn(opts.get_field(c).column)} = %s" for c in where)
    return f"UPDATE {qn(opts.db_table)} SET {sets} WHERE {cond}"  # noqa: S608


def update_where(model, values: dict, **where) -> int:
    """UPDATE the rows matching `where` (field=value, all equal) and return how many changed."""
    conn = _connection(model)
    columns = tuple(values)
    sql = _update_sql(model, columns, tuple(where), conn.vendor)
    adapters = _adapters(model, conn.vendor)
    params = [adapters[c](values[c]) if adapters.get(c) else values[c] for c in columns]
    params += [adapters[c](v) if adapters.get(c) else v for c, v in where.items()]
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.rowcount


def increment_counter(tenant_id: int, pattern: str, year: int) -> int | None:
    """Add one to a case-number counter and return the new value (None if no row yet)."""
    from .models import CaseCounter

    conn = _connection(CaseCounter)
    table = conn.ops.quote_name(CaseCounter._meta.db_table)
    where = "tenant_id = %s AND pattern = %s AND year = %s"
    params = [tenant_id, pattern, year]
    # RETURNING: SQLite >= 3.35 and PostgreSQL both give the new value in one statement.
    sql = f"UPDATE {table} SET last = last + 1 WHERE {where} RETURNING last"  # noqa: S608
    with conn.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
        return row[0] if row else None


@cache
def _live_sql(vendor: str) -> str:
    from .models import Deadline

    qn = _connection(Deadline).ops.quote_name
    return (
        f"SELECT * FROM {qn(Deadline._meta.db_table)} "  # noqa: S608
        f"WHERE {qn('case_id')} = %s AND {qn('status')} IN (%s, %s)"
    )


def live_deadlines(case_id: int) -> list:
    """The running and paused deadlines of a case (a raw query: no ORM compilation)."""
    from .models import Deadline, DeadlineStatus

    sql = _live_sql(_connection(Deadline).vendor)
    params = [case_id, DeadlineStatus.RUNNING.value, DeadlineStatus.PAUSED.value]
    return list(Deadline.objects.raw(sql, params))
