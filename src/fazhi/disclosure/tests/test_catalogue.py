"""The standard catalogue: the demo generator, the public page and the compliance view."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from fazhi.disclosure import publishing
from fazhi.disclosure.catalogue import load_catalogue
from fazhi.disclosure.models import CatalogueDomain, CatalogueItem

from .penalty import at


@pytest.fixture
def cast(demo_district):
    with time_machine.travel(at(2024, 6, 14, 10), tick=False):
        yield demo_district


@pytest.mark.django_db
def test_load_builds_26_domains_for_the_district_and_24_towns_once(cast):
    call_command("catalogue", "load")
    assert CatalogueDomain.objects.count() == 26
    assert CatalogueItem.objects.count() == 4366  # the seed's figure
    assert CatalogueItem.objects.values("unit").distinct().count() == 25
    # idempotent: a second run creates nothing
    assert load_catalogue(cast.district).created == 0
    assert CatalogueItem.objects.count() == 4366
    # rural matters are in the towns' catalogues only, not the streets'
    assert CatalogueItem.objects.filter(
        unit=cast.renhe, domain__name="涉农补贴"
    ).exists()
    assert not CatalogueItem.objects.filter(
        unit=cast.helong, domain__name="涉农补贴"
    ).exists()
    # district items name the department responsible
    item = CatalogueItem.objects.filter(
        unit=cast.district, domain__name="社会救助"
    ).first()
    assert item.responsible_name == "广州市白云区民政局"
    assert item.level == "district"


def _published_under(cast, item):
    document = publishing.create_draft(
        issuer=cast.office,
        actor=cast.disclosure_officer,
        title="白云区最低生活保障标准调整公告",
        summary="调整低保标准",
        disclosure_category="public_services",
        written_on=dt.date(2024, 6, 13),
        items=[item],
    )
    publishing.submit_for_review(document, actor=cast.disclosure_officer)
    publishing.approve(document, actor=cast.disclosure_chief, opinion="同意")
    publishing.publish_now(document, actor=cast.disclosure_officer)
    return document


@pytest.mark.django_db
def test_catalogue_page_shows_each_item_with_its_documents(cast, client):
    load_catalogue(cast.district, total=1000)
    domain = CatalogueDomain.objects.get(name="社会救助")
    item = CatalogueItem.objects.filter(unit=cast.district, domain=domain).first()
    _published_under(cast, item)
    page = client.get(
        "/catalogue/", {"unit": cast.district.pk, "domain": domain.code}
    ).content.decode()
    assert item.level2 in page
    assert "白云区最低生活保障标准调整公告" in page  # shown directly under its item
    assert item.elements in page
    # another unit's catalogue does not show it
    page = client.get(
        "/catalogue/", {"unit": cast.taihe.pk, "domain": domain.code}
    ).content.decode()
    assert "白云区最低生活保障标准调整公告" not in page
    assert "太和镇" in page


@pytest.mark.django_db
def test_compliance_lists_items_without_content_and_late_ones(cast, client):
    load_catalogue(cast.district, total=600)
    domain = CatalogueDomain.objects.get(name="社会救助")
    done, late = CatalogueItem.objects.filter(unit=cast.district, domain=domain)[:2]
    _published_under(cast, done)
    # a document under `late`: created in April, still unpublished in June
    publishing.create_draft(
        issuer=cast.office,
        actor=cast.disclosure_officer,
        title="临时救助资金发放情况",
        summary="发放情况",
        disclosure_category="public_services",
        written_on=dt.date(2024, 4, 1),
        items=[late],
    )
    client.force_login(cast.disclosure_officer)
    url = "/work/disclosure/compliance/"
    page = client.get(url, {"unit": cast.district.pk, "domain": domain.code})
    text = page.content.decode()
    assert late.level2 in text
    assert done.level2 not in text
    late_only = client.get(url, {"problem": "late"}).content.decode()
    assert late.level2 in late_only
    assert late_only.count("<tr>") == 2  # header and one item
