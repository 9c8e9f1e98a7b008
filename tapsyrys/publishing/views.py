"""The public ledger page and the download of a stored document (open to everyone)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation

from tapsyrys.core.pagination import CountCachedPaginator
from tapsyrys.core.public_cache import public_page

from . import selectors
from .models import LedgerEntry

PAGE_SIZE = 50


def entry_response(entry):
    """Exactly the stored bytes of an entry, with their SHA-256 and the entry's file name."""
    response = HttpResponse(bytes(entry.content), content_type=entry.media_type)
    response["Content-Disposition"] = f'attachment; filename="{entry.filename}"'
    response["X-Content-SHA256"] = entry.sha256
    response["X-Ledger-Seq"] = str(entry.seq)
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{entry.sha256}"'
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@public_page("publishing")
def ledger(request):
    """Every published document, newest first, with what is needed to verify it."""
    page = CountCachedPaginator(selectors.ledger_list(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "publishing/ledger.html", {"page": page})


def entry_download(request, seq):
    try:
        entry = selectors.entry_with_content(seq)
    except LedgerEntry.DoesNotExist:
        raise Http404 from None
    return entry_response(entry)


def form_language(request):
    """The language of a form asked for with `?lang=kk|ru`, else the page's (Russian when the
    page is in English: the annexes exist in kk and ru only)."""
    from .annexes import FORM_LANGUAGES

    lang = request.GET.get("lang") or (translation.get_language() or "ru")[:2]
    return lang if lang in FORM_LANGUAGES else "ru"


def form_response(doc, fmt, *, filename):
    """A form rendered live (a personal or draft document, never published): xlsx or PDF,
    not cached."""
    from .annexes import render

    content, media_type = render(doc, fmt)
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
