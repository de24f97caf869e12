"""Résumés in real storage: chosen by the environment, and on an S3-compatible store every
host reaches every file — the web host that took the upload, another web host, the worker
host that runs erasure and retention — against a real local S3 server (tests/storage.py).
Backup and restore of the files, for any storage."""

import io
import tarfile
import zipfile
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pipeline.models import Application, DispositionReason, Resume
from tests import storage as s3
from tests.pipeline.helpers import pdf_upload

pytestmark = pytest.mark.django_db

BUCKET = "accord-resumes"


@pytest.fixture(scope="module")
def endpoint():
    with s3.s3_server() as url:
        s3.create_bucket(url, BUCKET)
        yield url


@pytest.fixture
def empty_bucket(endpoint):
    client = s3.client(endpoint)
    for key in s3.keys(endpoint, BUCKET):
        client.delete_object(Bucket=BUCKET, Key=key)
    return endpoint


def production_storage(endpoint):
    from config.environment import media_storage  # the settings' own choice for an environment

    return media_storage(s3.s3_environment(endpoint, BUCKET))


@contextmanager
def host(name, tmp_path, storage):
    """One host of a deployment: its own local disk (MEDIA_ROOT), the shared storage."""
    from django.conf import settings

    with override_settings(
        MEDIA_ROOT=tmp_path / name / "media", STORAGES={**settings.STORAGES, "default": storage}
    ):
        yield


def upload(client, requisition, n):
    data = pdf_upload(who=f"Candidate {n}").read()
    response = client.post(
        reverse("pipeline:candidate-add", kwargs={"pk": requisition.pk}),
        {
            "name": f"Candidate {n}",
            "email": f"candidate{n}@example.com",
            "source": "inbound",
            "resume": SimpleUploadedFile(f"cv-{n}.pdf", data, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content[:500]
    return Application.objects.get(candidate__email=f"candidate{n}@example.com"), data


def test_the_environment_chooses_local_files_or_an_s3_compatible_store():
    from config.environment import media_storage

    assert media_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    chosen = media_storage({"ACCORD_S3_BUCKET": "b", "ACCORD_S3_ENDPOINT_URL": "http://m:9000"})
    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    options = chosen["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("b", "http://m:9000")
    assert options["default_acl"] is None and options["querystring_expire"] <= 60
    assert options["file_overwrite"] is False


def test_finding_1_uploads_downloads_exports_erasure_and_retention_reach_one_bucket_from_every_host(
    client, requisition, recruiter, hr_lead, empty_bucket, tmp_path, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from privacy.erasure import erase_candidate
    from privacy.retention import erase_expired

    storage = production_storage(empty_bucket)
    uploaded = []
    with host("web-1", tmp_path, storage):  # uploads land on the first web host
        client.force_login(recruiter)
        for n in range(3):
            uploaded.append(upload(client, requisition, n))
    assert len(s3.keys(empty_bucket, BUCKET)) == 3

    downloads = exports = 0
    with host("web-2", tmp_path, storage):  # …and are read on another
        for application, data in uploaded:
            response = client.get(
                reverse(
                    "pipeline:resume",
                    kwargs={"pk": requisition.pk, "application": application.pk},
                )
            )
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == data
            downloads += 1
        client.force_login(hr_lead)
        for application, data in uploaded:
            response = client.post(
                reverse(
                    "privacy:candidate-export",
                    kwargs={"pk": requisition.pk, "application": application.pk},
                )
            )
            assert response.status_code == 200
            archive = zipfile.ZipFile(io.BytesIO(response.content))
            [resume] = [n for n in archive.namelist() if n.startswith("resumes/")]
            assert archive.read(resume) == data
            exports += 1

    erasures = 0
    with host("worker-1", tmp_path, storage), django_capture_on_commit_callbacks(execute=True):
        first, second = uploaded[0][0], uploaded[1][0]
        first_key = Resume.objects.get(candidate=first.candidate).file.name
        erase_candidate(candidate=first.candidate, by=hr_lead)  # by request
        erasures += 1
        settings.ACCORD_CANDIDATE_RETENTION_MONTHS = 12
        Application.objects.filter(pk=second.pk).update(
            stage="rejected",
            closed_at=timezone.now() - timedelta(days=400),
            disposition_reason=DispositionReason.objects.get(code="skills_gap"),
        )
        erasures += erase_expired().erased  # the daily retention job, on a worker host
    remaining = s3.keys(empty_bucket, BUCKET)
    third_key = Resume.objects.get(candidate=uploaded[2][0].candidate).file.name
    assert [k.removeprefix("media/") for k in remaining] == [third_key]
    assert first_key not in remaining
    # Nothing was written to any host's own disk.
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert (len(uploaded), downloads, exports, erasures) == (3, 3, 3, 2)


def test_a_file_missing_from_storage_is_a_404_download_and_a_note_in_the_export(
    client, requisition, recruiter, hr_lead, empty_bucket, tmp_path
):
    storage = production_storage(empty_bucket)
    with host("web-1", tmp_path, storage):
        client.force_login(recruiter)
        application, _ = upload(client, requisition, 1)
        s3.client(empty_bucket).delete_object(Bucket=BUCKET, Key=s3.keys(empty_bucket, BUCKET)[0])
        kwargs = {"pk": requisition.pk, "application": application.pk}
        assert client.get(reverse("pipeline:resume", kwargs=kwargs)).status_code == 404
        client.force_login(hr_lead)
        response = client.post(reverse("privacy:candidate-export", kwargs=kwargs))
        assert response.status_code == 200
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert any(n.endswith(".missing.txt") for n in names)


@pytest.mark.parametrize("kind", ["local", "s3"])
def test_files_backed_up_and_restored_download_again_byte_for_byte(
    client, requisition, recruiter, endpoint, tmp_path, kind
):
    """The procedure of docs/operations.md: backup_files, lose the files, restore_files."""
    from django.core.management import call_command

    storage = (
        production_storage(endpoint)
        if kind == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    )
    backup = tmp_path / "files.tar"
    with host("web-1", tmp_path, storage):
        client.force_login(recruiter)
        uploaded = [upload(client, requisition, n) for n in range(2)]
        call_command("backup_files", output=str(backup))
        with tarfile.open(backup) as archive:
            names = archive.getnames()
        assert sorted(names) == sorted(Resume.objects.values_list("file", flat=True))
        file_storage = Resume._meta.get_field("file").storage
        for name in names:
            file_storage.delete(name)  # the disk or the bucket is lost
        application = uploaded[0][0]
        kwargs = {"pk": requisition.pk, "application": application.pk}
        assert client.get(reverse("pipeline:resume", kwargs=kwargs)).status_code == 404
        call_command("restore_files", input=str(backup))
        for application, data in uploaded:
            kwargs = {"pk": requisition.pk, "application": application.pk}
            response = client.get(reverse("pipeline:resume", kwargs=kwargs))
            assert b"".join(response.streaming_content) == data
        call_command("restore_files", input=str(backup))  # again: nothing overwritten


def test_a_restore_refuses_names_outside_the_resume_folder(tmp_path):
    from pipeline.file_backup import restore_files

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("resumes/../../etc/evil")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    buffer.seek(0)
    with override_settings(MEDIA_ROOT=tmp_path), pytest.raises(ValueError):
        restore_files(source=buffer)
