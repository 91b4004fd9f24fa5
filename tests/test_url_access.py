"""Every URL of the project, asked with GET and POST by three people: nobody (anonymous),
a user who should not reach the object (another unit, or a role the procedure does not
name), and the right user. A URL pattern missing from the table fails the test.

Adding a URL: add one row to URLS below, keyed by its name ("namespace:name"):

    "app:name": (ARGS, RIGHT, OTHER, "ANON-GET/POST OTHER-GET/POST RIGHT-GET/POST"),

- ARGS names the objects the URL needs (a key of `world`'s `args`, or None);
- RIGHT and OTHER are demo usernames (README.md, "Demo logins");
- each outcome is a status code, or L (a redirect to the staff login), A (to the admin's
  login), R (any other redirect).

POST data for a row is in POSTS (valid data, so a refusal is the scope check's, not the
form's). A POST by the anonymous or the other user must change nothing (no new case, event,
document, link, follow-up; no case or document changed). Admin pages are covered by a prefix
rule (`test_admin_pages_need_a_superuser`).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

# fmt: off
URLS = {
    # -- accounts -----------------------------------------------------------------------
    "core:login": (None, "petition_officer", "town_officer", "200/200 R/R R/R"),
    "core:logout": (None, "petition_officer", "town_officer", "405/R 405/R 405/R"),
    "core:staff-home": (None, "petition_officer", "town_officer", "L/L 200/200 200/200"),
    "core:two-factor": (None, "petition_officer", "town_officer", "L/L R/R R/R"),
    "core:two-factor-enrol": (None, "petition_officer", "town_officer", "L/L 200/200 200/200"),
    "core:audit": (None, "admin", "district_leader", "L/L 403/403 200/200"),
    # -- workbench: a petition (信访) of the petition bureau ------------------------------
    "workbench:inbox": (None, "petition_officer", "disclosure_officer", "L/L 200/200 200/200"),
    "workbench:case-new": (None, "petition_officer", "town_officer", "L/L 200/200 200/200"),
    "workbench:case-detail": ("petition", "petition_officer", "disclosure_officer", "L/L 404/404 200/200"),
    "workbench:case-act": ("petition_act", "petition_officer", "dispatcher", "L/L 405/404 405/R"),
    "workbench:case-assign": ("petition", "petition_officer", "disclosure_officer", "L/L 405/404 405/R"),
    "workbench:case-attach": ("petition", "petition_officer", "disclosure_officer", "L/L 405/404 405/R"),
    "workbench:case-attachment": ("attachment", "petition_officer", "disclosure_officer", "L/L 404/404 200/200"),
    # -- desk: calls ----------------------------------------------------------------------
    "desk:queue": (None, "dispatcher", "department_officer", "L/L R/R 200/200"),
    "desk:call-start": (None, "dispatcher", "department_officer", "200/200 200/200 200/200"),
    "desk:call-enterprise": (None, "dispatcher", "department_officer", "200/400 200/400 200/400"),
    "desk:call-citizen": (None, "dispatcher", "department_officer", "200/400 200/400 200/400"),
    "desk:call-filed": (None, "dispatcher", "department_officer", "R/R R/R R/R"),
    "desk:status": (None, "dispatcher", "department_officer", "200/200 200/200 200/200"),
    "desk:staff-call": (None, "dispatcher", "department_officer", "L/L 403/403 200/200"),
    "desk:confirm-all": (None, "dispatcher", "department_officer", "L/L 405/403 405/R"),
    "desk:call-dispatch": ("call", "dispatcher", "department_officer", "L/L 405/403 405/R"),
    "desk:co-handling": (None, "department_officer", "town_officer", "L/L 200/404 200/R"),
    "desk:rates": (None, "dispatcher", "department_officer", "L/L 200/200 200/200"),
    "desk:hot": (None, "government_office", "department_officer", "L/L 403/403 200/200"),
    "desk:follow-up": (None, "government_office", "department_officer", "L/L 405/403 405/R"),
    "desk:screen": (None, "command_chief", "town_officer", "L/L 403/403 200/200"),
    "desk:screen-json": (None, "command_chief", "town_officer", "L/L 403/403 200/200"),
    "desk:catalogue": (None, "dispatcher", "town_officer", "L/L 200/200 200/200"),
    # -- disclosure (staff): a draft of the district office; a 双公示 draft of a penalty ---
    "disclosure:document-list": (None, "disclosure_officer", "town_officer", "L/L 200/405 200/405"),
    "disclosure:document-new": (None, "disclosure_officer", "police_liaison", "L/L 403/403 200/R"),
    "disclosure:document-detail": ("document", "disclosure_officer", "town_officer", "L/L 404/405 200/405"),
    "disclosure:document-edit": ("document", "disclosure_officer", "dispatcher", "L/L 403/403 200/R"),
    "disclosure:document-withdraw": ("published", "disclosure_officer", "dispatcher", "L/L 403/403 200/R"),
    "disclosure:document-step": ("document_step", "disclosure_officer", "town_officer", "L/L 405/404 405/R"),
    "disclosure:compliance": (None, "disclosure_officer", "town_officer", "L/L 200/405 200/405"),
    "disclosure:publicity-list": (None, "enforcement_chief", "disclosure_officer", "L/L 200/405 200/405"),
    "disclosure:publicity-review": ("publicity", "enforcement_chief", "disclosure_officer", "L/L 404/404 200/R"),
    "disclosure:publicity-export-csv": (None, "enforcement_chief", "disclosure_officer", "L/L 200/405 200/405"),
    "disclosure:publicity-export-xlsx": (None, "enforcement_chief", "disclosure_officer", "L/L 200/405 200/405"),
    # -- public pages -----------------------------------------------------------------------
    "catalogue:catalogue": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:home": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:document-detail": ("public_index", "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:documents": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:signed-document": ("public_index", "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:anchors": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:anchor": ("anchor", "town_officer", "town_officer", "404/405 404/405 404/405"),
    "portal:public-key": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:verify-publication": (None, "town_officer", "town_officer", "200/200 200/200 200/200"),
    "portal:library": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:library-detail": ("library_entry", "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:search": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:guides": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:guide": ("guide", "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:request": (None, "town_officer", "town_officer", "200/200 200/200 200/200"),
    "portal:request-done": (None, "town_officer", "town_officer", "R/405 R/405 R/405"),
    "portal:track": (None, "town_officer", "town_officer", "200/200 200/200 200/200"),
    "portal:favorites": (None, "town_officer", "town_officer", "200/405 200/405 200/405"),
    "portal:prefs": (None, "town_officer", "town_officer", "R/R R/R R/R"),
    "portal:feed-rss": (None, "town_officer", "town_officer", "200/200 200/200 200/200"),
    "portal:feed-atom": (None, "town_officer", "town_officer", "200/200 200/200 200/200"),
    "portal:sitemap": (None, "town_officer", "town_officer", "200/200 200/200 200/200"),
}
# fmt: on

ADMIN_PREFIX = "admin:"


def POSTS(w) -> dict:
    """Valid POST data per URL name (the rest post nothing); made anew for each POST."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    call = w.call.number
    return {
        "workbench:case-act": {"accept-notice": "已受理"},
        "workbench:case-assign": {"assignees": [w.cast.petition_officer.pk]},
        "workbench:case-attach": {
            "files": SimpleUploadedFile("补充材料.txt", "补充".encode(), "text/plain")
        },
        "desk:call-dispatch": {
            f"{call}-category": "企业用水",
            f"{call}-instruction": "请办理",
        },
        "desk:confirm-all": {},
        "desk:co-handling": {"id": str(w.co_handling.pk), "contribution": "已协助核实"},
        "desk:follow-up": {
            "month": f"{timezone.localdate():%Y-%m}",
            "key": w.hot_key,
            "procedure": "normative_document",
            "title": "关于加强工业园区供水保障的通知",
        },
        "disclosure:document-edit": {
            "title": "改过的标题",
            "summary": "概述",
            "disclosure_category": "other",
            "disclosure_mode": "active",
        },
        "disclosure:document-withdraw": {"reason": "文件已废止"},
        "disclosure:document-step": {"proposed_scope": "full"},
        "disclosure:document-new": {
            "issuer": w.cast.office.pk,
            "title": "新文件",
            "summary": "概述",
            "disclosure_category": "other",
            "disclosure_mode": "active",
        },
        "disclosure:publicity-review": {"do": "approve"},
    }


# What the right user's GET shows and the other user's does not (lists and pages).
SHOWN = {
    "workbench:inbox": lambda w: w.petition.number,
    "workbench:case-detail": lambda w: w.petition.subject,
    "desk:queue": lambda w: w.call.number,
    "desk:co-handling": lambda w: w.co_handling.case.number,
    "disclosure:document-list": lambda w: w.document.title,
    "disclosure:publicity-list": lambda w: w.publicity.title,
}


def check_right_posts_took_effect(w) -> list[str]:
    """The right user's POSTs did what they say (the table alone would pass a page that
    refuses everyone with a redirect)."""
    from fazhi.desk.models import FollowUp
    from fazhi.disclosure.models import Document

    for obj in (
        w.petition,
        w.call,
        w.co_handling,
        w.document,
        w.published,
        w.publicity,
    ):
        obj.refresh_from_db()
    effects = {
        "case-act": w.petition.state == "accepted",
        "case-assign": w.cast.petition_officer in w.petition.assignees.all(),
        "case-attach": w.petition.attachments.count() == 2,
        "call-dispatch": w.call.state == "dispatched",
        "co-handling": w.co_handling.contribution == "已协助核实",
        "follow-up": FollowUp.objects.filter(
            case__procedure="normative_document"
        ).exists(),
        "document-new": Document.objects.filter(title="新文件").exists(),
        "document-edit": w.document.title == "改过的标题",
        "document-step": w.document.status == "review",
        "document-withdraw": w.published.status == "withdrawn",
        "publicity-review": w.publicity.status == "published",
    }
    return [
        f"the right user's POST to {name} had no effect"
        for name, ok in effects.items()
        if not ok
    ]


# -- the objects the URLs need --------------------------------------------------------


class World:
    """A case of each kind the pages show, made with the services, and the URL arguments."""

    def __init__(self, cast, capture):
        from fazhi.demo.calls import ensure_handlers, load_demo_desk
        from fazhi.desk import services as desk
        from fazhi.desk.models import CoHandling
        from fazhi.disclosure import publicity, publishing
        from fazhi.disclosure.models import PublicityRecord
        from fazhi.disclosure.tests.penalty import decided_case
        from fazhi.procedures import engine

        self.cast = c = cast
        self.petition = engine.open_case(
            "petition",
            unit=c.petition_bureau,
            actor=c.petition_officer,
            data={"content": "反映邻居噪音扰民", "channel": "visit"},
            subject="噪音扰民信访",
            applicant=engine.Applicant(name="王小明"),
        )
        engine.attach(
            self.petition,
            [engine.File("信访材料.txt", "材料".encode(), "text/plain")],
            actor=c.petition_officer,
        )
        self.petition.refresh_from_db()
        attachment = self.petition.attachments.get()

        load_demo_desk(c.district)
        ensure_handlers(c.district)
        water = c.unit("区水务局")
        calls = []
        for _i in range(4):  # similar calls: three at the water bureau make a hot issue
            call, caller = _water_call()
            calls.append(desk.file_call(call, caller=caller))
        for n, call in enumerate(calls[:3]):
            desk.dispatch_call(
                call,
                actor=c.dispatcher,
                category="企业用水",
                unit=water,
                co_units=[c.market_bureau] if n == 0 else [],
            )
        self.call = calls[3]  # still waiting in the queue
        self.co_handling = CoHandling.objects.get(case=calls[0], unit=c.market_bureau)
        from fazhi.desk import hot

        issues = hot.hot_issues(c.district, timezone.localdate().replace(day=1))
        self.hot_key = issues[0].key

        self.document = publishing.create_draft(
            issuer=c.office,
            actor=c.disclosure_officer,
            title="白云区政务公开工作要点",
            summary="年度工作安排",
            disclosure_category="other",
            body="<p>一、总体要求</p>",
        )
        # Three decided penalties: one published to be withdrawn on its page, one
        # published for the portal, one drafted for review (双公示).
        published = []
        for party in ("张建国", "王海"):
            record = PublicityRecord.objects.get(
                case=decided_case(c, capture, party=party)
            )
            published.append(
                publicity.approve_publicity(record, actor=c.enforcement_chief)
            )
        self.published, self.public = published
        self.publicity = PublicityRecord.objects.get(
            case=decided_case(c, capture, party="李四海")
        )
        self.args = {
            None: {},
            "petition": {"number": self.petition.number},
            "petition_act": {"number": self.petition.number, "action": "accept"},
            "attachment": {"number": self.petition.number, "pk": attachment.pk},
            "call": {"number": self.call.number},
            "document": {"pk": self.document.pk},
            "document_step": {"pk": self.document.pk, "step": "submit_review"},
            "published": {"pk": self.published.pk},
            "public_index": {"index_number": self.public.index_number},
            "publicity": {"pk": self.publicity.pk},
            "anchor": {"name": "no-such-anchor"},
            "library_entry": {"pk": _library_entry().pk},
            "guide": {"key": "petition"},
        }


def _water_call():
    from fazhi.desk.tests.test_services import enterprise_call

    return enterprise_call()


def _library_entry():
    from fazhi.disclosure.models import LibraryEntry

    title = "中华人民共和国信访条例"
    return LibraryEntry.objects.create(title=title, work_key=title, level="行政法规")


def fingerprint() -> tuple:
    """What a refused POST must leave alone."""
    from fazhi.desk.models import CoHandling, FollowUp
    from fazhi.disclosure.models import Document, PublicityRecord
    from fazhi.procedures.models import Case, CaseLink, Event

    return (
        Case.objects.count(),
        Event.objects.count(),
        CaseLink.objects.count(),
        FollowUp.objects.count(),
        sorted(Case.objects.values_list("pk", "version", "unit_id")),
        sorted(Document.objects.values_list("pk", "status", "title")),
        sorted(PublicityRecord.objects.values_list("pk", "status")),
        sorted(CoHandling.objects.values_list("pk", "contribution")),
    )


# -- the walk ---------------------------------------------------------------------------


def url_patterns(resolver=None, prefix="", namespace=""):
    """(name, route) of every URL pattern, recursively; name is "namespace:name"."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from url_patterns(p, prefix + str(p.pattern), full)
        else:
            assert isinstance(p, URLPattern)
            name = f"{namespace}:{p.name}" if namespace else (p.name or "")
            yield name, prefix + str(p.pattern)


def test_every_url_pattern_is_in_the_table():
    missing = sorted(
        f"{name or '(unnamed)'} ({route})"
        for name, route in url_patterns()
        if not name.startswith(ADMIN_PREFIX) and name not in URLS
    )
    assert not missing, (
        "URL patterns missing from tests/test_url_access.py URLS: " + ", ".join(missing)
    )
    known = {name for name, _route in url_patterns()}
    stale = sorted(set(URLS) - known)
    assert not stale, f"rows for URLs that no longer exist: {', '.join(stale)}"


def _matches(expected: str, response) -> bool:
    status = response.status_code
    location = response.get("Location", "")
    if expected == "L":
        return status == 302 and location.startswith(resolve_url(settings.LOGIN_URL))
    if expected == "A":
        return status == 302 and location.startswith(reverse("admin:login"))
    if expected == "R":
        return status in (301, 302, 303)
    return status == int(expected)


def _describe(response) -> str:
    where = response.get("Location", "")
    return f"{response.status_code}{' → ' + where if where else ''}"


def _login(client, person) -> None:
    """Log `person` in (a superuser after the two-factor step); None: log out."""
    from fazhi.directory.tests.factories import verified_login

    client.logout()
    if person is not None and person.is_superuser:
        verified_login(client, person)
    elif person is not None:
        client.force_login(person)


@pytest.fixture
def world(demo_district, django_capture_on_commit_callbacks):
    return World(demo_district, django_capture_on_commit_callbacks)


def test_url_access_table(client, world):
    cast = world.cast
    problems = []
    for name, (args, right, other, outcomes) in URLS.items():
        url = reverse(name, kwargs=world.args[args])
        expected = dict(
            zip(("anonymous", "other", "right"), outcomes.split(), strict=True)
        )
        for who, user in (("anonymous", None), ("other", other), ("right", right)):
            _login(client, user and cast.users[user])
            get_expected, post_expected = expected[who].split("/")
            response = client.get(url)
            if name in SHOWN and who != "anonymous" and response.status_code == 200:
                text = SHOWN[name](world)
                if (text in response.content.decode("utf-8")) != (who == "right"):
                    problems.append(
                        f"{name} GET as {who} ({user}): “{text}” shown wrongly"
                    )
            if not _matches(get_expected, response):
                problems.append(
                    f"{name} GET as {who} ({user}): {_describe(response)}, "
                    f"expected {get_expected}"
                )
            before = fingerprint() if who != "right" else None
            response = client.post(url, POSTS(world).get(name, {}))
            if not _matches(post_expected, response):
                problems.append(
                    f"{name} POST as {who} ({user}): {_describe(response)}, "
                    f"expected {post_expected}"
                )
            if before is not None and fingerprint() != before:
                problems.append(f"{name} POST as {who} ({user}) changed something")
    problems += check_right_posts_took_effect(world)
    assert not problems, "\n".join(problems)


def test_admin_pages_need_a_superuser(client, demo_district):
    """The prefix rule for admin:* — every admin page without arguments sends the anonymous
    and a staff member without admin rights to the admin's login, and opens for the
    (two-factor verified) superuser."""
    from fazhi.directory.tests.factories import verified_login

    names = [
        (name, route)
        for name, route in url_patterns()
        if name.startswith(ADMIN_PREFIX) and "<" not in route and "(?P" not in route
    ]
    assert ("admin:index", "admin/") in names
    problems = []
    for name, _route in names:
        if name in ("admin:login", "admin:logout"):
            continue
        url = reverse(name)
        client.logout()
        for who in (None, demo_district.district_leader):
            if who is not None:
                client.force_login(who)
            for method in (client.get, client.post):
                response = method(url)
                if not _matches("A", response):
                    problems.append(f"{name} as {who}: {_describe(response)}")
    client.logout()
    verified_login(client, demo_district.admin)
    for name, _route in names:
        if name in ("admin:login", "admin:logout", "admin:password_change_done"):
            continue
        response = client.get(reverse(name))
        # Records written only by the services (routing, follow-ups, co-handling) have
        # no add page even for a superuser; autocomplete needs its query.
        maybe_refused = name.endswith("_add") or name == "admin:autocomplete"
        if response.status_code not in ((200, 403) if maybe_refused else (200,)):
            problems.append(f"{name} as admin: {_describe(response)}")
    assert not problems, "\n".join(problems)
