"""Visibility by procedure as well as by unit: a case is read by the roles its spec names
(those that open or act on it, and its `readers`) at the units they see, and nobody else."""

import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fazhi.procedures import engine, registry, selectors
from fazhi.procedures.errors import SpecError
from fazhi.procedures.spec import load_spec


@pytest.fixture
def petition(demo_district):
    return engine.open_case(
        "petition",
        unit=demo_district.petition_bureau,
        actor=demo_district.petition_officer,
        data={"content": "反映邻居噪音扰民，住址白云区某路12号", "channel": "visit"},
        subject="噪音扰民信访",
        applicant=engine.Applicant(name="王小明"),
    )


@pytest.fixture
def legality_review(demo_district):
    return engine.open_case(
        "legality_review",
        unit=demo_district.justice_bureau,
        actor=demo_district.legal_officer,
        data={
            "draft_title": "白云区某某管理办法（草案）",
            "submitting_unit": "区城管局",
        },
        subject="某某管理办法合法性审查",
    )


def _reads(client, person, case) -> bool:
    """Whether `person` finds `case` in the inbox and may open its page (else a 404)."""
    client.force_login(person)
    link = reverse("workbench:case-detail", args=[case.number])
    inbox = client.get("/work/", {"q": case.number, "closed": "1"})
    listed = link in inbox.content.decode("utf-8")
    page = client.get(link).status_code
    assert page in (200, 404)
    assert listed == (page == 200), "the list and the case page must agree"
    return page == 200


def test_petitions_are_read_by_their_roles_only(client, demo_district, petition):
    cast = demo_district
    assert _reads(client, cast.petition_officer, petition)
    # The district leader acts on petitions (复查、复核) at every unit below the district.
    assert _reads(client, cast.district_leader, petition)
    # Both see the whole district, but neither role is named by the petition procedure.
    assert not _reads(client, cast.disclosure_officer, petition)
    assert not _reads(client, cast.dispatcher, petition)
    assert not _reads(client, cast.legal_officer, petition)


def test_a_reader_named_by_the_spec_reads_without_acting(
    client, demo_district, legality_review
):
    cast = demo_district
    spec = registry.spec_for("legality_review")
    assert "district_leader" in spec.readers
    assert _reads(client, cast.district_leader, legality_review)
    assert engine.available_actions(legality_review, cast.district_leader) == []
    assert _reads(client, cast.legal_officer, legality_review)
    assert not _reads(client, cast.disclosure_officer, legality_review)
    assert not _reads(client, cast.dispatcher, legality_review)


def test_the_unit_scope_still_applies(client, demo_district, petition):
    # A department officer acts on petitions, but only at units it sees.
    assert not _reads(client, demo_district.department_officer, petition)


def test_deadline_lists_follow_the_same_rule(demo_district, petition):
    cast = demo_district
    mine = selectors.open_deadlines(cast.petition_officer)
    assert mine.filter(case=petition).exists()
    for person in (cast.disclosure_officer, cast.dispatcher):
        assert not selectors.open_deadlines(person).filter(case=petition).exists()


def test_the_rule_is_one_query(demo_district, petition, django_assert_num_queries):
    from fazhi.directory.models import Person

    person = Person.objects.get(pk=demo_district.district_leader.pk)
    with django_assert_num_queries(2):  # the person's assignments, then the cases
        numbers = list(selectors.cases_visible_to(person).values_list("number"))
    assert (petition.number,) in numbers


def test_superusers_read_everything(demo_district, petition):
    assert selectors.cases_visible_to(demo_district.admin).filter(pk=petition.pk)


def _spec_file(tmp_path, readers: str):
    path = tmp_path / "sample.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            key: sample
            title: 示例
            basis: 示例依据
            roles:
              petition_officer: 信访工作人员
            opened_by: [petition_officer]
            readers: {readers}
            states:
              open: {{title: 办理中}}
              done: {{title: 办结, final: true}}
            actions:
              finish: {{from: open, to: done, by: petition_officer}}
            """
        ),
        encoding="utf-8",
    )
    return path


def test_readers_must_be_declared_roles(tmp_path):
    with pytest.raises(SpecError) as exc:
        load_spec(_spec_file(tmp_path, "[petition_officer, legal_chief]"))
    assert "legal_chief" in str(exc.value)
    assert "sample.yaml:7" in str(exc.value)


def test_the_public_is_never_a_reader(tmp_path):
    with pytest.raises(SpecError):
        load_spec(_spec_file(tmp_path, "[public]"))


def test_reading_roles_are_actors_openers_and_readers(tmp_path):
    spec = load_spec(_spec_file(tmp_path, "[]"))
    assert spec.reading_roles == {"petition_officer"}
    hotline = registry.spec_for("hotline_order")
    assert "public" not in hotline.reading_roles
    assert {"dispatcher", "department_chief"} <= hotline.reading_roles


def test_procedures_check_rejects_an_unknown_reader(tmp_path, settings, capsys):
    folder = tmp_path / "local"
    folder.mkdir()
    _spec_file(folder, "[nobody]")
    settings.FAZHI_PROCEDURE_DIRS = [str(folder)]
    with pytest.raises(CommandError):
        call_command("procedures", "check")
    assert "nobody" in capsys.readouterr().err


def test_a_call_is_read_by_the_desk_the_handling_unit_and_its_head(
    client, demo_district
):
    from fazhi.demo.calls import load_demo_desk
    from fazhi.desk import services as desk
    from fazhi.desk.tests.test_services import enterprise_call

    cast = demo_district
    load_demo_desk(cast.district)
    call, caller = enterprise_call()
    case = desk.file_call(call, caller=caller)
    desk.dispatch_call(
        case, actor=cast.dispatcher, category="企业用水", unit=cast.market_bureau
    )
    for reader in (cast.dispatcher, cast.department_officer, cast.department_chief):
        assert _reads(client, reader, case), reader.username
    # The head of another unit, and a district-wide office the procedure does not name.
    for outsider in (cast.town_chief, cast.disclosure_officer, cast.petition_officer):
        assert not _reads(client, outsider, case), outsider.username
