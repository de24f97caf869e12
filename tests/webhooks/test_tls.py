"""HTTPS to the address that was checked: the connection goes to the IP the name resolved to
(DNS rebinding cannot redirect it), while TLS still sends the name (SNI) and checks the
certificate against it. A local TLS receiver with a certificate made by openssl here."""

import json
import shutil
import socket
import ssl
import subprocess

import pytest

from webhooks import addresses, sending
from webhooks.models import Delivery
from webhooks.recording import create_endpoint, send_test_event

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl"),
]


def certificate(tmp_path, name):
    key, cert = tmp_path / f"{name}.key", tmp_path / f"{name}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", key, "-out", cert, "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_receiver(receiver, tmp_path, monkeypatch):
    """The local receiver behind TLS as `hooks.test`, which resolves to 127.0.0.1; our
    client trusts that certificate (and only it)."""
    cert, key = certificate(tmp_path, "hooks.test")
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    receiver.server.socket = server.wrap_socket(receiver.server.socket, server_side=True)
    trusted = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(sending.ssl, "create_default_context", lambda: trusted)
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, *args, **kwargs):
        asked.append(host)
        return real("127.0.0.1" if host == "hooks.test" else host, *args, **kwargs)

    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)
    receiver.port = receiver.server.server_address[1]
    receiver.asked = asked
    return receiver


def test_https_goes_to_the_checked_address_with_the_name_for_tls(tls_receiver, admin_user):
    endpoint = create_endpoint(
        by=None, name="tls", kind="signed", url=f"https://hooks.test:{tls_receiver.port}/in",
        events=["requisition.on_hold"],
    )  # fmt: skip
    delivery = send_test_event(endpoint, by=admin_user)
    assert sending.deliver(delivery.pk) == "delivered"
    (request,) = tls_receiver.requests
    assert request.headers["Host"] == f"hooks.test:{tls_receiver.port}"
    assert json.loads(request.body)["type"] == "webhook.test"
    # The name was resolved once, by the check; the connection was made to the IP.
    assert [h for h in tls_receiver.asked if h != "127.0.0.1"] == ["hooks.test"]


def test_a_certificate_for_another_name_is_refused(tls_receiver, admin_user, monkeypatch):
    real = addresses.socket.getaddrinfo
    monkeypatch.setattr(
        addresses.socket, "getaddrinfo",
        lambda host, *a, **k: real("hooks.test" if host == "other.test" else host, *a, **k),
    )  # fmt: skip
    endpoint = create_endpoint(
        by=None, name="tls", kind="signed", url=f"https://other.test:{tls_receiver.port}/in",
        events=["requisition.on_hold"],
    )  # fmt: skip
    delivery = send_test_event(endpoint, by=admin_user)
    assert sending.deliver(delivery.pk) == "retry"
    delivery = Delivery.objects.get(pk=delivery.pk)
    assert delivery.last_error.startswith("TLS failed") and not tls_receiver.requests
