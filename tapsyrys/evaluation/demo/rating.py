"""Demo data of the NGO rating (E-8): the ratings of every NGO and year computed as the daily
job does, after the other parts seeded their councils, sheets and posted Annex 8 reports (the
rating is the last part), rated as of the demo's today."""

from ..services.rating import recompute_ratings


def seed(ctx):
    ctx.objects["ratings"] = recompute_ratings(
        today=ctx.today, now=ctx.now, actor_label="seed_demo"
    )
