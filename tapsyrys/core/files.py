"""Uploaded files, stored safely (issue 4 item 7): size limit, type by content (not by the
extension), random storage names, served only to those allowed (X-ACL)."""

import hashlib
import uuid

import filetype
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError

# Content types accepted for documents, detected from the bytes.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
}
# Old Office formats share one container signature; the extension then says which.
_OLE2 = "application/x-ole-storage"


def _storage_name(instance, filename):
    now = timezone.now()
    return f"files/{now:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class StoredFile(models.Model):
    """One uploaded file. Apps point at it with a ForeignKey and decide who may read it:
    the owner organisation, the viewer organisation (e.g. the contracting body), the
    authorized body, or everyone once `is_public`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(upload_to=_storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64)
    owner_org = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    viewer_org = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("file", args=[self.pk])

    def owner_org_ids(self):
        return {i for i in (self.owner_org_id, self.viewer_org_id) if i}


def detect_type(head: bytes, filename: str) -> str | None:
    kind = filetype.guess(head)
    if kind is None:
        return None
    mime = kind.mime
    if mime == _OLE2 or mime == "application/x-msi":
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        return {"doc": "application/msword", "xls": "application/vnd.ms-excel"}.get(ext)
    if mime == "application/zip":
        return None
    return mime


def store_upload(
    uploaded, *, actor=None, owner_org=None, viewer_org=None, field="file", allowed=None
) -> StoredFile:
    """Validate and store one uploaded file; raise ApplicationError naming the field."""
    allowed = allowed or DOCUMENT_TYPES
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded is None:
        raise ApplicationError(_("Choose a file to upload."), field=field)
    if uploaded.size > limit:
        raise ApplicationError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
            field=field,
        )
    if uploaded.size == 0:
        raise ApplicationError(_("The file is empty."), field=field)
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    mime = detect_type(head, uploaded.name or "")
    if mime not in allowed:
        raise ApplicationError(
            _("This type of file is not accepted. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(set(allowed.values())))},
            field=field,
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    stored = StoredFile(
        original_name=(uploaded.name or "file")[-255:],
        content_type=mime,
        extension=allowed[mime],
        size=uploaded.size,
        sha256=digest.hexdigest(),
        owner_org=owner_org,
        viewer_org=viewer_org,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    stored.file.save("upload", uploaded, save=False)
    stored.save()
    return stored
