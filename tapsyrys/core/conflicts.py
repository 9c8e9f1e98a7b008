"""The conflict-of-interest notice of the Rules, shared by the Annex 4 notice of a monitoring
expert (§9) and the Annex 6 notice of an expert council member (§16): the same five questions,
four of which name NGOs.

`ConflictNotice` is the abstract model; `clean_answers` / `write_answers` are what a service
does with the answers before saving, `snapshot` what its event records.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tapsyrys.core.bin import is_valid_bin
from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.fields import BoundedTextField
from tapsyrys.core.models import Organisation

# The five questions in their order: (field prefix, names NGOs from the registry).
# "other" names no NGO: its free text says what the other potential conflict is.
QUESTIONS = (
    ("member", True),  # member (participant) or founder of an NGO
    ("governing", True),  # member of a governing body or head of an NGO
    ("payments", True),  # payments or direct financial support from an NGO in the last 3 years
    ("family", True),  # close family ties with employees of an NGO
    ("other", False),  # any other potential conflict of interest
)
MAX_DETAILS = 2000
MAX_NGOS = 20  # NGOs named in one question


def _answer(label):
    return models.BooleanField(label, default=False)


def _details(label):
    return BoundedTextField(label, blank=True, max_length=MAX_DETAILS)


def _ngos(label, name):
    return models.ManyToManyField(
        Organisation, verbose_name=label, blank=True, related_name=f"notice_{name}+"
    )


class ConflictNotice(models.Model):
    """The answers of a conflict-of-interest notice; a signed notice is immutable."""

    declares_conflict = models.BooleanField(_("declares a conflict of interest"), default=False)
    named_ngos = models.ManyToManyField(
        Organisation, verbose_name=_("NGOs named in the notice"), blank=True, related_name="+"
    )  # the union of the NGOs named in the four questions below (kept by the services)
    # question 1: member (participant) or founder of an NGO
    member = _answer(_("member (participant) or founder of an NGO"))
    member_ngos = _ngos(_("NGOs: member or founder"), "member")
    member_details = _details(_("member or founder: details"))
    # question 2: member of a governing body or head of an NGO (the body, the NGO, the position)
    governing = _answer(_("member of a governing body or head of an NGO"))
    governing_ngos = _ngos(_("NGOs: governing body or head"), "governing")
    governing_details = _details(_("governing body or head: details"))
    # question 3: payment for services or direct financial support in the last three years
    payments = _answer(
        _("payments or direct financial support from an NGO in the last three years")
    )
    payments_ngos = _ngos(_("NGOs: payments or financial support"), "payments")
    payments_details = _details(_("payments or financial support: details"))
    # question 4: close family ties with employees of an NGO (name, NGO, degree of kinship)
    family = _answer(_("close family ties with employees of an NGO"))
    family_ngos = _ngos(_("NGOs: close family ties"), "family")
    family_details = _details(_("close family ties: details"))
    # question 5: any other potential conflict of interest
    other = _answer(_("another potential conflict of interest"))
    other_details = _details(_("other potential conflict: details"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_signed(self):
        return self.signed_at is not None

    def answer_of(self, question):
        """The yes/no answer to one of the five questions."""
        return getattr(self, question)


def clean_answers(answers):
    """answers: {question: {"answer": bool, "ngos": [Organisation], "details": str}} → the same,
    checked: a "yes" names an NGO or gives details, a "no" gives neither (field named)."""
    clean = {}
    for question, names_ngos in QUESTIONS:
        given = answers.get(question) or {}
        answer = bool(given.get("answer"))
        details = str(given.get("details") or "").strip()
        ngos = list(given.get("ngos") or []) if names_ngos else []
        if len(details) > MAX_DETAILS:
            raise ApplicationError(
                _("At most %(n)s characters.") % {"n": MAX_DETAILS}, field=f"{question}_details"
            )
        if not answer and (ngos or details):
            raise ApplicationError(
                _("You answered “no”: leave the NGOs and the details empty, or answer “yes”."),
                field=f"{question}_details",
            )
        if answer and not (ngos or details):
            raise ApplicationError(
                _("You answered “yes”: name the NGO (its BIN) or write the details.")
                if names_ngos
                else _("You answered “yes”: say what the other potential conflict is."),
                field=f"{question}_ngos" if names_ngos else f"{question}_details",
            )
        clean[question] = {"answer": answer, "ngos": ngos, "details": details}
    return clean


def write_answers(notice, clean):
    """The answers and details onto the (unsaved) notice."""
    for question, _names in QUESTIONS:
        setattr(notice, question, clean[question]["answer"])
        setattr(notice, f"{question}_details", clean[question]["details"])


def set_ngos(notice, clean):
    """The named NGOs of the saved notice, per question and their union; returns the union."""
    named = []
    for question, names_ngos in QUESTIONS:
        if names_ngos:
            getattr(notice, f"{question}_ngos").set(clean[question]["ngos"])
            named.extend(o for o in clean[question]["ngos"] if o not in named)
    notice.named_ngos.set(named)
    return named


def snapshot(notice):
    data = {"declares_conflict": notice.declares_conflict}
    for question, _names in QUESTIONS:
        data[question] = getattr(notice, question)
    return data


def ngos_from_bins(values, *, field):
    """The registered NGOs for a list of BINs (or a text of BINs separated by commas, spaces or
    lines); an invalid or unknown BIN is refused naming `field`."""
    if isinstance(values, str):
        values = values.replace(",", " ").replace(";", " ").split()
    bins = []
    for value in values or ():
        value = str(value).strip()
        if not value:
            continue
        if not is_valid_bin(value):
            raise ApplicationError(
                _("“%(bin)s” is not a valid BIN.") % {"bin": value[:20]}, field=field
            )
        if value not in bins:
            bins.append(value)
    if len(bins) > MAX_NGOS:
        raise ApplicationError(
            _("Name at most %(n)s NGOs for one question.") % {"n": MAX_NGOS}, field=field
        )
    found = {o.bin: o for o in Organisation.objects.filter(bin__in=bins, kind="ngo")}
    missing = [b for b in bins if b not in found]
    if missing:
        raise ApplicationError(
            _("No NGO with the BIN %(bin)s is in the registry.") % {"bin": missing[0]},
            field=field,
        )
    return [found[b] for b in bins]


def answers_from(data):
    """The answers of a notice form or API body (`<question>`, `<question>_ngos` as BINs,
    `<question>_details`) in the shape `clean_answers` takes; an unknown BIN names its field."""
    return {
        question: {
            "answer": data[question],
            "details": data.get(f"{question}_details", ""),
            "ngos": ngos_from_bins(data.get(f"{question}_ngos", ""), field=f"{question}_ngos")
            if names_ngos
            else [],
        }
        for question, names_ngos in QUESTIONS
    }


def answer_rows(notice, ngo):
    """The five answers of a saved notice, in order: question, answer, the named NGOs (each
    through `ngo(organisation)`), details."""
    return [
        {
            "question": question,
            "answer": notice.answer_of(question),
            "ngos": [ngo(o) for o in getattr(notice, f"{question}_ngos").all()]
            if names_ngos
            else [],
            "details": getattr(notice, f"{question}_details"),
        }
        for question, names_ngos in QUESTIONS
    ]
