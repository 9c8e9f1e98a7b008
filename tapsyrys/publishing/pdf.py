"""Printable official forms (X-EXPORT): an HTML template rendered to PDF with WeasyPrint, with
the DejaVu fonts (Kazakh letters) and signature lines."""

from django.template.loader import render_to_string

from .document import FormDocument

PDF_CONTENT_TYPE = "application/pdf"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to PDF. The template gets `font_dir` for its @font-face rules."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"font_dir": FONT_DIR, **context})
    return HTML(string=html, base_url=FONT_DIR).write_pdf()


def render_form_pdf(doc: FormDocument) -> bytes:
    """An official form (see publishing.document) as a landscape A4 PDF."""
    return render_pdf("publishing/form.html", {"doc": doc})
