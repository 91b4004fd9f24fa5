"""Benchmark: durable case transitions, overdue queries at 10^6 cases, and history import.

1. N cases of a six-step linear procedure with one working-day deadline, each step its own
   transaction (case row, event row, deadline rows) on SQLite in WAL mode, through
   `procedures.engine.act`; the same process as BPMN on SpiffWorkflow, its state serialized
   into the same database after each step. Transitions per second and the ratio.
2. The overdue and due-soon queries of the inbox with 10^6 cases (rows inserted directly, as
   a migration from an old system would), p95 over 100 runs of the first page.
3. `fazhi case import` of generated history: events per second.

Run: .venv/bin/python bench/engine.py [--cases N] [--big N]
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

SPEC = """\
key: bench_linear
title: 基准测试线性程序
basis: 基准测试（非法定程序）
roles: {officer: 经办人}
opened_by: [officer]
number: 基准〔{year}〕{seq}号
states:
  s0: {title: 第0步}
  s1: {title: 第1步}
  s2: {title: 第2步}
  s3: {title: 第3步}
  s4: {title: 第4步}
  s5: {title: 第5步}
  done: {title: 办结, final: true}
actions:
  step1: {title: 步骤1, from: [s0], to: s1, by: [officer]}
  step2: {title: 步骤2, from: [s1], to: s2, by: [officer]}
  step3: {title: 步骤3, from: [s2], to: s3, by: [officer]}
  step4: {title: 步骤4, from: [s3], to: s4, by: [officer]}
  step5: {title: 步骤5, from: [s4], to: s5, by: [officer]}
  step6: {title: 步骤6, from: [s5], to: done, by: [officer]}
deadlines:
  handling: {title: 办理期限, from: open, until: [done], within: 10 workdays, basis: 基准}
"""

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="linear" isExecutable="true">
    <bpmn:startEvent id="start"/>
    {tasks}
    <bpmn:endEvent id="end"/>
    {flows}
  </bpmn:process>
</bpmn:definitions>"""


def setup_django(tmp: Path) -> None:
    spec_dir = tmp / "specs"
    spec_dir.mkdir()
    (spec_dir / "bench_linear.yaml").write_text(SPEC, encoding="utf-8")
    os.environ["FAZHI_VAR_DIR"] = str(tmp)
    os.environ["FAZHI_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["FAZHI_PROCEDURE_DIRS"] = str(spec_dir)
    os.environ["FAZHI_SECRET_KEY"] = "bench"
    os.environ["FAZHI_DEBUG"] = "0"  # production settings: no query log
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_fazhi(n_cases: int) -> tuple[float, int]:
    from fazhi.directory.credit_code import check_character
    from fazhi.directory.models import Assignment, Person, Role, Unit
    from fazhi.procedures import engine

    code = "1144011100000000B"[:17]
    district = Unit.objects.create(
        credit_code=code + check_character(code), name="基准区", kind="district"
    )
    officer = Person.objects.create(username="bench_officer", real_name="基准")
    Assignment.objects.create(
        person=officer,
        role=Role.objects.create(key="officer", title="经办人"),
        unit=district,
    )
    # Warm-up, not timed: the first case loads the specs, the calendar and the catalogues
    # (the SpiffWorkflow side likewise parses its BPMN before its clock starts).
    engine.open_case("bench_linear", unit=district, actor=officer, data={})
    start = time.perf_counter()
    transitions = 0
    for _ in range(n_cases):
        case = engine.open_case("bench_linear", unit=district, actor=officer, data={})
        transitions += 1
        for i in range(1, 7):
            engine.act(case, f"step{i}", actor=officer)
            transitions += 1
    elapsed = time.perf_counter() - start
    # Only the warm-up case is still open: every timed case ran to its final state.
    assert (
        engine.Case.objects.filter(procedure="bench_linear", is_open=True).count() == 1
    )
    return transitions / elapsed, transitions


def bench_spiff(n_cases: int, db_path: Path) -> float:
    import sqlite3

    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    from SpiffWorkflow.util.task import TaskState

    ids = ["start", *[f"t{i}" for i in range(1, 7)], "end"]
    tasks = "\n".join(f'<bpmn:userTask id="t{i}" name="步骤{i}"/>' for i in range(1, 7))
    flows = "\n".join(
        f'<bpmn:sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>'
        for i, (a, b) in enumerate(zip(ids, ids[1:], strict=False))
    )
    parser = BpmnParser()
    parser.add_bpmn_str(BPMN.format(tasks=tasks, flows=flows).encode())
    spec = parser.get_spec("linear")
    serializer = BpmnWorkflowSerializer()
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS spiff_instance (id INTEGER PRIMARY KEY, state TEXT, step INTEGER)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS spiff_event (id INTEGER PRIMARY KEY, instance INTEGER, step INTEGER, at TEXT)"
    )
    start = time.perf_counter()
    transitions = 0
    for _ in range(n_cases):
        wf = BpmnWorkflow(spec)
        wf.do_engine_steps()
        db.execute("BEGIN IMMEDIATE")
        cur = db.execute(
            "INSERT INTO spiff_instance (state, step) VALUES (?, 0)",
            (serializer.serialize_json(wf),),
        )
        pk = cur.lastrowid
        db.execute(
            "INSERT INTO spiff_event (instance, step, at) VALUES (?, 0, datetime('now'))",
            (pk,),
        )
        db.execute("COMMIT")
        transitions += 1
        for step in range(1, 7):
            state = db.execute(
                "SELECT state FROM spiff_instance WHERE id = ?", (pk,)
            ).fetchone()[0]
            wf = serializer.deserialize_json(state)
            ready = wf.get_tasks(state=TaskState.READY, manual=True)
            ready[0].run()
            wf.do_engine_steps()
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "UPDATE spiff_instance SET state = ?, step = ? WHERE id = ?",
                (serializer.serialize_json(wf), step, pk),
            )
            db.execute(
                "INSERT INTO spiff_event (instance, step, at) VALUES (?, ?, datetime('now'))",
                (pk, step),
            )
            db.execute("COMMIT")
            transitions += 1
        assert wf.is_completed()
    elapsed = time.perf_counter() - start
    size = len(serializer.serialize_json(wf))
    print(f"  SpiffWorkflow state size after the last step: {size / 1024:.1f} KB")
    return transitions / elapsed


def fill_big(n: int) -> None:
    """Insert n open cases with one running deadline each, spread over 2020-2026."""
    import random

    from django.db import connection

    from fazhi.directory.models import Unit
    from fazhi.workdays.services import get_calendar

    rng = random.Random(20201231)
    cal = get_calendar()
    units = list(Unit.objects.values_list("pk", flat=True))
    tenant = Unit.objects.get(kind="district").pk
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(2500)]
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM procedures_case")
        base = cur.fetchone()[0]
    batch = 50_000
    for lo in range(0, n, batch):
        cases, deadlines = [], []
        for i in range(lo, min(n, lo + batch)):
            pk = base + i + 1
            unit = rng.choice(units)
            opened = rng.choice(days)
            due = cal.add_workdays(opened, 20)
            due_at = dt.datetime.combine(due, dt.time(15, 59, 59)).isoformat(sep=" ")
            cases.append(
                (
                    pk,
                    tenant,
                    f"大批〔{opened.year}〕{pk}号",
                    "bench_linear",
                    "1",
                    "s0",
                    unit,
                    "{}",
                    1,
                    "",
                    opened.isoformat() + " 02:00:00",
                    1,
                )
            )
            deadlines.append(
                (
                    tenant,
                    pk,
                    unit,
                    "handling",
                    "办理期限",
                    "基准",
                    0,
                    20,
                    "workdays",
                    "收到",
                    opened.isoformat() + " 02:00:00",
                    "[]",
                    "[]",
                    "running",
                    due.isoformat(),
                    due_at,
                    cal.ordinal(due),
                    0,
                    "",
                    "",
                )
            )
        with connection.cursor() as cur:
            cur.executemany(
                "INSERT INTO procedures_case (id, tenant_id, number, procedure, procedure_version, state, unit_id, data, version, head_hash, opened_at, is_open, subject, applicant_kind, applicant_name, applicant_code, applicant_phone) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '', '')",
                cases,
            )
            cur.executemany(
                "INSERT INTO procedures_deadline (tenant_id, case_id, unit_id, name, title, basis, unverified, within_n, within_unit, start_title, started_at, pauses, extensions, status, due_on, due_at, due_ordinal, provisional, provisional_reason, explanation, kind) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'limit')",
                deadlines,
            )
        print(f"\r  inserted {min(n, lo + batch):,} cases", end="", file=sys.stderr)
    print(file=sys.stderr)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    _ = now


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def bench_queries(runs: int) -> tuple[float, float]:
    from django.utils import timezone

    from fazhi.directory.models import Assignment, Person, Role, Scope, Unit
    from fazhi.procedures.selectors import due_soon_deadlines, overdue_deadlines

    leader = Person.objects.create(username="bench_leader")
    Assignment.objects.create(
        person=leader,
        role=Role.objects.create(key="leader", title="领导"),
        unit=Unit.objects.get(kind="district"),
        scope=Scope.SUBTREE,
    )
    now = timezone.make_aware(dt.datetime(2023, 6, 15, 10))
    timings = {"overdue": [], "due_soon": []}
    for _ in range(runs):
        t = time.perf_counter()
        first = list(overdue_deadlines(leader, now=now).select_related("case")[:50])
        timings["overdue"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        soon = list(
            due_soon_deadlines(leader, now=now, workdays=3).select_related("case")[:50]
        )
        timings["due_soon"].append((time.perf_counter() - t) * 1000)
    assert len(first) == 50
    assert soon
    from django.db import connection

    with connection.cursor() as cur:
        sql, params = overdue_deadlines(leader, now=now)[:50].query.sql_with_params()
        cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        print("  overdue query plan:", " | ".join(r[-1] for r in cur.fetchall()))
    return p95(timings["overdue"]), p95(timings["due_soon"])


def bench_import(n_cases: int, tmp: Path) -> float:
    import json

    from fazhi.directory.models import Unit
    from fazhi.procedures.engine import import_cases

    code = Unit.objects.get(kind="district").credit_code
    records = []
    for i in range(n_cases):
        day = dt.date(2020, 1, 2) + dt.timedelta(days=i % 300)
        events = [
            {
                "action": f"step{k}",
                "actor": "bench_officer",
                "at": f"{day + dt.timedelta(days=k)}T10:00:00+08:00",
            }
            for k in range(1, 7)
        ]
        records.append(
            {
                "procedure": "bench_linear",
                "unit": code,
                "opened_at": f"{day}T09:00:00+08:00",
                "subject": f"历史案件{i}",
                "data": {},
                "events": events,
            }
        )
    path = tmp / "history.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    start = time.perf_counter()
    with path.open(encoding="utf-8") as f:
        stats = import_cases((json.loads(line) for line in f), batch_size=1000)
    elapsed = time.perf_counter() - start
    return stats["events"] / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases", type=int, default=300, help="cases run through six steps"
    )
    parser.add_argument(
        "--big", type=int, default=1_000_000, help="cases for the query test"
    )
    parser.add_argument("--import-cases", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as name:
        tmp = Path(name)
        setup_django(tmp)
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("PRAGMA journal_mode")
            mode = cur.fetchone()[0]
            cur.execute("PRAGMA synchronous")
            sync = cur.fetchone()[0]
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(
            f"SQLite journal_mode={mode} synchronous={sync} (1=NORMAL), one transaction per step, time.perf_counter"
        )
        fazhi_tps, transitions = bench_fazhi(args.cases)
        print(
            f"fazhi engine: {transitions} transitions ({args.cases} cases x 7), {fazhi_tps:,.0f} transitions/s"
        )
        spiff_tps = bench_spiff(args.cases, tmp / "bench.sqlite3")
        print(
            f"SpiffWorkflow 3 (BPMN, state serialized per step): {spiff_tps:,.0f} transitions/s"
        )
        eps = bench_import(args.import_cases, tmp)
        print(f"import: {args.import_cases} cases x 7 events, {eps:,.0f} events/s")
        fill_big(args.big)
        overdue, soon = bench_queries(100)
        print(
            f"queries over {args.big:,} open cases (first page of 50, visibility applied): overdue p95 {overdue:.2f} ms, due-soon p95 {soon:.2f} ms"
        )
        print(
            f"BENCH engine fazhi_tps={fazhi_tps:.0f} spiff_tps={spiff_tps:.0f} ratio={fazhi_tps / spiff_tps:.2f} "
            f"overdue_p95_ms={overdue:.2f} cases={args.big} import_eps={eps:.0f}"
        )


if __name__ == "__main__":
    main()
