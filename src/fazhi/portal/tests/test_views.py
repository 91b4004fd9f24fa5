"""The public pages through the Django test client: what a visitor sees."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.disclosure import services as disclosure
from fazhi.procedures import tracking
from fazhi.procedures.models import Case, Deadline
from fazhi.workdays.services import get_calendar

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def parse_xml(content: bytes) -> ET.Element:
    """Parse our own feed or sitemap; raises if it is not well-formed XML."""
    return ET.fromstring(content)  # noqa: S314 - the app's own output, not untrusted


def test_home_lists_recent_documents_and_links_to_every_service(client, publish):
    publish()
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "广州市白云区人民政府2020年法治政府建设年度报告" in page
    for link in (
        "/documents/",
        "/catalogue/",
        "/library/",
        "/guides/",
        "/request/",
        "/track/",
    ):
        assert f'href="{link}"' in page
    assert 'role="search"' in page


def test_document_page_shows_the_seed_metadata_block(client, publish):
    document = publish(
        doc_number="云府〔2021〕1号", keywords="法治 年度报告", category="法治政府"
    )
    response = client.get(f"/documents/{document.index_number}/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in (
        "索引号",
        "分类",
        "发布机构",
        "成文日期",
        "名称",
        "文号",
        "发布日期",
        "主题词",
    ):
        assert f"{label}:" in page
    assert document.index_number.startswith("11440111007502337T/2021-")
    assert document.index_number in page
    assert "2021-01-12" in page
    assert "云府〔2021〕1号" in page
    assert "【打印】" in page
    assert "【字体：" in page
    assert "<p>2020年，区政府" in page
    assert "永久链接" in page


def test_document_body_is_sanitized_on_the_way_out(client, publish):
    document = publish()
    # A row written past the services (e.g. a raw import) still cannot inject script.
    type(document).objects.filter(pk=document.pk).update(
        body='<p>正文</p><script>alert(1)</script><a href="javascript:x()">链接</a>'
    )
    page = client.get(f"/documents/{document.index_number}/").content.decode()
    assert "<script>alert" not in page
    assert "javascript:x()" not in page
    assert "<p>正文</p>" in page


def test_unknown_index_number_is_404(client, demo_district):
    assert client.get("/documents/11440111007502337T/2099-00001/").status_code == 404


def test_withdrawn_document_is_a_410_tombstone_with_reason(client, publish):
    document = publish()
    disclosure.withdraw_document(document, reason="内容已被新文件替代")
    response = client.get(f"/documents/{document.index_number}/")
    assert response.status_code == 410
    page = response.content.decode()
    assert "本信息已撤回" in page
    assert "内容已被新文件替代" in page
    assert document.index_number in page
    assert "2020年，区政府" not in page


def test_print_view_and_font_size_work_without_javascript(client, publish):
    document = publish()
    url = f"/documents/{document.index_number}/"
    assert "print-view" in client.get(url + "?print=1").content.decode()
    response = client.get("/prefs/", {"size": "large", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert 'class="size-large"' in client.get(url).content.decode()


def test_elderly_mode_is_one_link_away_and_remembered(client, demo_district):
    page = client.get("/guides/").content.decode()
    assert "长者助手" in page
    assert "/prefs/?mode=elderly" in page
    response = client.get("/prefs/", {"mode": "elderly", "next": "/guides/"})
    assert response.cookies["fz_mode"].value == "elderly"
    assert response.cookies["fz_mode"]["max-age"] > 30 * 24 * 3600
    page = client.get("/library/").content.decode()
    assert "mode-elderly" in page
    assert "长者助手<span" in page
    client.get("/prefs/", {"mode": "normal", "next": "/"})
    assert "mode-elderly" not in client.get("/library/").content.decode()


def test_prefs_never_redirect_off_site(client):
    response = client.get("/prefs/", {"a11y": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_documents_page_lists_documents_by_category(client, publish):
    publish(category="法治政府")
    publish(title="关于印发白云区重大行政决策目录的通知", category="重大决策")
    page = client.get("/documents/").content.decode()
    assert 'href="/catalogue/"' in page
    assert "法治政府" in page
    assert "重大决策" in page
    page = client.get("/documents/", {"category": "重大决策"}).content.decode()
    assert "关于印发白云区重大行政决策目录的通知" in page
    assert "2020年法治政府建设年度报告" not in page


def _law(title="中华人民共和国行政复议法", **kwargs):
    from fazhi.disclosure.models import Article, LibraryEntry

    entry = LibraryEntry.objects.create(
        title=title,
        work_key=title,
        level="法律",
        issuer_name="全国人大常委会",
        **kwargs,
    )
    Article.objects.create(
        entry=entry,
        seq=1,
        number="第三十条",
        anchor="第三十条",
        text="行政复议机关收到申请后，应当在五日内进行审查。",
    )
    return entry


def test_library_lists_and_filters_by_validity(client, demo_district):
    _law()
    _law(title="广州市旧办法", validity="repealed")
    page = client.get("/library/").content.decode()
    assert "中华人民共和国行政复议法" in page
    assert "广州市旧办法" in page
    page = client.get("/library/", {"validity": "repealed"}).content.decode()
    assert "广州市旧办法" in page
    assert "中华人民共和国行政复议法" not in page


def test_library_entry_has_article_anchors_versions_and_cited_by(client, demo_district):
    from fazhi.disclosure.models import Article, Citation

    old = _law(validity="amended", published_on=dt.date(2017, 9, 1))
    new = _law(published_on=dt.date(2023, 9, 1), supersedes=old)
    citing = _law(title="广东省行政复议工作规定")
    Citation.objects.create(
        source=Article.objects.get(entry=citing), target=new, target_anchor="第三十条"
    )
    page = client.get(f"/library/{new.pk}/").content.decode()
    assert 'id="第三十条"' in page
    assert "现行有效" in page
    assert f"/library/{old.pk}/" in page  # the amendment chain
    assert "广东省行政复议工作规定" in page  # cited by
    assert client.get("/library/999999/").status_code == 404


def test_search_shows_highlighted_snippets_and_only_mark_survives(client, publish):
    publish(body="<p>法治政府建设成效明显 &lt;b&gt;加粗&lt;/b&gt;</p>")
    page = client.get("/search/", {"q": "法治政府"}).content.decode()
    assert "<mark>法治政府</mark>" in page
    assert "<b>加粗" not in page
    assert "&lt;b&gt;加粗" in page


def test_empty_search_says_so_in_chinese(client, demo_district):
    page = client.get("/search/", {"q": "  "}).content.decode()
    assert "请输入要搜索的词语" in page


def test_search_filters_by_year(client, publish):
    publish(title="2021年法治报告", published_on=dt.date(2021, 1, 13))
    publish(
        title="2022年法治报告",
        written_on=dt.date(2022, 1, 5),
        published_on=dt.date(2022, 1, 6),
    )
    page = client.get("/search/", {"q": "法治报告", "year": "2022"}).content.decode()
    assert "2022年法治报告" in page
    assert "2021年法治报告" not in page


def test_guide_page_has_steps_time_limits_basis_and_svg(client):
    page = client.get("/guides/disclosure_request/").content.decode()
    assert "政府信息依申请公开" in page
    assert "20个工作日" in page
    assert "政府信息公开条例第三十三条第二款" in page
    assert "作出答复" in page
    assert "政务公开工作人员" in page
    assert '<svg id="diagram-disclosure_request"' in page
    assert 'role="img"' in page
    assert "<title" in page
    assert "在“收到申请”阶段，“作出答复”后进入“已答复”。" in page


def test_guide_shows_unverified_basis_as_pending_check(client):
    page = client.get("/guides/cppcc_proposal/").content.decode()
    assert "待核实" in page


def test_every_procedure_has_a_guide_page(client):
    from fazhi.procedures.registry import all_specs

    page = client.get("/guides/").content.decode()
    for spec in all_specs():
        assert f"/guides/{spec.key}/" in page
        assert client.get(f"/guides/{spec.key}/").status_code == 200
    assert client.get("/guides/no_such_thing/").status_code == 404


VALID_REQUEST = {
    "applicant_kind": "person",
    "name": "张三",
    "code": "11010519491231002X",
    "phone": "138 0013 8000",
    "contact": "zhangsan@example.com",
    "content": "白云区2023年度行政复议案件统计数据",
    "delivery": "email",
}


def test_request_form_opens_a_case_with_the_legal_deadlines(client, demo_district):
    with time_machine.travel(dt.datetime(2024, 9, 27, 10, tzinfo=TZ), tick=False):
        response = client.post("/request/", VALID_REQUEST)
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    case = Case.objects.get(procedure="disclosure_request")
    assert case.number in page
    assert case.unit == demo_district.office
    assert case.applicant_phone == "13800138000"
    assert case.applicant_kind == "person"
    due = {d.name: d.due_on for d in Deadline.objects.filter(case=case)}
    # 20 working days from Fri 2024-09-27: 9月29日 and 10月12日 are adjusted working days,
    # 10月1日-7日 the National Day holiday.
    assert due["reply"] == get_calendar().add_workdays(dt.date(2024, 9, 27), 20)
    assert due["reply"] == dt.date(2024, 10, 30)
    assert due["correction_notice"] == get_calendar().add_workdays(
        dt.date(2024, 9, 27), 7
    )
    assert "2024年10月30日" in page


def test_organisation_with_a_bad_credit_code_gets_a_chinese_error(
    client, demo_district
):
    data = {
        **VALID_REQUEST,
        "applicant_kind": "organisation",
        "code": "91440111MA59ABCDE1",
    }
    response = client.post("/request/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "统一社会信用代码" in page
    assert 'aria-describedby="id_code-help id_code-error"' in page
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "以1开头的11位手机号码"),
        ("code", "110105194912310021", "最后一位"),
        ("content", "", "请填写“所需政府信息的描述”"),
    ],
)
def test_request_form_errors_name_the_problem(
    client, demo_district, field, value, message
):
    response = client.post("/request/", {**VALID_REQUEST, field: value})
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_email_delivery_needs_an_email_address(client, demo_district):
    response = client.post("/request/", {**VALID_REQUEST, "contact": "白云区某路1号"})
    assert "有效的电子邮箱地址" in response.content.decode()


def _submit(client):
    client.post("/request/", VALID_REQUEST)
    return Case.objects.get(procedure="disclosure_request")


def test_tracking_with_the_code_or_the_phone_digits_shows_public_status(
    client, demo_district
):
    case = _submit(client)
    for secret in (
        {"code": tracking.display(case.tracking_code).lower()},
        {"phone_last4": "8000"},
    ):
        page = client.post(
            "/track/", {"number": case.number, **secret}
        ).content.decode()
        assert "收到申请" in page
        assert "提交申请" in page
        assert "答复期限" in page
        assert "张三" not in page
        assert "11010519491231002X" not in page
        assert case.tracking_code not in page  # the code is shown on the receipt only


def test_wrong_secrets_and_unknown_number_get_the_same_answer(client, demo_district):
    case = _submit(client)
    for secret in ({"phone_last4": "1234"}, {"code": "AAA-AAA-AAA"}):
        wrong = client.post("/track/", {"number": case.number, **secret})
        unknown = client.post("/track/", {"number": "白云依申请〔2099〕9号", **secret})
        assert "没有与该申请编号和查询码" in wrong.content.decode()
        assert _without_input(wrong, case.number, "1234") == _without_input(
            unknown, "白云依申请〔2099〕9号", "1234"
        )


def _without_input(response, number, digits):
    page = response.content.decode().replace(number, "").replace(digits, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_feeds_are_valid_xml_with_the_documents(client, publish):
    document = publish()
    rss = client.get("/feeds/documents.rss")
    root = parse_xml(rss.content)
    assert root.find("channel/item/title").text == document.title
    assert root.find("channel/item/link").text.endswith(
        f"/documents/{document.index_number}/"
    )
    atom = parse_xml(client.get("/feeds/documents.atom").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:entry/a:title", ns).text == document.title


def test_sitemap_lists_documents_library_and_guides(client, publish):
    document = publish()
    entry = _law()
    root = parse_xml(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert any(loc.endswith(f"/documents/{document.index_number}/") for loc in locs)
    assert any(loc.endswith(f"/library/{entry.pk}/") for loc in locs)
    assert any(loc.endswith("/guides/disclosure_request/") for loc in locs)


def test_favorites_page_explains_itself_without_javascript(client):
    page = client.get("/favorites/").content.decode()
    assert "我的收藏" in page
    assert "<noscript>" in page
