"""Whose address a request counts as (audit log, evidence access log, sign-in lockout)."""

import pytest
from django.test import RequestFactory

from zhifa.core.middleware import client_ip


@pytest.fixture
def request_from():
    def build(peer, real_ip=None):
        headers = {"HTTP_X_REAL_IP": real_ip} if real_ip is not None else {}
        return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)
    return build


def test_behind_a_trusted_proxy_the_header_names_the_client(settings, request_from):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "172.16.0.0/12"]
    assert client_ip(request_from("127.0.0.1", "203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("172.18.0.5", "2001:db8::1")) == "2001:db8::1"


def test_a_direct_client_cannot_choose_its_address(settings, request_from):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_a_malformed_header_falls_back_to_the_peer(settings, request_from):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(request_from("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"
