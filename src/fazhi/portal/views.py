"""Public pages: no login needed, everything works without JavaScript."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import params, prefs, throttle
from fazhi.core.net import client_address
from fazhi.disclosure import selectors as disclosure
from fazhi.disclosure.models import Validity
from fazhi.disclosure.search import Filters, search
from fazhi.procedures.errors import UnknownProcedure
from fazhi.procedures.registry import all_specs, spec_for

from . import selectors as portal
from .forms import DisclosureRequestForm, TrackForm
from .guides import guide_for
from .services import PortalError, submit_disclosure_request

PER_PAGE = 20
REQUEST_PROCEDURE = "disclosure_request"
SESSION_NUMBER = "portal_request_number"


def _page_number(request: HttpRequest) -> int:
    return params.page_number(request.GET)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page: search, recent documents and the services."""
    district = portal.portal_district()
    recent = list(disclosure.published_documents(district)[:8]) if district else []
    return render(request, "portal/home.html", {"recent": recent})


@require_GET
def document_detail(request: HttpRequest, index_number: str) -> HttpResponse:
    """A document at its permanent link (its 索引号); a withdrawn one is a tombstone.

    The tombstone answers 410 Gone: the number stays resolvable for people, and crawlers
    and link checkers learn that the document was withdrawn on purpose, not lost.
    """
    document = disclosure.document_by_index_number(params.path_key(index_number))
    if document is None:
        raise Http404(_("There is no document with this index number."))
    if not document.is_public:
        return render(
            request, "portal/document_gone.html", {"document": document}, status=410
        )
    return render(
        request,
        "portal/document_detail.html",
        {
            "document": document,
            "attachments": list(document.attachments.all()),
            "interpretations": list(document.interpretations.all()),
            "print_view": request.GET.get("print") == "1",
            "permalink": request.build_absolute_uri(request.path),
        },
    )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """All published documents by category (the standard catalogue is at /catalogue/)."""
    district = portal.portal_district()
    category = params.text(request.GET, "category", None)
    categories = portal.document_categories(district) if district else []
    documents = None
    if district and category is not None:
        qs = disclosure.published_documents(district).filter(category=category)
        documents = Paginator(qs, PER_PAGE).get_page(_page_number(request))
    return render(
        request,
        "portal/catalogue.html",
        {"categories": categories, "category": category, "documents": documents},
    )


@require_GET
def library_list(request: HttpRequest) -> HttpResponse:
    """The law library (规章库): entries filtered by validity and level, paginated."""
    validity = params.choice(request.GET, "validity", Validity.values)
    level = params.text(request.GET, "level")
    qs = portal.library_entries(
        portal.portal_district(), validity=validity, level=level
    )
    page = Paginator(qs, PER_PAGE).get_page(_page_number(request))
    query = urlencode(
        {k: v for k, v in (("validity", validity), ("level", level)) if v}
    )
    return render(
        request,
        "portal/library_list.html",
        {
            "page": page,
            "validity": validity,
            "level": level,
            "validities": Validity.choices,
            "levels": portal.library_levels(),
            "query": query,
        },
    )


@require_GET
def library_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of a law: articles with anchors, validity, versions and citations."""
    entry = disclosure.library_entry(pk)
    if entry is None:
        raise Http404(_("There is no such entry in the library."))
    return render(
        request,
        "portal/library_detail.html",
        {
            "entry": entry,
            "articles": list(entry.articles.all()),
            "versions": disclosure.entry_versions(entry),
            "cited_by": list(entry.cited_by.all()),
        },
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Full-text search over documents and the library, with filters and pages."""
    district = portal.portal_district()
    q = params.text(request.GET, "q")
    chosen = {
        "issuer": params.integer(request.GET, "issuer"),
        "year": params.year(request.GET),
        "genre": params.text(request.GET, "genre"),
        "validity": params.choice(request.GET, "validity", Validity.values),
    }
    page = _page_number(request)
    results, pages = None, 0
    if q:
        filters = Filters(
            issuer=chosen["issuer"],
            year=chosen["year"],
            genre=chosen["genre"] or None,
            validity=chosen["validity"] or None,
            tenant=district.pk if district else None,
        )
        results = search(
            q, filters=filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
        )
        pages = math.ceil(results.total / PER_PAGE)
    base = urlencode({"q": q, **{k: v for k, v in chosen.items() if v}})
    return render(
        request,
        "portal/search.html",
        {
            "q": q,
            "submitted": "q" in request.GET,
            "results": results,
            "chosen": chosen,
            "page": page,
            "pages": pages,
            "base_query": base,
            "first_number": (page - 1) * PER_PAGE + 1,
            "issuers": portal.document_issuers(district) if district else [],
            "years": portal.document_years(district) if district else [],
            "genres": portal.document_genres(district) if district else [],
            "validities": Validity.choices,
        },
    )


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    """The service guides (办事指南): one per procedure."""
    return render(request, "portal/guide_list.html", {"specs": all_specs()})


@require_GET
def guide_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One procedure's guide: steps, time limits, legal basis and the state diagram."""
    try:
        spec = spec_for(key)
    except UnknownProcedure:
        raise Http404(_("There is no such service guide.")) from None
    return render(request, "portal/guide_detail.html", {"guide": guide_for(spec)})


@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    """The online application for disclosure on request; opens a case, gives its number.

    Filing is limited per client address and per phone (FAZHI_THROTTLE_FILINGS_*): each
    request starts the statutory reply period, so a flood is refused with 429.
    """
    form = DisclosureRequestForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if throttle.over_limit(
            ("FILINGS_PER_ADDRESS", client_address(request)),
            ("FILINGS_PER_PHONE", form.cleaned_data["phone"]),
        ):
            return throttle.refuse(
                request,
                _(
                    "Too many requests have been submitted from your network or with "
                    "this phone number. Please try again later."
                ),
            )
        office = portal.disclosure_office(portal.portal_district())
        try:
            case = submit_disclosure_request(office=office, **form.cleaned_data)
        except PortalError as exc:
            error = exc.message
        else:
            request.session[SESSION_NUMBER] = case.number
            return redirect("portal:request-done")
    return render(
        request,
        "portal/request_form.html",
        {"form": form, "error": error, "guide_key": REQUEST_PROCEDURE},
    )


@require_GET
def request_done(request: HttpRequest) -> HttpResponse:
    """After submitting: the number and tracking code (kept in the session, never in the
    URL)."""
    number = request.session.get(SESSION_NUMBER)
    if not number:
        return redirect("portal:request")
    district = portal.portal_district()
    tracked = portal.submitted_case(district, number, procedure=REQUEST_PROCEDURE)
    return render(
        request, "portal/request_done.html", {"number": number, "case": tracked}
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Find a request by number and tracking code (or, limited, the phone's last four
    digits); show its progress.

    A wrong number, code or digits get the same answer, so the page never reveals whether
    a number exists. Lookups are limited per client address (429 when over).
    """
    form = TrackForm(request.POST or None)
    context: dict = {"form": form, "not_found": False, "closed": False, "case": None}
    if request.method == "POST":
        address = client_address(request)
        refused = throttle.lookup_refused(
            request,
            address,
            _(
                "Too many look-ups from your network. Please wait an hour and try again."
            ),
        )
        if refused:
            return refused
        if form.is_valid():
            d = form.cleaned_data
            tracked, closed = portal.tracked_case(
                portal.portal_district(),
                d["number"],
                procedure=REQUEST_PROCEDURE,
                code=d["code"],
                phone_last4="" if d["code"] else d["phone_last4"],
            )
            if tracked is None:
                throttle.Limiter.named("LOOKUP_FAILURES_PER_ADDRESS").hit(address)
                context["not_found"], context["closed"] = not closed, closed
            else:
                context["case"] = tracked
    return render(request, "portal/track.html", context)


@require_GET
def favorites(request: HttpRequest) -> HttpResponse:
    """我的收藏: the documents this browser saved (kept in localStorage, listed by JS)."""
    return render(request, "portal/favorites.html")


@require_http_methods(["GET", "POST"])
def set_prefs(request: HttpRequest) -> HttpResponse:
    """Set a display preference cookie from a plain link or form, then go back.

    `mode=elderly|normal`, `a11y=on|off`, `size=large|medium|small`, `next=<path>`.
    """
    params = request.POST if request.method == "POST" else request.GET
    target = params.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    options = {"max_age": prefs.MAX_AGE, "samesite": "Lax", "path": "/"}
    mode = params.get("mode")
    if mode == "elderly":
        response.set_cookie(prefs.MODE_COOKIE, "elderly", **options)
    elif mode == "normal":
        response.delete_cookie(prefs.MODE_COOKIE, path="/")
    a11y = params.get("a11y")
    if a11y == "on":
        response.set_cookie(prefs.A11Y_COOKIE, "on", **options)
    elif a11y == "off":
        response.delete_cookie(prefs.A11Y_COOKIE, path="/")
    size = params.get("size")
    if size in ("large", "small"):
        response.set_cookie(prefs.SIZE_COOKIE, size, **options)
    elif size == "medium":
        response.delete_cookie(prefs.SIZE_COOKIE, path="/")
    return response
