"""The demo documents: the seed report keeps its real index number, and loading is idempotent."""

from django.core.management import call_command

from fazhi.demo.documents import load_demo_documents
from fazhi.disclosure.models import Document


def test_the_annual_report_has_its_real_index_number(demo_district):
    assert load_demo_documents() >= 8
    report = Document.objects.get(
        title="广州市白云区人民政府2020年法治政府建设年度报告"
    )
    assert report.index_number == "11440111007502337T/2021-00021"
    assert str(report.published_on) == "2021-01-13"
    assert report.is_public
    assert "办理各级人大代表建议204件" in report.body
    assert load_demo_documents() == 0


def test_demo_documents_command(demo_district, capsys):
    call_command("demo", "documents")
    call_command("demo", "documents")
    assert "未作改动" in capsys.readouterr().out


def test_demo_documents_are_listed_in_the_catalogue(demo_district):
    from fazhi.disclosure.catalogue import load_catalogue
    from fazhi.disclosure.models import CatalogueItem

    load_demo_documents()  # before the catalogue exists: nothing to link yet
    load_catalogue(demo_district.district)
    load_demo_documents()  # now links, without creating anything
    item = CatalogueItem.objects.get(documents__title="白云区生态环境监督执法正面清单")
    assert item.domain.name == "环境保护"
    assert item.unit == demo_district.district
