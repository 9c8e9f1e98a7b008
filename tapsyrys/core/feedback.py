"""Answers shown at the form that was used (issue 13): a page with many forms (a discussion's
comments, a cycle's topics) shows a form's "saved" or its error next to that form, not at the
top of a long page. A view tags the message with the form's anchor; the page renders
`{% feedback at="c12" %}` at that form and `{% feedback %}` (the untagged rest) at the top.
Pages that do not place tagged messages still show them in the base layout's list."""

from django.contrib import messages

PREFIX = "at-"


def tag(at):
    return f"{PREFIX}{at}"


def success(request, text, *, at):
    messages.success(request, text, extra_tags=tag(at))


def error(request, text, *, at):
    messages.error(request, text, extra_tags=tag(at))


def anchor_of(message):
    """The anchor a message belongs to, or None for a page-wide message."""
    for part in (message.extra_tags or "").split():
        if part.startswith(PREFIX):
            return part[len(PREFIX) :]
    return None
