"""Annex 5 on the public contract page (M-8, §12): the form, its downloads, and for the body
the publish button. Everyone sees it, anonymous visitors included."""


def panel(request, contract):
    from ..views.annexes import annex5_context

    return {"template": "monitoring/annexes/panel.html", **annex5_context(request, contract)}
