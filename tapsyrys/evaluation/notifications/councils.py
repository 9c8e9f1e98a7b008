"""Who is told about expert councils (X-NOTIFY), in each recipient's language."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tapsyrys.core.events import Notice, notification, users_of_many
from tapsyrys.core.models import Role


def _council(council):
    return _("Expert council of %(body)s for %(first)s–%(last)s.") % {
        "body": council.body.name,
        "first": council.first_year,
        "last": council.last_year,
    }


@notification("evaluation.council.window_closed")
def window_closed(occurrences):
    """The body: the ten days are over, the composition can be formed."""
    staff = users_of_many({o.obj.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        council = o.obj
        yield Notice(
            o,
            recipients=staff[council.body_id],
            subject=gettext_lazy("The self-nomination period of your expert council is over"),
            body=lambda c=council: _council(c),
            url=reverse("evaluation:council", args=[council.pk]),
        )


@notification("evaluation.council.form")
def council_formed(occurrences):
    """The members learn that they are in the preliminary composition."""
    for o in occurrences:
        council = o.obj
        yield Notice(
            o,
            recipients=[m.user for m in council.members.select_related("user")],
            subject=gettext_lazy("You are included in an expert council"),
            body=lambda c=council: _council(c),
            url=reverse("evaluation:council", args=[council.pk]),
        )


@notification("evaluation.member_notice.sign")
def notice_signed(occurrences):
    """The council's body learns that a member filed a signed Annex 6 notice."""
    staff = users_of_many({o.obj.member.council.body_id for o in occurrences}, Role.STATE_BODY)
    for o in occurrences:
        notice = o.obj
        yield Notice(
            o,
            recipients=staff[notice.member.council.body_id],
            subject=gettext_lazy("A council member has filed an Annex 6 notice"),
            body=lambda n=notice: (
                _("%(member)s: %(council)s")
                % {"member": n.member.user, "council": _council(n.member.council)}
            ),
            url=reverse("evaluation:member_notice", args=[notice.pk]),
        )
