"""District-wide desk pages follow the visibility rule: a town officer does not see them."""

import pytest


@pytest.mark.parametrize("path", ["/desk/screen/", "/desk/screen.json", "/desk/hot/"])
def test_district_wide_pages_are_for_district_staff(client, demo_district, path):
    client.force_login(demo_district.town_officer)
    assert client.get(path).status_code == 403
    client.force_login(demo_district.command_chief)
    assert client.get(path).status_code == 200
