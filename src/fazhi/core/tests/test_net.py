from django.test import RequestFactory, override_settings

from fazhi.core.net import client_address

factory = RequestFactory()


def _request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


@override_settings(FAZHI_TRUSTED_PROXIES=[])
def test_remote_addr_without_trusted_proxies_ignores_forwarded_for():
    assert client_address(_request(forwarded="198.51.100.1")) == "203.0.113.9"


@override_settings(FAZHI_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_forwarded_for_from_a_trusted_proxy():
    request = _request(remote="10.0.0.2", forwarded="198.51.100.7")
    assert client_address(request) == "198.51.100.7"


@override_settings(FAZHI_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_client_cannot_spoof_through_a_trusted_proxy():
    # The client sent "1.2.3.4" itself; our proxy appended the real address.
    request = _request(remote="10.0.0.2", forwarded="1.2.3.4, 198.51.100.7, 10.0.0.3")
    assert client_address(request) == "198.51.100.7"


@override_settings(FAZHI_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_untrusted_remote_is_taken_as_is():
    assert client_address(_request(forwarded="1.2.3.4")) == "203.0.113.9"


@override_settings(FAZHI_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_garbage_forwarded_for_falls_back_to_proxy():
    request = _request(remote="10.0.0.2", forwarded="not-an-ip")
    assert client_address(request) == "10.0.0.2"
