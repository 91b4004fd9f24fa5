"""The demo desk loader: demo catalogue and routing model from `demo/data/`, then calls."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.demo.calls import DEMO_TRAINING_SET, load_demo_desk
from fazhi.demo.routing_set import generate
from fazhi.desk.models import CallRouting, DispatchCatalogueEntry
from fazhi.desk.routing import get_router, model_missing
from fazhi.procedures.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_var(settings, tmp_path):
    settings.FAZHI_VAR_DIR = tmp_path / "var"
    return settings.FAZHI_VAR_DIR


def test_loader_loads_the_catalogue_and_trains_the_model_once(demo_district, own_var):
    assert model_missing()
    first = load_demo_desk(demo_district.district)
    assert (first.catalogue_loaded, first.model_trained) == (True, True)
    entries = DispatchCatalogueEntry.objects.filter(tenant=demo_district.district)
    assert entries.get(category="企业用水").unit.name == "广州市白云区水务局"
    router = get_router()
    assert router is not None
    assert set(router.labels) == {r[2] for r in generate()}
    count = entries.count()
    again = load_demo_desk(demo_district.district)
    assert (again.catalogue_loaded, again.model_trained) == (False, False)
    assert entries.count() == count


def test_demo_calls_command_loads_the_desk_and_files_routed_calls(
    demo_district, own_var
):
    out = StringIO()
    call_command("demo", "calls", "--calls", "8", "--months", "1", stdout=out)
    assert not model_missing()
    assert Case.objects.filter(procedure="hotline_order").count() == 8
    assert all(r.suggestions for r in CallRouting.objects.all())
    out = StringIO()
    call_command("demo", "calls", "--calls", "8", "--if-empty", stdout=out)
    assert Case.objects.filter(procedure="hotline_order").count() == 8


def test_demo_calls_needs_the_demo_district(db, own_var):
    with pytest.raises(CommandError):
        call_command("demo", "calls", "--calls", "1")


def test_demo_set_is_the_generators_output_and_covers_every_category():
    with DEMO_TRAINING_SET.open(encoding="utf-8", newline="") as f:
        rows = [tuple(r) for r in csv.reader(f)][1:]
    assert rows == generate()
    assert len({r[2] for r in rows}) == 14
