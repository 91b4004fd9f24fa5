"""The admin pages: the years and their sources, and uploading a year's notice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.workdays.models import HolidayOverride

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:workdays_holidayoverride_import"


def upload(text):
    return SimpleUploadedFile("2027.csv", text.encode(), content_type="text/csv")


def test_the_list_shows_where_each_year_comes_from(admin_client):
    response = admin_client.get(reverse("admin:workdays_holidayoverride_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "导入年度节假日安排" in page
    assert "chinese-calendar 1.11.0" in page
    assert "无数据：仅按周末计算，期限为暂定" in page


def test_uploading_a_notice_imports_it_and_reports_it(admin_client):
    response = admin_client.post(
        reverse(IMPORT_URL), {"file": upload("2027-01-01,holiday,元旦\n")}, follow=True
    )
    assert (
        "2027年：已从 2027.csv 导入放假 1 天、调休上班 0 天。"
        in response.content.decode()
    )
    row = HolidayOverride.objects.get()
    assert (row.date.isoformat(), row.name, row.imported_by.username) == (
        "2027-01-01",
        "元旦",
        "admin",
    )
    assert "导入：2027.csv (" in response.content.decode()


def test_a_bad_upload_shows_every_error_and_imports_nothing(admin_client):
    response = admin_client.post(
        reverse(IMPORT_URL),
        {"file": upload("2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n")},
    )
    assert response.status_code == 200
    assert "第2行：日期 2027-01-01 与第1行重复" in response.content.decode()
    assert not HolidayOverride.objects.exists()


def test_the_import_page_needs_the_permission(client, django_user_model):
    staff = django_user_model.objects.create_user(
        "staff", password="x" * 12, is_staff=True
    )
    client.force_login(staff)
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 403
