"""Without its own model and catalogue the district gets no demo data: calls wait for a
dispatcher, and the staff pages say what is missing and how to add it."""

import pytest
from django.urls import reverse

from fazhi.desk import services
from fazhi.desk.models import CallRouting, DispatchCatalogueEntry
from fazhi.desk.routing import default_model_path

from .test_services import enterprise_call

pytestmark = pytest.mark.django_db

NO_MODEL = "本区尚未训练分拨模型，请运行 fazhi desk train"


@pytest.fixture
def bare_district(demo_district, settings, tmp_path):
    """The demo district with a var/ dir of its own: no model file, no catalogue loaded."""
    settings.FAZHI_VAR_DIR = tmp_path / "var"
    settings.LANGUAGE_CODE = "zh-hans"
    assert not default_model_path().exists()
    return demo_district


def test_a_call_filed_without_a_model_gets_no_suggestion_and_waits(bare_district):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    routing = CallRouting.objects.get(case=case)
    assert routing.suggestions == []
    assert routing.automatic is False
    assert routing.model_version == ""
    assert case.state == "received"
    assert not default_model_path().exists()


def test_queue_and_staff_call_page_say_the_district_has_no_model(client, bare_district):
    client.force_login(bare_district.dispatcher)
    for name in ("desk:queue", "desk:staff-call"):
        body = client.get(reverse(name)).content.decode()
        assert NO_MODEL in body, name


def test_the_notice_goes_once_the_district_has_trained_a_model(client, bare_district):
    from fazhi.demo.calls import load_demo_desk

    load_demo_desk(bare_district.district)
    client.force_login(bare_district.dispatcher)
    for name in ("desk:queue", "desk:staff-call"):
        body = client.get(reverse(name)).content.decode()
        assert NO_MODEL not in body, name


def test_catalogue_page_says_there_is_none_and_how_to_import_it(client, bare_district):
    assert not DispatchCatalogueEntry.objects.exists()
    client.force_login(bare_district.dispatcher)
    body = client.get(reverse("desk:catalogue")).content.decode()
    assert "本区尚无派单目录" in body
    assert "fazhi desk catalogue-load --file CSV" in body
    assert "广州市白云区水务局" not in body
