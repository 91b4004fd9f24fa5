import datetime as dt

import pytest

from fazhi.disclosure import services as disclosure

from .i18n import use_portal_catalog


@pytest.fixture(autouse=True)
def _portal_translations(settings):
    use_portal_catalog(settings)


@pytest.fixture
def publish(demo_district):
    """Create and publish a document of the district government; return it."""

    def make(title="广州市白云区人民政府2020年法治政府建设年度报告", **fields):
        fields.setdefault("written_on", dt.date(2021, 1, 12))
        fields.setdefault("published_on", dt.date(2021, 1, 13))
        fields.setdefault(
            "body", "<p>2020年，区政府以习近平新时代中国特色社会主义思想为指导。</p>"
        )
        document = disclosure.create_document(
            tenant=demo_district.district,
            issuer=demo_district.district,
            title=title,
            **fields,
        )
        return disclosure.publish_document(document)

    return make
