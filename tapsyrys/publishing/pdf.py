"""Printable official forms (X-EXPORT): an HTML template rendered to PDF with WeasyPrint, with
the DejaVu fonts (Kazakh letters). A4 in the form's orientation; the column headers repeat on
every page; a row never splits across pages; the last rows, the date line and the signature
block stay on one page; "page N of M" in the form's language; a draft carries its mark."""

import json
import re

from django.template.loader import render_to_string

from .document import FormDocument

PDF_CONTENT_TYPE = "application/pdf"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
TAIL_ROWS = 3  # rows kept on the page of the signature block


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to PDF. The template gets `font_dir` for its @font-face rules."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"font_dir": FONT_DIR, **context})
    return HTML(string=html, base_url=FONT_DIR).write_pdf()


def page_content(label: str) -> str:
    """The CSS `content` of the page footer from "… {page} … {pages} …"."""
    parts = []
    for token in re.split(r"(\{page\}|\{pages\})", label):
        if token == "{page}":
            parts.append("counter(page)")
        elif token == "{pages}":
            parts.append("counter(pages)")
        elif token:
            parts.append(json.dumps(token, ensure_ascii=False))
    return " ".join(parts) or '""'


def render_form_pdf(doc: FormDocument) -> bytes:
    """An official form (see publishing.document) as an A4 PDF."""
    rows = doc.pdf_rows
    split = max(len(rows) - TAIL_ROWS, 0)
    return render_pdf(
        "publishing/form.html",
        {
            "doc": doc,
            "body_rows": rows[:split],
            "tail_rows": rows[split:],
            "page_content": page_content(doc.page_label),
        },
    )
