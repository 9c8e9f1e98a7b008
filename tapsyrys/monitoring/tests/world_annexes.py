"""The annexes' objects in the X-ACL world: the body's Annex 9 draft (signed by the first head,
so its owner can submit it) for the half-year of the world's contract year."""

from tapsyrys.monitoring.services import annexes as services


def extend(w, actors):
    body_user = actors["body_user"]
    year = w.contract.signed_on.year
    report = services.annex9_open(
        actor=body_user, body=body_user.organisation, year=year, period="half"
    )
    w.annex9_report = services.annex9_save(
        actor=body_user,
        report=report,
        head_name="Серікбаев Нұрлан Асқарұлы",
        head_position="Басқарма басшысы",
    )
    w.annex_year = year
