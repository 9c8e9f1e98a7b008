"""The pure rules of contracting (C-3, C-4, X-ACL), pinned against written-out tables.

Every expectation below is typed out here — never derived from the tables in `rules.py` — so a
change of a table or of a rule shows up as a failing row. `make mutation` runs these."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tapsyrys.contracting import rules
from tapsyrys.contracting.models import Contract, ReportStage
from tapsyrys.core.errors import TransitionNotAllowed

S = Contract.Status
K = ReportStage.Kind
ALMATY = ZoneInfo("Asia/Almaty")
T, F = True, False


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English (the msgids); kk/ru are checked where it matters."""
    from django.utils import translation

    with translation.override("en"):
        yield


# --- C-3: status × status ------------------------------------------------------------------------

STATUSES = (S.ACTIVE, S.SUSPENDED, S.COMPLETED, S.TERMINATED, S.CLOSED)
#                    →active susp  compl term  closed
TRANSITION_MATRIX = {
    S.ACTIVE: (F, T, T, T, F),
    S.SUSPENDED: (T, F, F, T, F),
    S.COMPLETED: (F, F, F, F, T),
    S.TERMINATED: (F, F, F, F, T),
    S.CLOSED: (F, F, F, F, F),
}
TRANSITION_PAIRS = [
    (current, target, allowed)
    for current, row in TRANSITION_MATRIX.items()
    for target, allowed in zip(STATUSES, row, strict=True)
]
ACTION_OF = {
    S.ACTIVE: "activate",
    S.SUSPENDED: "suspend",
    S.COMPLETED: "complete",
    S.TERMINATED: "terminate",
    S.CLOSED: "close",
}


def test_the_statuses_are_exactly_these():
    assert set(S.values) == {"active", "suspended", "completed", "terminated", "closed"}


@pytest.mark.parametrize(("current", "target", "allowed"), TRANSITION_PAIRS)
def test_c3_status_transition_matrix(current, target, allowed):
    if allowed:
        assert rules.ensure_transition(current, target) is None
        return
    with pytest.raises(TransitionNotAllowed) as refused:
        rules.ensure_transition(current, target)
    error = refused.value
    assert error.field == "status"
    assert error.extra == {"action": ACTION_OF[target], "status": str(current)}
    assert str(error.message) == (
        f"A contract cannot go from “{S(current).label}” to “{S(target).label}”."
    )


@pytest.mark.parametrize(
    ("current", "targets"),
    [
        (S.ACTIVE, ["completed", "suspended", "terminated"]),
        (S.SUSPENDED, ["active", "terminated"]),
        (S.COMPLETED, ["closed"]),
        (S.TERMINATED, ["closed"]),
        (S.CLOSED, []),
        ("nonsense", []),
    ],
)
def test_c3_allowed_transitions_for_the_status_form(current, targets):
    assert rules.allowed_transitions(current) == targets


@pytest.mark.parametrize("target", ["reopened", "", None])
def test_c3_unknown_target_status_names_the_field(target):
    with pytest.raises(TransitionNotAllowed) as refused:
        rules.ensure_transition(S.ACTIVE, target)
    assert refused.value.field == "status"
    assert str(refused.value.message) == "Unknown status."


def test_c3_transition_message_is_translated():
    from django.utils import translation

    with translation.override("ru"), pytest.raises(TransitionNotAllowed) as refused:
        rules.ensure_transition(S.CLOSED, S.ACTIVE)
    assert "cannot go from" not in str(refused.value.message)


# --- X-ACL: status × action ----------------------------------------------------------------------

ACTION_COLUMNS = (
    "activate", "suspend", "complete", "terminate", "close", "edit_passport", "submit_reports",
    "correct_reports",
)  # fmt: skip
#                  activ susp  compl term  close pass  repo  corr
STATUS_ACTIONS = {
    S.ACTIVE: (F, T, T, T, F, T, T, T),
    S.SUSPENDED: (T, F, F, T, F, T, T, T),
    S.COMPLETED: (F, F, F, F, T, T, T, T),
    S.TERMINATED: (F, F, F, F, T, F, F, F),
    S.CLOSED: (F, F, F, F, F, F, F, F),
}
ACTION_PAIRS = [
    (status, action, allowed)
    for status, row in STATUS_ACTIONS.items()
    for action, allowed in zip(ACTION_COLUMNS, row, strict=True)
]
FORBIDDEN_ACTIONS = [(status, action) for status, action, allowed in ACTION_PAIRS if not allowed]
ACTION_LABELS = {
    "activate": "resume the contract",
    "suspend": "suspend the contract",
    "complete": "complete the contract",
    "terminate": "terminate the contract",
    "close": "close the contract",
    "edit_passport": "change the project passport",
    "submit_reports": "write or submit stage reports",
    "correct_reports": "correct a submitted report",
}


def test_the_action_table_has_exactly_these_statuses_and_actions():
    assert rules.CONTRACT_ACTIONS == ACTION_COLUMNS
    assert set(rules.STATUS_ACTIONS) == set(STATUSES)


@pytest.mark.parametrize(("status", "action", "allowed"), ACTION_PAIRS)
def test_status_allows_exactly_the_written_out_actions(status, action, allowed):
    assert rules.allows(status, action) is allowed
    assert rules.allowed_actions(status)[action] is allowed


@pytest.mark.parametrize("status", STATUSES)
def test_allowed_actions_lists_every_action_in_order(status):
    assert tuple(rules.allowed_actions(status)) == ACTION_COLUMNS


@pytest.mark.parametrize(("status", "action"), FORBIDDEN_ACTIONS)
def test_ensure_allowed_refuses_naming_the_action_and_the_status(status, action):
    with pytest.raises(TransitionNotAllowed) as refused:
        rules.ensure_allowed(status, action)
    error = refused.value
    assert error.extra == {"action": action, "status": str(status)}
    assert str(error.message) == (
        f"You cannot {ACTION_LABELS[action]}: the contract is “{S(status).label}”."
    )


@pytest.mark.parametrize(("status", "action"), [(s, a) for s, a, ok in ACTION_PAIRS if ok])
def test_ensure_allowed_lets_an_allowed_pair_through(status, action):
    assert rules.ensure_allowed(status, action) is None


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(LookupError, match="unknown contract action explode"):
        rules.allows(S.ACTIVE, "explode")


def test_an_unknown_status_allows_nothing():
    assert rules.allowed_actions("nonsense") == dict.fromkeys(ACTION_COLUMNS, False)


def test_the_ngo_works_on_the_passport_and_reports_in_exactly_these_statuses():
    assert {S.ACTIVE, S.SUSPENDED, S.COMPLETED} == rules.NGO_EDITABLE_STATUSES


def test_status_badge_tones():
    assert rules.STATUS_TONES == {S.ACTIVE: "ok", S.SUSPENDED: "warn", S.TERMINATED: "bad"}


# --- lots ----------------------------------------------------------------------------------------

LOT_COLUMNS = ("mark_held", "mark_not_held", "register_contract")
LOT_MATRIX = {
    "announced": (T, T, T),
    "held": (F, F, T),
    "not_held": (F, F, F),
    "nonsense": (F, F, F),
}


@pytest.mark.parametrize(
    ("status", "action", "allowed"),
    [
        (status, action, allowed)
        for status, row in LOT_MATRIX.items()
        for action, allowed in zip(LOT_COLUMNS, row, strict=True)
    ],
)
def test_lot_status_allows_exactly_the_written_out_actions(status, action, allowed):
    assert rules.lot_allows(status, action) is allowed


def test_an_unknown_lot_action_is_a_programming_error():
    with pytest.raises(LookupError, match="unknown lot action explode"):
        rules.lot_allows("announced", "explode")


# --- C-4: the default report schedule ------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "ends", "first", "second"),
    [
        # 364 days: a third is 121 days (121.3), two thirds 242 days (242.7)
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 5, 2), dt.date(2025, 8, 31)),
        # 90 days: exactly 30 and 60
        (dt.date(2025, 3, 1), dt.date(2025, 5, 30), dt.date(2025, 3, 31), dt.date(2025, 4, 30)),
        # 2 days: 0 and 1 (floor), never after the end
        (dt.date(2025, 6, 1), dt.date(2025, 6, 3), dt.date(2025, 6, 1), dt.date(2025, 6, 2)),
        # across a year end, leap day included: 456 days → 152 and 304
        (dt.date(2024, 1, 1), dt.date(2025, 4, 1), dt.date(2024, 6, 1), dt.date(2024, 10, 31)),
    ],
)
def test_c4_default_schedule_exact_due_dates(starts, ends, first, second):
    assert rules.default_schedule(starts, ends) == [
        (1, "first_interim", first),
        (2, "second_interim", second),
        (3, "final", ends),
    ]


# --- C-4: a schedule given by hand ---------------------------------------------------------------

START, END = dt.date(2025, 3, 1), dt.date(2025, 12, 31)


def _schedule(*dues):
    return list(zip((1, 2, 3), (K.FIRST_INTERIM, K.SECOND_INTERIM, K.FINAL), dues, strict=True))


@pytest.mark.parametrize(
    ("dues", "message", "kind"),
    [
        ((dt.date(2025, 6, 1), dt.date(2025, 9, 1), END), None, None),
        ((START, START, START), None, None),  # on the start day and on the previous report's day
        ((dt.date(2025, 2, 28), dt.date(2025, 9, 1), END),
         "A report cannot be due before the implementation starts.", K.FIRST_INTERIM),
        ((dt.date(2025, 6, 1), dt.date(2025, 5, 31), END),
         "Due dates must follow the order of the reports.", K.SECOND_INTERIM),
        ((dt.date(2025, 6, 1), dt.date(2025, 9, 1), dt.date(2025, 8, 31)),
         "Due dates must follow the order of the reports.", K.FINAL),
        ((dt.date(2025, 6, 1), None, END), "Every report needs a due date.", K.SECOND_INTERIM),
        ((None, dt.date(2025, 2, 1), END), "Every report needs a due date.", K.FIRST_INTERIM),
    ],
)  # fmt: skip
def test_c4_check_schedule(dues, message, kind):
    found, found_kind = rules.check_schedule(_schedule(*dues), START, END)
    assert (None if found is None else str(found), found_kind) == (message, kind)


def test_c4_the_default_schedule_passes_its_own_check():
    assert rules.check_schedule(rules.default_schedule(START, END), START, END) == (None, None)


# --- C-4: completeness of a stage report ---------------------------------------------------------

COMPLETE = {
    "team_composition": "Руководитель, два тренера",
    "about_project": "О проекте",
    "main_work": "Семинары",
    "satisfaction_results": "90 %",
    "financial_report": "Смета исполнена",
    "indicator_actuals": {"7": "5", "8": 0},
    "coverage_reached": {"3": 80},
}
LABELS = {
    "team_composition": "team composition",
    "about_project": "about the project",
    "main_work": "description of the main work",
    "satisfaction_results": "satisfaction survey results",
    "indicator_actuals": "indicator actuals",
    "coverage_reached": "coverage reached",
    "financial_report": "financial report",
}


def _missing(is_final=True, **changes):
    report = SimpleNamespace(**{**COMPLETE, **changes})
    found = rules.missing_sections(
        report, indicator_ids=[7, 8], target_group_ids=[3], is_final=is_final
    )
    return [(f, str(label)) for f, label in found]


@pytest.mark.parametrize("is_final", [True, False])
def test_c4_a_complete_report_has_nothing_missing(is_final):
    assert _missing(is_final=is_final) == []


def test_c4_an_interim_report_does_not_need_the_financial_report():
    assert _missing(is_final=False, financial_report="") == []


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"team_composition": ""}, "team_composition"),
        ({"team_composition": None}, "team_composition"),
        ({"about_project": "  \n"}, "about_project"),
        ({"main_work": ""}, "main_work"),
        ({"satisfaction_results": " "}, "satisfaction_results"),
        ({"financial_report": ""}, "financial_report"),
        ({"financial_report": None}, "financial_report"),
        ({"financial_report": "\t"}, "financial_report"),
        ({"indicator_actuals": {"7": "5", "8": ""}}, "indicator_actuals"),  # a blank actual
        ({"indicator_actuals": {"7": None, "8": 1}}, "indicator_actuals"),
        ({"indicator_actuals": {"7": "5"}}, "indicator_actuals"),  # one indicator left out
        ({"indicator_actuals": None}, "indicator_actuals"),
        ({"coverage_reached": {"3": ""}}, "coverage_reached"),
        ({"coverage_reached": {"3": None}}, "coverage_reached"),
        ({"coverage_reached": {}}, "coverage_reached"),
        ({"coverage_reached": None}, "coverage_reached"),
    ],
)
def test_c4_each_missing_section_of_the_final_report_is_named(changes, missing):
    assert _missing(**changes) == [(missing, LABELS[missing])]


def test_c4_an_empty_final_report_names_every_section_in_order():
    empty = dict.fromkeys(
        ("team_composition", "about_project", "main_work", "satisfaction_results"), ""
    )
    found = _missing(**empty, financial_report="", indicator_actuals={}, coverage_reached={})
    assert found == list(LABELS.items())


def test_c4_a_zero_actual_is_an_answer_not_a_blank():
    assert _missing(indicator_actuals={"7": 0, "8": "0"}, coverage_reached={"3": 0}) == []


def test_c4_no_indicators_and_no_target_groups_need_no_actuals():
    report = SimpleNamespace(**{**COMPLETE, "indicator_actuals": {}, "coverage_reached": {}})
    assert (
        rules.missing_sections(report, indicator_ids=[], target_group_ids=[], is_final=True) == []
    )


# --- C-4: on time --------------------------------------------------------------------------------

DUE = dt.date(2025, 6, 2)


@pytest.mark.parametrize(
    ("moment", "on_time"),
    [
        (dt.datetime(2025, 6, 2, 23, 59, 59, 999999, tzinfo=ALMATY), True),
        (dt.datetime(2025, 6, 3, 0, 0, tzinfo=ALMATY), False),
        (dt.datetime(2025, 6, 2, 18, 59, 59, tzinfo=dt.UTC), True),  # 23:59:59 Almaty
        (dt.datetime(2025, 6, 2, 19, 0, tzinfo=dt.UTC), False),  # 00:00 Almaty
        (dt.datetime(2025, 5, 1, 9, 0, tzinfo=ALMATY), True),
    ],
)
def test_c4_submission_on_time_by_the_almaty_day(moment, on_time):
    assert rules.submission_on_time(moment, DUE) is on_time


@pytest.mark.parametrize(
    ("submitted_at", "today", "state"),
    [
        (dt.datetime(2025, 6, 2, 23, 59, tzinfo=ALMATY), dt.date(2025, 7, 1), "submitted_on_time"),
        (dt.datetime(2025, 6, 3, 0, 0, tzinfo=ALMATY), dt.date(2025, 7, 1), "submitted_late"),
        (None, dt.date(2025, 6, 2), "due"),  # the due day itself is not yet missing
        (None, dt.date(2025, 6, 3), "missing"),
        (None, dt.date(2025, 1, 1), "due"),
    ],
)
def test_c4_stage_state(submitted_at, today, state):
    stage = SimpleNamespace(submitted_at=submitted_at, due_date=DUE)
    assert rules.stage_state(stage, today=today) == state
