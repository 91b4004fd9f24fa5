import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_portal_home_needs_no_login_and_links_to_login(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "白云区法治政府建设平台" in text
    assert f'href="{reverse("core:login")}"' in text


def test_the_login_page_needs_no_login(client):
    assert client.get(reverse("core:login")).status_code == 200


def test_every_page_keeps_the_skip_link(client):
    text = client.get(reverse("portal:home")).content.decode()
    assert '<a class="skip-link" href="#main">跳到正文</a>' in text
