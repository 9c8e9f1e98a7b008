"""The reports part's objects in the X-ACL world (own contracts, not `w.contract`, so the
sheets part's evaluation of it does not collide):

- `w.ev_open`: a project of the body in evaluation with two signed sheets (the body may close
  it);
- `w.ev_report`: a closed one whose Annex 8 report is formed and not posted yet (the body may
  post it; before the posting only the body and the authorized body see it);
- `w.act_contract`: a project whose Annex 8 report is posted: its body may record the act of
  services rendered (contracting's act rows are here, E-6).
"""

import datetime as dt

from tapsyrys.contracting.tests.factories import contract_make, lot_make

from .factories_reports import close, evaluation_make, post

WHEN = dt.datetime(2025, 12, 1, 10, 0, tzinfo=dt.UTC)


def extend(w, actors):
    body_user = actors["body_user"]
    ended = {"starts": dt.date(2025, 1, 10), "ends": dt.date(2025, 11, 20)}
    w.ev_open = evaluation_make(
        body_user, w.ngo, scores=[(4, 4, 4, 4), (5, 5, 5, 5)],
        contract=contract_make(
            body_user, w.ngo, lot=lot_make(body_user, number="EV-ACL-L1"), number="EV-ACL-1",
            **ended,
        ),
    )  # fmt: skip
    evaluation = evaluation_make(
        body_user, w.ngo, scores=[(3, 4, 5, 4)],
        contract=contract_make(
            body_user, w.ngo, lot=lot_make(body_user, number="EV-ACL-L2"), number="EV-ACL-2",
            **ended,
        ),
    )  # fmt: skip
    w.ev_report = close(body_user, evaluation, now=WHEN)
    done = evaluation_make(
        body_user, w.ngo, scores=[(5, 5, 4, 4)],
        contract=contract_make(
            body_user, w.ngo, lot=lot_make(body_user, number="EV-ACL-L3"), number="EV-ACL-3",
            **ended,
        ),
    )  # fmt: skip
    w.act_report = post(body_user, close(body_user, done, now=WHEN))
    w.act_contract = done.contract
