"""No input gives a server error (500): every URL pattern, odd path values, odd query
parameters and odd form fields, as the public and as a staff member with every role.

The URL list is enumerated from the resolver, so a URL added later is covered without
editing this file: its path values come from the converter, its query parameters from
QUERY_PARAMS (when listed) and random unknown keys, its form fields from the names on its own
page. Runs on SQLite and on PostgreSQL (which refuses a null byte in any query), derandomized
so CI sees the same examples every time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"

# Values that broke pages before, and their relatives.
SPECIAL = [
    HUGE,
    "-" + HUGE,
    "2147483648",
    "9223372036854775808",
    "-1",
    "0",
    "1.5",
    "1e400",
    "NaN",
    "inf",
    "abc",
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "²",
    "١٢",
    "１２３",
    "²" * 17 + "X",
    "行政",
    "🙂",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "2020-13-45",
    "2020-02",
    "9999-12",
    "0000-00",
    "-2020-01",
    HUGE + "-01",
    "x" * 5000,
    "行" * 3000,
    "true",
    "on",
    "[]",
]

# Query parameters each view reads (by URL name). Form fields on a page are found on the page.
QUERY_PARAMS = {
    "portal:document-detail": ["print"],
    "portal:documents": ["category", "page"],
    "portal:library": ["validity", "level", "page"],
    "portal:search": ["q", "issuer", "year", "genre", "validity", "page"],
    "portal:prefs": ["next", "mode", "a11y", "size"],
    "portal:sitemap": ["p"],
    "desk:status": ["number", "last4", "code"],
    "desk:rates": ["months"],
    "desk:hot": ["month"],
    "desk:follow-up": ["month", "key", "procedure", "title"],
    "desk:co-handling": ["id", "contribution"],
    "disclosure:document-list": ["status", "q", "page"],
    "disclosure:compliance": ["unit", "domain", "problem", "page"],
    "disclosure:publicity-list": ["status", "page"],
    "disclosure:publicity-review": ["remove", "add", "do"],
    "disclosure:publicity-export-csv": ["year"],
    "disclosure:publicity-export-xlsx": ["year"],
    "catalogue:catalogue": ["unit", "domain", "page"],
    "workbench:inbox": ["procedure", "unit", "q", "closed", "mine", "page"],
    "workbench:case-new": ["procedure", "parent"],
    "workbench:case-act": ["version"],
    "workbench:case-assign": ["version", "assignees"],
    "workbench:case-attach": ["version", "files"],
    "core:login": ["next", "username", "password"],
    "admin:index": [],
    "admin:procedures_case_changelist": ["q", "p", "o", "state", "unit__id__exact"],
}

# POST-only URLs whose form is on another page: field names are read there.
FORM_PAGES = {
    "workbench:case-act": "workbench:case-detail",
    "workbench:case-assign": "workbench:case-detail",
    "workbench:case-attach": "workbench:case-detail",
    "desk:call-dispatch": "desk:queue",
    "desk:confirm-all": "desk:queue",
    "desk:follow-up": "desk:hot",
    "disclosure:document-step": "disclosure:document-detail",
}

# The admin has its own tests; these few pages show that its search and filters hold too.
ADMIN_PAGES = {"admin:index", "admin:login", "admin:procedures_case_changelist"}

FIELD_NAME = re.compile(r'\bname="([^"]+)"')


@dataclass
class Route:
    name: str
    route: str  # "desk/calls/<str:number>/dispatch/"
    params: dict[str, str] = field(default_factory=dict)  # name -> converter
    defaults: dict = field(default_factory=dict)

    def path(self, values: dict[str, str]) -> str:
        def value(m: re.Match) -> str:
            raw = values[m["name"]]
            return quote(raw, safe="/" if m["conv"] == "path" else "")

        return "/" + PARAM.sub(value, self.route)


PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _routes(patterns, prefix: str = "", namespace: str = "") -> list[Route]:
    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            joined = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            out += _routes(p.url_patterns, prefix + _route_text(p.pattern), joined)
        elif isinstance(p, URLPattern):
            route = prefix + _route_text(p.pattern)
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name or route
            params = {m["name"]: m["conv"] or "str" for m in PARAM.finditer(route)}
            out.append(Route(name, route, params, p.default_args))
    return out


def _route_text(pattern) -> str:
    """A route's text; a regex pattern becomes a route with <str:…> for each group."""
    text = str(pattern)
    if not text.startswith("^"):
        return text
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", text.strip("^$"))
    return text.replace("\\", "")


def all_routes() -> list[Route]:
    routes = _routes(get_resolver().url_patterns)
    return [
        r for r in routes if not r.route.startswith("admin/") or r.name in ADMIN_PAGES
    ]


ROUTES = all_routes()


# --- the data: the demo district and a few records of each kind ------------------------


@dataclass
class Dataset:
    staff: object
    device: object  # the staff member's confirmed TOTP device (superusers need one)
    values: dict[str, list[str]]  # path parameter name -> valid values

    def log_in(self, client: Client) -> None:
        """Log the staff member in as after the two-factor step."""
        from django_otp import DEVICE_ID_SESSION_KEY

        client.force_login(self.staff)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = self.device.persistent_id
        session.save()


def _staff(cast):
    """A superuser who also holds every role at the district and all units below it."""
    from fazhi.directory.models import Assignment, Person, Role, Scope

    person = Person.objects.create_user(
        "every_role",
        password="not-used-1234",
        real_name="全能测试员",
        unit=cast.district,
        is_staff=True,
        is_superuser=True,
    )
    Assignment.objects.bulk_create(
        Assignment(person=person, role=role, unit=cast.district, scope=Scope.SUBTREE)
        for role in Role.objects.exclude(key="public")
    )
    return person


def build_dataset(cast) -> Dataset:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fazhi.demo.calls import ensure_handlers, load_demo_desk
    from fazhi.desk import services as desk
    from fazhi.disclosure import publishing
    from fazhi.disclosure import services as disclosure
    from fazhi.disclosure.models import LibraryEntry
    from fazhi.procedures import engine
    from fazhi.procedures.registry import all_specs

    load_demo_desk(cast.district)
    ensure_handlers(cast.district)
    staff = _staff(cast)
    request_case = engine.open_case(
        "disclosure_request",
        unit=cast.office,
        actor=cast.disclosure_officer,
        data={"content": "2020年财政预算"},
        subject="申请公开预算",
    )
    engine.attach(
        request_case,
        [engine.File("scan.txt", b"scan", "text/plain")],
        actor=cast.disclosure_officer,
    )
    call = desk.file_call(
        desk.CallInput(
            description="厂区停水两天，影响生产，请尽快恢复供水。",
            subject="厂区停水",
            category="help",
            channel="portal",
        ),
        caller=desk.Caller(name="陈伟", phone="13912345678"),
        tenant=cast.district,
    )
    draft = publishing.create_draft(
        issuer=cast.office,
        actor=staff,
        title="关于做好2020年政务公开工作的通知",
        summary="政务公开工作安排",
        disclosure_category=_first_choice("proactive_disclosure", "category"),
        written_on=dt.date(2020, 3, 2),
    )
    normative = disclosure.create_document(
        tenant=cast.district,
        issuer=cast.justice_bureau,
        title="广州市白云区行政执法公示办法",
        genre=disclosure.NORMATIVE_GENRE,
        body="<p>第一条 为了规范行政执法公示，制定本办法。</p>",
    )
    disclosure.publish_document(normative)
    specs = all_specs()
    entries = [str(pk) for pk in LibraryEntry.objects.values_list("pk", flat=True)]
    attachment = request_case.attachments.first()
    return Dataset(
        staff=staff,
        device=TOTPDevice.objects.create(user=staff, name="test", confirmed=True),
        values={
            "number": [request_case.number, call.number],
            "pk": [str(draft.pk), str(normative.pk), str(attachment.pk), *entries],
            "index_number": [normative.index_number, draft.index_number],
            "action": sorted({a for s in specs for a in s.actions})[:40],
            "step": ["submit_review", "approve", "publish", "schedule", "withhold"],
            "key": [s.key for s in specs],
        },
    )


def _first_choice(procedure: str, field_name: str) -> str:
    from fazhi.procedures.registry import spec_for

    spec = spec_for(procedure)
    return next(f for f in spec.fields if f.name == field_name).choices[0][0]


@pytest.fixture
def dataset(demo_district) -> Dataset:
    return build_dataset(demo_district)


# --- strategies -------------------------------------------------------------------------

plain_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)), min_size=0, max_size=24
)
# Strings that look like numbers to str.isdigit but not to int() ("²", "١", "３").
digit_like = st.text(alphabet="0123456789²١３X-", min_size=1, max_size=20)
odd_value = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    digit_like,
    plain_text,
)
unknown_key = st.from_regex(r"[a-z_]{1,12}", fullmatch=True)


def path_value(conv: str, valid: list[str]):
    if conv == "int":
        odd = st.one_of(
            st.sampled_from([HUGE, "0", "2147483648", "9223372036854775808"]),
            st.integers(min_value=0, max_value=10**25).map(str),
        )
    elif conv == "slug":
        odd = st.one_of(
            st.sampled_from([HUGE, "x" * 300, "nonexistent"]),
            st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True),
        )
    else:
        odd = odd_value.filter(bool)
    return st.one_of(st.sampled_from(valid), odd) if valid else odd


def field_names(client: Client, path: str) -> list[str]:
    """The names of the form fields on the page at `path` (empty if it is not HTML)."""
    response = client.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    names = set(FIELD_NAME.findall(response.content.decode()))
    return sorted(names - {"csrfmiddlewaretoken"})


def route_named(name: str) -> Route | None:
    return next((r for r in ROUTES if r.name == name), None)


# --- the property -----------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_no_input_gives_a_server_error(route: Route, dataset: Dataset):
    client = Client(enforce_csrf_checks=False)
    first = {name: (dataset.values.get(name) or ["1"])[0] for name in route.params}
    # Field names as each user sees them: the staff member sees the staff forms.
    names = {}
    for who in ("public", "staff"):
        client.logout()
        if who == "staff":
            dataset.log_in(client)
        found = field_names(client, route.path(first))
        source = route_named(FORM_PAGES.get(route.name, ""))
        if source is not None:
            found += field_names(
                client, source.path({k: first[k] for k in source.params})
            )
        names[who] = sorted(set(found) | set(QUERY_PARAMS.get(route.name, [])))

    path_values = st.fixed_dictionaries(
        {
            name: path_value(conv, dataset.values.get(name, []))
            for name, conv in route.params.items()
        }
    )

    @settings(
        max_examples=20,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        who=st.sampled_from(["public", "staff"]),
        method=st.sampled_from(["get", "post"]),
        values=path_values,
        data=st.data(),
    )
    def check(who, method, values, data):
        client.logout()
        if who == "staff":
            dataset.log_in(client)
        known = names[who]
        keys = data.draw(
            st.lists(
                st.sampled_from(known) | unknown_key if known else unknown_key,
                max_size=max(3, len(known)),
                unique=True,
            )
        )
        params = {k: data.draw(odd_value) for k in keys}
        response = getattr(client, method)(route.path(values), params)
        assert response.status_code < 500, (method, route.path(values), params)

    check()


# --- the reported cases, by name --------------------------------------------------------


@pytest.fixture
def staff_client(client, dataset) -> Client:
    dataset.log_in(client)
    return client


def status_of(client: Client, method: str, path: str, data=None) -> int:
    response = getattr(client, method)(path, data or {})
    return response.status_code


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/search/", {"q": "行", "year": HUGE}),
        ("/search/", {"q": "行", "page": HUGE}),
        ("/search/", {"q": "行", "issuer": HUGE}),
        ("/search/", {"q": "\x00"}),
        ("/search/", {"q": "行", "genre": "\x00"}),
        ("/library/", {"level": "\x00"}),
        ("/library/", {"validity": "\x00"}),
        ("/library/", {"page": HUGE}),
        ("/documents/", {"category": "\x00"}),
        ("/documents/", {"category": "", "page": HUGE}),
        ("/catalogue/", {"unit": HUGE}),
        ("/catalogue/", {"domain": "\x00"}),
        ("/documents/%00/", {}),
        ("/library/" + HUGE + "/", {}),
    ],
)
def test_public_pages_survive_the_reported_inputs(client, dataset, path, data):
    assert status_of(client, "get", path, data) < 500


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/work/", {"unit": HUGE}),
        ("/work/", {"procedure": "\x00"}),
        ("/work/", {"q": "\x00"}),
        ("/work/", {"page": HUGE}),
        ("/work/cases/new/", {"procedure": "nonexistent"}),
        ("/work/cases/new/", {"procedure": "\x00"}),
        ("/work/cases/new/", {"procedure": "disclosure_request", "parent": "\x00"}),
        ("/work/cases/%00/", {}),
        ("/desk/rates/", {"months": "abc"}),
        ("/desk/rates/", {"months": HUGE}),
        ("/desk/hot/", {"month": HUGE + "-01"}),
        ("/desk/hot/", {"month": "\x00"}),
        ("/work/disclosure/", {"q": "\x00"}),
        ("/work/disclosure/", {"status": "\x00"}),
        ("/work/disclosure/compliance/", {"unit": HUGE}),
        ("/work/disclosure/compliance/", {"domain": "\x00", "problem": "\x00"}),
        ("/work/disclosure/publicity/", {"status": "\x00"}),
        ("/work/disclosure/publicity/export.csv", {"year": HUGE}),
        ("/work/disclosure/" + HUGE + "/", {}),
    ],
)
def test_staff_pages_survive_the_reported_inputs(staff_client, path, data):
    assert status_of(staff_client, "get", path, data) < 500


def test_a_step_with_a_version_that_is_not_a_number_is_refused(staff_client, dataset):
    from fazhi.procedures import engine
    from fazhi.procedures.models import Case

    case = Case.objects.get(number=dataset.values["number"][0])
    action = engine.available_actions(case, dataset.staff)[0].name
    path = f"/work/cases/{case.number}/act/{action}/"
    response = staff_client.post(path, {"version": "abc"}, follow=True)
    assert response.status_code == 200
    assert "版本号" in response.content.decode()
    assert Case.objects.get(pk=case.pk).version == case.version


@pytest.mark.parametrize("view", ["assign", "files"])
def test_assign_and_attach_with_odd_versions_are_refused(staff_client, dataset, view):
    number = dataset.values["number"][0]
    path = f"/work/cases/{number}/{view}/"
    data = {"version": "abc", "assignees": ["abc", HUGE]}
    assert status_of(staff_client, "post", path, data) < 500


def test_a_superscript_digit_as_a_co_handling_id_is_not_found(staff_client):
    assert status_of(staff_client, "post", "/desk/co-handling/", {"id": "²"}) == 404


@pytest.mark.parametrize("code", ["²" * 17 + "X", "１" * 18, "١" * 17 + "1"])
def test_an_id_number_of_non_ascii_digits_is_refused_in_chinese(client, dataset, code):
    data = {"applicant_kind": "person", "name": "张三", "code": code}
    response = client.post("/request/", data)
    assert response.status_code < 500
    assert "17位数字" in response.content.decode() or "18" in response.content.decode()


def test_an_unknown_procedure_is_not_found(staff_client):
    response = staff_client.get("/work/cases/new/", {"procedure": "nonexistent"})
    assert response.status_code == 404


def test_a_null_byte_in_a_filter_is_refused_by_name(client, dataset):
    response = client.get("/library/", {"level": "\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "空字节" in page  # named as a null byte on the Chinese 400 page
    assert "Traceback" not in page


def test_a_null_byte_in_a_form_field_is_named_as_such(staff_client, dataset):
    """Django's message for a null byte read 不允许是用空字符串 (an *empty string*)."""
    from django.core.validators import ProhibitNullCharactersValidator
    from django.utils import translation

    with translation.override("zh-hans"):
        message = str(ProhibitNullCharactersValidator.message)
    assert "空字节" in message
