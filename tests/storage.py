"""A real S3-compatible server for the tests of the production storage path: moto in
server mode on a free local port (HTTP, its own bucket namespace), not a mock of boto.
Django talks to it through django-storages exactly as it would to AWS or MinIO."""

from __future__ import annotations

import socket
from contextlib import contextmanager

import boto3

ACCESS_KEY = "accord-test-key"
SECRET_KEY = "accord-test-secret"
REGION = "eu-west-2"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def s3_server():
    """Yield the endpoint URL of a local S3-compatible server, stopped afterwards."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """What an operator puts in .env for a self-hosted S3-compatible store."""
    return {
        "ACCORD_S3_BUCKET": bucket,
        "ACCORD_S3_ENDPOINT_URL": endpoint,
        "ACCORD_S3_REGION": REGION,
        "ACCORD_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "ACCORD_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "ACCORD_S3_ADDRESSING_STYLE": "path",
    }


def client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def create_bucket(endpoint: str, bucket: str) -> None:
    client(endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
    )


def keys(endpoint: str, bucket: str) -> list[str]:
    listing = client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))
