"""The law library: import, articles with anchors, versions, citations, index numbers."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from fazhi.disclosure import selectors, services
from fazhi.disclosure.library.articles import anchor_for, cn_number, split_articles
from fazhi.disclosure.library.importer import read_corpus
from fazhi.disclosure.models import Document, IndexCounter, LibraryEntry, Validity
from fazhi.disclosure.search import search
from fazhi.disclosure.search.text import sanitize_html

from .search_corpus import make_units, write_corpus

frozen = time_machine.travel("2025-03-01 10:00 +0800", tick=False)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("三十", 30),
        ("一百零五", 105),
        ("二百三十一", 231),
    ],
)
def test_chinese_numerals(numeral, value):
    assert cn_number(numeral) == value


def test_article_anchors():
    assert anchor_for("第三十条") == "art-30"
    assert anchor_for("第十七条之一") == "art-17-1"


def test_split_articles_keeps_chapters_and_paragraphs():
    body = "<!-- INFO END -->\n## 第一章 总 则\n第一条 甲。\n\n乙。\n## 第二章 附则\n第二条 丙。"
    arts = split_articles(body)
    assert [(a.number, a.anchor, a.chapter) for a in arts] == [
        ("第一条", "art-1", "第一章总则"),
        ("第二条", "art-2", "第二章附则"),
    ]
    assert arts[0].text == "第一条 甲。\n乙。"


def test_text_without_articles_is_split_by_section():
    arts = split_articles("## 基本案情\n甲诉乙。\n## 裁判结果\n驳回。")
    assert [(a.number, a.anchor) for a in arts] == [
        ("基本案情", "sec-1"),
        ("裁判结果", "sec-2"),
    ]


@pytest.mark.django_db
@frozen
def test_import_command_loads_versions_chain_and_citations(tmp_path):
    # given
    path = write_corpus(tmp_path / "laws.jsonl")
    out = StringIO()
    # when
    call_command("library", "import", str(path), stdout=out, stderr=StringIO())
    # then
    assert "4" in out.getvalue()
    new, old = LibraryEntry.objects.filter(title="中华人民共和国行政复议法").order_by(
        "-published_on"
    )
    assert (new.validity, old.validity) == (Validity.VALID, Validity.AMENDED)
    assert new.supersedes == old
    assert [e.pk for e in selectors.entry_versions(new)] == [old.pk, new.pk]
    entry = selectors.library_entry(new.pk)
    assert selectors.article_by_anchor(entry, "art-30").number == "第三十条"
    (citation,) = entry.cited_by.all()
    assert citation.source.entry.title == "国有土地上房屋征收与补偿条例"
    assert citation.target_anchor == "art-30"


@pytest.mark.django_db
def test_import_is_idempotent_and_limit_is_honoured(tmp_path):
    path = write_corpus(tmp_path / "laws.jsonl")
    call_command(
        "library",
        "import",
        str(path),
        "--limit",
        "2",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert LibraryEntry.objects.count() == 2
    call_command("library", "import", str(path), stdout=StringIO(), stderr=StringIO())
    assert LibraryEntry.objects.count() == 4
    assert search("为了").total == 3


@pytest.mark.django_db
def test_repealed_law_ranks_below_current_law(tmp_path):
    services.import_library(read_corpus(write_corpus(tmp_path / "laws.jsonl")))
    regs = LibraryEntry.objects.get(title="国有土地上房屋征收与补偿条例")
    services.set_library_validity(regs, Validity.REPEALED)
    hits = search("依法").hits
    assert hits[0].title == "广东省城市房屋拆除管理规定"
    assert {h.validity for h in hits[1:]} == {Validity.REPEALED}


# --- index numbers -------------------------------------------------------------------


@pytest.mark.django_db
@frozen
def test_index_numbers_count_per_issuer_and_year():
    district, bureau = make_units()
    a = services.create_document(tenant=district, issuer=bureau, title="甲")
    b = services.create_document(tenant=district, issuer=bureau, title="乙")
    c = services.create_document(tenant=district, issuer=district, title="丙")
    d = services.create_document(
        tenant=district, issuer=bureau, title="丁", written_on=dt.date(2021, 5, 1)
    )
    assert [x.index_number for x in (a, b, c, d)] == [
        "11440111MB2C92516Y/2025-00001",
        "11440111MB2C92516Y/2025-00002",
        "11440111007502337T/2025-00001",
        "11440111MB2C92516Y/2021-00001",
    ]


@pytest.mark.django_db
@frozen
def test_index_number_is_never_reused_after_withdrawal_or_deletion():
    district, bureau = make_units()
    first = services.create_document(tenant=district, issuer=bureau, title="甲")
    services.publish_document(first)
    services.withdraw_document(first, reason="撤回")
    second = services.create_document(tenant=district, issuer=bureau, title="乙")
    Document.objects.filter(pk=second.pk).delete()
    third = services.create_document(tenant=district, issuer=bureau, title="丙")
    first.refresh_from_db()
    assert first.index_number.endswith("2025-00001")
    assert third.index_number.endswith("2025-00003")
    assert IndexCounter.objects.get(issuer=bureau, year=2025).last_serial == 3


@pytest.mark.django_db
def test_withdrawal_needs_a_reason_and_a_published_document():
    district, bureau = make_units()
    doc = services.create_document(tenant=district, issuer=bureau, title="甲")
    with pytest.raises(services.DocumentStateError):
        services.withdraw_document(doc, reason="撤回")
    services.publish_document(doc)
    with pytest.raises(services.DisclosureError):
        services.withdraw_document(doc, reason="  ")


@pytest.mark.django_db
@frozen
def test_published_normative_document_enters_the_library():
    district, bureau = make_units()
    doc = services.create_document(
        tenant=district,
        issuer=bureau,
        title="广州市白云区行政执法公示办法",
        genre=services.NORMATIVE_GENRE,
        body="<p>第一条 为了规范行政执法公示，制定本办法。</p><p>第二条 本办法自发布之日起施行。</p>",
    )
    services.publish_document(doc)
    entry = LibraryEntry.objects.get(document=doc)
    assert (entry.issuer, entry.tenant, entry.validity) == (
        bureau,
        district,
        Validity.VALID,
    )
    assert [a.anchor for a in entry.articles.all()] == ["art-1", "art-2"]
    kinds = {h.kind for h in search("执法公示").hits}
    assert kinds == {"document", "article"}
    services.withdraw_document(doc, reason="错误发布")
    assert search("执法公示").total == 0


def test_sanitizer_keeps_structure_and_drops_active_content():
    raw = (
        '<p onclick="x()">甲<b>乙</b></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">丙</a><a href="/x">丁</a><table><tr><td>戊'
    )
    assert sanitize_html(raw) == (
        '<p>甲<b>乙</b></p><a>丙</a><a href="/x">丁</a><table><tr><td>戊</td></tr></table>'
    )


@pytest.mark.django_db
@pytest.mark.shared_data
def test_real_corpus_query_finds_the_right_law(shared_data):
    path = shared_data / "laws_lawrefbook" / "laws_national.jsonl"
    services.import_library(read_real(path))
    titles = [h.title for h in search("人脸识别 个人信息", limit=3).hits]
    assert any("人脸识别技术处理个人信息" in t for t in titles)
    hit = search("执行异议 复议").hits[0]
    assert "执行异议和复议" in hit.title


def read_real(path):
    return read_corpus(path, limit=300)
