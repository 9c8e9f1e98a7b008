"""Demo data of the sheets part (E-2, E-4): the daily entering step opens the evaluations of
the demo projects that ended (through the service, with their due items and exclusions);
on the first projects of an approved council every member without a conflict signs an
Annex 7 sheet, on the next one the first member leaves a draft. A member excluded for a
conflict (the councils part's demo makes one) is left out and shown as excluded.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from tapsyrys.evaluation.models import Evaluation
from tapsyrys.evaluation.selectors import sheets as selectors
from tapsyrys.evaluation.services import sheets as services

ALMATY = ZoneInfo("Asia/Almaty")
SIGNED_PROJECTS = 3
COMMENTS = {
    "results": "Мероприятия проведены в сроки графика; цели достигнуты.",
    "positive_effect": "Охват целевой группы выше плана, отзывы положительные.",
    "continuation": "Организация нашла софинансирование на следующий год.",
    "long_term_effect": "Участники удовлетворены; практику можно тиражировать.",
}


def _scores(ctx):
    return {code: ctx.rng.choice((3, 4, 4, 5, 5)) for code in COMMENTS}


def seed(ctx):
    now = dt.datetime.combine(ctx.today, dt.time(9, 0), tzinfo=ALMATY)
    services.evaluations_enter(now=now)
    evaluations = list(
        Evaluation.objects.filter(council__isnull=False, status=Evaluation.Status.OPEN)
        .select_related("contract", "council")
        .order_by("contract__ends_on", "pk")[: SIGNED_PROJECTS + 1]
    )
    ctx.objects["evaluations"] = evaluations
    for n, evaluation in enumerate(evaluations):
        excluded = selectors.conflicts(evaluation)
        members = [m for m in evaluation.council.members.select_related("user").order_by("pk")
                   if m.pk not in excluded]  # fmt: skip
        if n == SIGNED_PROJECTS:
            members = members[:1]
        for member in members:
            if selectors.sheet_of(member, evaluation) is not None:
                continue
            data = {**_scores(ctx), **{f"{c}_comment": t for c, t in COMMENTS.items()},
                    "recommendations": "Продолжить проект в следующем цикле."}  # fmt: skip
            sheet = services.sheet_create(
                actor=member.user, evaluation=evaluation, data=data, now=now
            )
            if n < SIGNED_PROJECTS:
                services.sheet_sign(actor=member.user, sheet=sheet, now=now)
