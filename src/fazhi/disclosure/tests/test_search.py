"""Chinese full-text search over the library and published documents, on either database."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from fazhi.disclosure import services
from fazhi.disclosure.library.importer import read_corpus
from fazhi.disclosure.models import Validity
from fazhi.disclosure.search import Filters, search

from .search_corpus import make_units, write_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel("2025-03-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def corpus(tmp_path):
    services.import_library(read_corpus(write_corpus(tmp_path / "laws.jsonl")))


def titles(results):
    return [f"{h.title} {h.heading}" for h in results.hits]


def test_two_character_query_finds_exact_substring_only(corpus):
    results = search("拆迁")
    # "拆除、迁移" has both characters but not the word: it must not match.
    assert titles(results) == ["国有土地上房屋征收与补偿条例 第三十五条"]
    assert results.total == 1


def test_two_character_query_ranks_title_match_above_passing_mention(corpus):
    results = search("复议")
    assert results.hits[0].title == "中华人民共和国行政复议法"
    mention = titles(results).index("国有土地上房屋征收与补偿条例 第二十六条")
    assert all(h.title == "中华人民共和国行政复议法" for h in results.hits[:mention])


def test_current_law_ranks_above_expired_version(corpus):
    results = search("五日内进行审查")
    assert [h.validity for h in results.hits] == [Validity.VALID, Validity.AMENDED]
    assert results.hits[0].heading == "第三十条"


def test_phrase_must_occur_in_order(corpus):
    assert search("审查五日").total == 0
    assert search("五日内 审查").total == 2


def test_every_term_must_match(corpus):
    assert titles(search("补偿决定 行政复议")) == [
        "国有土地上房屋征收与补偿条例 第二十六条"
    ]


def test_article_number_query_finds_that_article(corpus):
    for query in ("行政复议法 第三十条", "行政复议法第三十条"):
        hit = search(query).hits[0]
        assert (hit.heading, hit.validity) == ("第三十条", Validity.VALID)
        assert hit.url.endswith("#art-30")


def test_snippet_marks_matches_and_escapes_text(corpus):
    hit = search("房屋拆除").hits[0]
    assert "<mark>房屋拆除</mark>" in hit.snippet
    assert "&lt;暴力&gt;" in hit.snippet
    assert "<暴力>" not in hit.snippet


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(validity="amended"), {"中华人民共和国行政复议法 第一条"}),
        (Filters(genre="行政法规"), {"国有土地上房屋征收与补偿条例 第一条"}),
        (Filters(year=2023), {"中华人民共和国行政复议法 第一条"}),
        (
            Filters(issuer="全国人民代表大会常务委员会", validity="valid"),
            {"中华人民共和国行政复议法 第一条"},
        ),
    ],
)
def test_filters_restrict_results(corpus, filters, expected):
    assert set(titles(search("为了", filters=filters))) == expected


def test_offset_pages_through_results_and_keeps_total(corpus):
    first, second = search("复议", limit=2), search("复议", limit=2, offset=2)
    assert first.total == second.total > 4
    assert not set(titles(first)) & set(titles(second))


def test_empty_or_punctuation_query_returns_nothing(corpus):
    assert search("").total == 0
    assert search("，。！").total == 0


def test_cli_prints_json_with_titles_validity_and_score(corpus):
    out = StringIO()
    call_command("search", "复议", "--limit", "3", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"] > 3
    assert len(data["hits"]) == 3
    assert data["hits"][0]["title"] == "中华人民共和国行政复议法"
    assert data["hits"][0]["validity"] == "valid"
    assert data["hits"][0]["score"] >= data["hits"][1]["score"]


def test_cli_rebuild_keeps_results(corpus):
    before = titles(search("复议"))
    call_command("search", "--rebuild", stdout=StringIO())
    assert titles(search("复议")) == before


def test_published_document_is_searchable_until_withdrawn():
    # given
    district, bureau = make_units()
    doc = services.create_document(
        tenant=district,
        issuer=bureau,
        title="关于开展行政复议宣传月活动的通知",
        genre="通知",
        body="<p>各镇街：现就开展<b>复议</b>宣传工作通知如下。</p><script>alert(1)</script>",
    )
    assert search("宣传月").total == 0  # a draft is not public
    # when
    services.publish_document(doc)
    # then
    hit = search("宣传月", filters=Filters(issuer=bureau.pk)).hits[0]
    assert (hit.kind, hit.title, hit.year) == ("document", doc.title, 2025)
    assert "alert" not in search("宣传 通知").hits[0].snippet
    services.withdraw_document(doc, reason="内容有误")
    assert search("宣传月").total == 0
    doc.refresh_from_db()
    assert doc.index_number == "11440111MB2C92516Y/2025-00001"


def test_document_edit_is_reindexed():
    district, bureau = make_units()
    doc = services.create_document(tenant=district, issuer=bureau, title="旧标题的公告")
    services.publish_document(doc)
    services.update_document(doc, title="新标题的公告")
    assert search("旧标题").total == 0
    assert search("新标题").total == 1
