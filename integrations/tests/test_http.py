"""The outbound HTTP seam: private addresses refused (also behind redirects), timeouts reported."""

import pytest
from django.utils import translation

from integrations import http


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "240.0.0.1",
        # L6: NAT64 and 6to4 (and the other IPv6 forms that embed an IPv4 address)
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b::808:808",
        "64:ff9b:1::a00:1",
        "2002:7f00:1::1",
        "2002:808:808::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "::7f00:1",
    ],
)
def test_address_is_public_false_for_private_loopback_link_local_reserved(address):
    assert http.address_is_public(address) is False


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_address_is_public_true_for_global_unicast(address):
    assert http.address_is_public(address) is True


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/x",
        "http://localhost/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest/meta-data",
        "https://crm.internal/x",
        "ftp://8.8.8.8/x",
        "http:///nohost",
    ],
)
def test_check_url_refuses_private_hosts_and_other_schemes(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(http.BlockedAddress):
        http.check_url(url)


@pytest.mark.parametrize(
    "url", ["http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "https://[2002:a00:1::1]/hook"]
)
def test_check_url_refuses_nat64_and_6to4_literals(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(http.BlockedAddress):
        http.check_url(url, resolve=False)


def test_check_url_allows_private_when_setting_on(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    http.check_url("http://127.0.0.1:9/x")


def test_post_to_loopback_blocked_without_network_when_private_not_allowed(settings, receiver):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.WEBHOOKS_ALLOWED_ADDRESSES = []
    result = http.post(receiver.url(), body=b"{}", headers={})
    assert result.status_code is None
    assert result.blocked is True
    assert "127.0.0.1" in result.error
    assert receiver.requests == []


def test_post_follows_redirect_only_to_allowed_addresses(settings, receiver):
    # The CRM's own address is allowed explicitly; its redirect to another loopback address is not.
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.WEBHOOKS_ALLOWED_ADDRESSES = ["127.0.0.1"]
    receiver.redirect_to = f"http://127.0.0.2:{receiver.port}/hooks/smm"
    result = http.post(receiver.url("/redirect"), body=b"{}", headers={})
    assert result.blocked is True
    assert "127.0.0.2" in result.error
    assert receiver.requests == []


def test_post_follows_allowed_redirect_with_same_body(allow_loopback, receiver):
    receiver.redirect_to = receiver.url("/final")
    result = http.post(receiver.url("/redirect"), body=b'{"x":1}', headers={"X-Test": "1"})
    assert result.status_code == 200
    assert [(r.path, r.body, r.headers["X-Test"]) for r in receiver.requests] == [("/final", b'{"x":1}', "1")]


def test_post_reports_connection_refused_as_network_error(allow_loopback):
    with translation.override("en"):
        result = http.post("http://127.0.0.1:9/nothing", body=b"{}", headers={}, timeout=(1, 1))
    assert result.status_code is None
    assert result.blocked is False
    assert result.error.startswith("Connection failed")
