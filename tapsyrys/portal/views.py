from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tapsyrys.calendar.selectors import current_calendar
from tapsyrys.core.models import Organisation, Role
from tapsyrys.core.selectors import organisation_public_list

from .forms import DeadlineForm


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


@login_required
def dashboard(request):
    """The signed-in landing page: the user's organisation, roles and what to do next."""
    user = request.user
    roles = [Role(code).label for code in sorted(user.role_codes) if code in Role.values]
    return render(request, "portal/dashboard.html", {"roles": roles})


def organisation_detail(request, pk):
    org = get_object_or_404(organisation_public_list(), pk=pk)
    return render(request, "portal/organisation.html", {"org": org})
