"""A normative document's case, once published, puts the document on the portal and in the
law library; repealing it through the procedure marks the library entry 已废止."""

import pytest
import time_machine

from fazhi.disclosure.models import Document, LibraryEntry
from fazhi.disclosure.search import search
from fazhi.procedures import engine
from fazhi.procedures.tests.conftest import at
from fazhi.procedures.tests.test_library_decisions import (
    DOCUMENT,
    DOCUMENT_TO_REVIEW,
    adopt_and_issue,
    run,
)


@pytest.fixture
def end_of_2020():
    with time_machine.travel(at(2020, 12, 31, 18), tick=False):
        yield


def test_published_normative_document_enters_the_library_and_leaves_it_when_repealed(
    demo_district, end_of_2020, django_capture_on_commit_callbacks
):
    cast = demo_district
    with django_capture_on_commit_callbacks(execute=True):
        case = run(
            cast,
            "normative_document",
            "market_bureau",
            "department_officer",
            at(2020, 7, 20),
            {**DOCUMENT, "purpose": "规范农贸市场经营秩序，促进农贸市场规范发展。"},
            [
                *DOCUMENT_TO_REVIEW,
                *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25)),
                (
                    "disclosure_officer",
                    "disclose",
                    at(2020, 10, 12),
                    {"channel": "区政府网站"},
                ),
            ],
        )
    document = Document.objects.get(doc_number="穗云府规〔2020〕3号")
    assert document.is_public
    assert document.issuer == cast.district  # issued by the district government
    assert str(document.published_on) == "2020-10-12"
    entry = LibraryEntry.objects.get(document=document)
    assert entry.validity == "valid"
    assert str(entry.effective_on) == "2020-10-01"
    hits = search("农贸市场").hits
    assert any(h.title == DOCUMENT["title"] for h in hits)

    with django_capture_on_commit_callbacks(execute=True):
        engine.act(
            case,
            "repeal",
            actor=cast.district_leader,
            data={"ground": "maker", "repeal_document": "穗云府〔2020〕9号"},
            at=at(2020, 12, 1),
        )
    entry.refresh_from_db()
    assert entry.validity == "repealed"
