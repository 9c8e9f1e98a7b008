from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.calendar.selectors import current_calendar
from tapsyrys.core.extensions import app_modules
from tapsyrys.core.models import Organisation, Role
from tapsyrys.core.public_cache import public_page
from tapsyrys.core.selectors import organisation_public_list

from .forms import DeadlineForm


@public_page("core")
def home(request):
    counts = {
        "ngos": Organisation.objects.filter(kind=Organisation.Kind.NGO, is_active=True).count(),
        "bodies": Organisation.objects.filter(kind=Organisation.Kind.STATE_BODY).count(),
    }
    return render(request, "portal/home.html", {"counts": counts})


def deadline_calculator(request):
    """Anyone can compute a legal deadline (X-CAL) and see the rule behind it."""
    form = DeadlineForm(request.GET or None)
    deadline = None
    if form.is_valid():
        deadline = current_calendar().add_working_days(
            form.cleaned_data["start"], form.cleaned_data["working_days"]
        )
    return render(request, "portal/calculator.html", {"form": form, "deadline": deadline})


# What a role without desk cards can do today (the dashboard shows it instead of the cards).
ROLE_HINTS = {
    Role.EXPERT: _(
        "As an independent expert you can follow the public discussions of planned topics, "
        "look up NGOs in the registry and open the competitions with their contracts and "
        "project passports."
    ),
    Role.COUNCIL_MEMBER: _(
        "As a member of an expert council you can read the topics that state bodies put to "
        "public discussion, the comments on them and the reports on the discussions."
    ),
    Role.GRANT_OPERATOR: _(
        "As grant operator staff you can look up NGOs in the registry and follow the "
        "competitions and contracts of state bodies."
    ),
    Role.CITIZEN: _(
        "You can comment on the topics under public discussion, read the published reports "
        "and look up NGOs in the registry."
    ),
}
DEFAULT_HINT = _(
    "Use the menu above: public discussions, the NGO registry, competitions and the deadline "
    "calculator are open to everyone."
)


def desk_cards(request, *, now):
    """Every app's cards for this user (optional `desk.py` modules), in their order."""
    cards = []
    for module in app_modules("desk"):
        cards.extend(module.cards(request, now=now))
    cards.sort(key=lambda card: card.get("order", 50))
    return cards


@login_required
def dashboard(request):
    """The signed-in landing page: what concerns the user now, per role (cards of every app's
    `desk.py`), or what a role without cards can do today."""
    user = request.user
    codes = user.role_codes
    roles = [Role(code).label for code in sorted(codes) if code in Role.values]
    cards = desk_cards(request, now=timezone.now())
    hints = []
    if not cards:
        hints = [str(hint) for role, hint in ROLE_HINTS.items() if role in codes]
        hints = hints or [str(DEFAULT_HINT)]
    return render(
        request, "portal/dashboard.html", {"roles": roles, "cards": cards, "hints": hints}
    )


def organisation_detail(request, pk):
    org = get_object_or_404(organisation_public_list(), pk=pk)
    return render(request, "portal/organisation.html", {"org": org})
