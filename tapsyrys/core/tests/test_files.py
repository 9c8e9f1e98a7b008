"""Uploads: type by content, size limits, random storage names (Bad input, X-ACL)."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.files import StoredFile, store_upload

from .conftest import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "mime", "extension"),
    [
        ("Устав организации.pdf", pdf_bytes(), "application/pdf", "pdf"),
        ("photo.png", png_bytes(), "image/png", "png"),
        ("scan.jpg.pdf", png_bytes(), "image/png", "png"),  # type by content, not by name
        ("no-extension", pdf_bytes(), "application/pdf", "pdf"),
    ],
)
def test_files_store_upload_accepts_documents(media, ngo, ngo_user, name, content, mime, extension):
    stored = store_upload(
        SimpleUploadedFile(name, content), actor=ngo_user, owner_org=ngo, field="charter"
    )
    stored.refresh_from_db()
    assert stored.content_type == mime
    assert stored.extension == extension
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.original_name == name
    assert stored.owner_org == ngo
    assert stored.uploaded_by == ngo_user
    assert not stored.is_public
    path = Path(stored.file.path)
    assert path.read_bytes() == content
    assert path.is_relative_to(media)


def test_files_stored_under_a_random_name_without_the_original(media, pdf_upload):
    first = store_upload(pdf_upload("Устав организации.pdf"))
    second = store_upload(pdf_upload("Устав организации.pdf"))
    for stored in (first, second):
        stored_name = Path(stored.file.name).name
        assert "Устав" not in stored.file.name
        assert "организации" not in stored.file.name
        assert stored.file.name.startswith("files/")
        assert stored_name.endswith(".pdf")
        assert len(stored_name) == len("0" * 32 + ".pdf")
    assert first.file.name != second.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"This is just text pretending to be a PDF.\n" * 10),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 200),  # a bare zip is not a document
        ("program.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),  # a Windows executable
    ],
)
def test_files_refuses_a_type_by_content(media, name, content):
    with translation.override("en"), pytest.raises(ApplicationError) as info:
        store_upload(SimpleUploadedFile(name, content), field="charter")
    assert info.value.field == "charter"
    assert "not accepted" in str(info.value.message)
    assert "pdf" in str(info.value.message)
    assert not StoredFile.objects.exists()
    assert not any(media.rglob("*.*"))


def test_files_refuses_an_empty_file(media):
    with translation.override("en"):
        with pytest.raises(ApplicationError) as info:
            store_upload(SimpleUploadedFile("empty.pdf", b""))
        assert "empty" in str(info.value.message)
    assert info.value.field == "file"
    assert not StoredFile.objects.exists()


def test_files_refuses_no_file(media):
    with pytest.raises(ApplicationError) as info:
        store_upload(None, field="charter")
    assert info.value.field == "charter"


def test_files_refuses_an_oversize_file(media, settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    big = pdf_bytes() + b"%" + b"0" * (2 * 1024 * 1024)
    with translation.override("en"), pytest.raises(ApplicationError) as info:
        store_upload(SimpleUploadedFile("big.pdf", big))
    assert info.value.field == "file"
    assert "2 MB" in str(info.value.message)
    assert not StoredFile.objects.exists()


def test_files_accepts_exactly_the_limit(media, settings):
    content = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(content)
    assert store_upload(SimpleUploadedFile("exact.pdf", content)).size == len(content)


def test_files_allowed_types_can_be_narrowed(media):
    with pytest.raises(ApplicationError):
        store_upload(
            SimpleUploadedFile("photo.png", png_bytes()), allowed={"application/pdf": "pdf"}
        )
