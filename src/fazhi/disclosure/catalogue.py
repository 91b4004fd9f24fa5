"""The grassroots standard catalogue (基层政务公开事项标准目录): loading and reading.

`load_catalogue(district)` builds a DEMO catalogue from `data/catalogue.yaml` (26 domains,
level-1 matters crossed with level-2 facets) for the district and each of its towns and
streets; it is idempotent and seeded, and documented as demo data, not the real catalogue.
The reads below are what the public catalogue page and the staff compliance view show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from fazhi.directory.models import Unit

from .models import (
    CatalogueDomain,
    CatalogueItem,
    CatalogueLevel,
    Document,
    DocumentStatus,
)

DATA = Path(__file__).resolve().parent / "data" / "catalogue.yaml"
TOWN_KINDS = ("town", "street")
GENERAL_BASIS = "《中华人民共和国政府信息公开条例》第十九条至第二十一条"


@cache
def catalogue_data() -> dict:
    """Return the parsed `data/catalogue.yaml` (domains, facets, target total)."""
    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@dataclass
class CatalogueSummary:
    domains: int = 0
    units: int = 0
    created: int = 0
    existing: int = 0
    total: int = 0


def catalogue_units(district: Unit) -> list[Unit]:
    """Return the units that have a catalogue: the district, then its towns and streets."""
    towns = Unit.objects.filter(parent=district, kind__in=TOWN_KINDS).order_by(
        "credit_code"
    )
    return [district, *towns]


def _key(level1: str, level2: str) -> str:
    return hashlib.sha256(f"{level1}|{level2}".encode()).hexdigest()[:16]


def _templates(data: dict) -> list[dict]:
    """Every (domain, matter, facet) with the levels at which it applies."""
    out = []
    for d in data["domains"]:
        position = 0
        for name, levels, *facets in d["matters"]:
            for facet in facets:
                position += 1
                f = data["facets"][facet]
                out.append(
                    {
                        "domain": d["code"],
                        "responsible": d["responsible"],
                        "basis": f"{GENERAL_BASIS}；《{d['basis']}》",
                        "level1": name,
                        "level2": f"{name}{facet}",
                        "key": _key(name, facet),
                        "position": position,
                        "district": "区" in levels,
                        "street": "镇" in levels,
                        "town": "镇" in levels or "村" in levels,
                        "elements": f["elements"],
                        "time_limit": f["time_limit"],
                        "audience": f["audience"],
                        "channel": f["channel"],
                        "mode": f.get("mode", "active"),
                    }
                )
    return out


def plan_catalogue(units: list[Unit], *, seed: int, total: int | None) -> dict:
    """Return {unit id: [template, ...]}: the district's full list, the towns' trimmed.

    The towns' and streets' catalogues drop items at random (seeded) until the whole comes
    to `total` (the seed's 4,366 by default); with fewer templates than that, none drop.
    """
    data = catalogue_data()
    templates = _templates(data)
    district, towns = units[0], units[1:]
    plan = {district.pk: [t for t in templates if t["district"]]}
    for town in towns:
        plan[town.pk] = [t for t in templates if t[town.kind]]
    total = data["total"] if total is None else total
    excess = sum(map(len, plan.values())) - total
    if excess > 0 and towns:
        pool = [(town.pk, i) for town in towns for i in range(len(plan[town.pk]))]
        rng = random.Random(seed)  # noqa: S311 (demo data, not security)
        drop = set(rng.sample(pool, min(excess, len(pool))))
        for town in towns:
            plan[town.pk] = [
                t for i, t in enumerate(plan[town.pk]) if (town.pk, i) not in drop
            ]
    return plan


@transaction.atomic
def load_catalogue(
    district: Unit, *, seed: int = 2020, total: int | None = None
) -> CatalogueSummary:
    """Create the demo standard catalogue of `district` and its towns; return counts.

    Idempotent: domains and items already present (by unit, domain and key) are left as
    they are, with their documents. Domains come from 国办发〔2019〕54号's 26 areas.
    """
    data = catalogue_data()
    summary = CatalogueSummary()
    domains = {}
    for position, d in enumerate(data["domains"], start=1):
        domains[d["code"]], _created = CatalogueDomain.objects.update_or_create(
            code=d["code"],
            defaults={"name": d["name"], "basis": d["basis"], "position": position},
        )
    summary.domains = len(domains)
    units = catalogue_units(district)
    summary.units = len(units)
    by_short = {u.short_name: u for u in Unit.objects.filter(tenant=district.tenant_id)}
    existing = set(
        CatalogueItem.objects.filter(unit__in=units).values_list(
            "unit_id", "domain__code", "key"
        )
    )
    plan = plan_catalogue(units, seed=seed, total=total)
    new = []
    for unit in units:
        is_district = unit.pk == district.pk
        for t in plan[unit.pk]:
            if (unit.pk, t["domain"], t["key"]) in existing:
                summary.existing += 1
                continue
            responsible = by_short.get(t["responsible"]) if is_district else unit
            new.append(
                CatalogueItem(
                    tenant_id=district.tenant_id or district.pk,
                    unit=unit,
                    domain=domains[t["domain"]],
                    key=t["key"],
                    position=t["position"],
                    level1=t["level1"],
                    level2=t["level2"],
                    elements=t["elements"],
                    basis=t["basis"],
                    time_limit=t["time_limit"],
                    responsible=responsible,
                    responsible_name=(
                        responsible.name if responsible else t["responsible"]
                    ),
                    channel=t["channel"],
                    audience=t["audience"],
                    mode=t["mode"],
                    level=CatalogueLevel.DISTRICT
                    if is_district
                    else CatalogueLevel.TOWN,
                )
            )
        if len(new) >= 2000:
            CatalogueItem.objects.bulk_create(new)
            summary.created += len(new)
            new = []
    CatalogueItem.objects.bulk_create(new)
    summary.created += len(new)
    summary.total = CatalogueItem.objects.filter(unit__in=units).count()
    return summary


# --- reads -----------------------------------------------------------------------------


def domains_with_counts(unit: Unit) -> list[CatalogueDomain]:
    """Return the 26 domains, each with `n` = its number of items in `unit`'s catalogue."""
    return list(
        CatalogueDomain.objects.annotate(
            n=Count("items", filter=Q(items__unit=unit))
        ).order_by("position")
    )


def catalogue_items(unit: Unit, domain: CatalogueDomain | None) -> QuerySet:
    """Return the items of `unit`'s catalogue (one domain or all), each with its published
    documents prefetched as `public_documents` (newest first)."""
    qs = CatalogueItem.objects.filter(unit=unit)
    if domain is not None:
        qs = qs.filter(domain=domain)
    return (
        qs.select_related("domain")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=Document.objects.filter(
                    status=DocumentStatus.PUBLISHED
                ).order_by("-published_on", "-index_number"),
                to_attr="public_documents",
            )
        )
        .order_by("domain__position", "position")
    )


def items_for_document(document: Document) -> QuerySet:
    """Return the catalogue items a document may be filed under: the catalogue of its
    issuer (a town) or the items its issuer is responsible for (a department)."""
    return (
        CatalogueItem.objects.filter(
            Q(unit=document.issuer) | Q(responsible=document.issuer)
        )
        .select_related("domain", "unit")
        .order_by("unit__path", "domain__position", "position")
    )


def compliance_items(
    units: QuerySet | list,
    *,
    problem: str = "",
    now: dt.datetime | None = None,
) -> QuerySet:
    """Return the catalogue items of `units` with missing or late content.

    Annotated: `has_public` (a published document is filed under it) and `late` (one of
    its documents has a proactive-disclosure deadline running past its due time).
    `problem`: "missing", "late" or "" (either).
    """
    from fazhi.procedures.models import Deadline, DeadlineStatus

    now = now or timezone.now()
    public = Document.objects.filter(
        catalogue_items=OuterRef("pk"), status=DocumentStatus.PUBLISHED
    )
    late = Deadline.objects.filter(
        case__disclosure_link__document__catalogue_items=OuterRef("pk"),
        status=DeadlineStatus.RUNNING,
        due_at__lt=now,
    )
    qs = CatalogueItem.objects.filter(unit__in=units).annotate(
        has_public=Exists(public), late=Exists(late)
    )
    if problem == "missing":
        qs = qs.filter(has_public=False)
    elif problem == "late":
        qs = qs.filter(late=True)
    else:
        qs = qs.filter(Q(has_public=False) | Q(late=True))
    return qs.select_related("domain", "unit").order_by(
        "unit__path", "domain__position", "position"
    )
