"""The public ledger (X-AUDIT): append and chain, the stale-head refusal, published annexes
stored in kk/ru × xlsx/pdf and served byte for byte, corrections as new entries,
`verify_ledger` against tampering, the public page and API, the admin without delete."""

import hashlib
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from tapsyrys.core.errors import ApplicationError
from tapsyrys.core.models import AuditEvent
from tapsyrys.formation import services as formation
from tapsyrys.formation.tests.conftest import at, comment_on
from tapsyrys.publishing import selectors
from tapsyrys.publishing.models import GENESIS, LedgerEntry, canonical_moment
from tapsyrys.publishing.services import StaleLedgerHead, ledger_append

pytestmark = pytest.mark.django_db

MOMENT = at(2025, 3, 14, 10, 0)
API_FIELDS = [
    "seq",
    "published_at",
    "kind",
    "object",
    "language",
    "format",
    "sha256",
    "previous_sha256",
    "url",
]


def append(obj, content=b"document", *, language="ru", format="xlsx", kind="annex1", **kw):
    return ledger_append(
        kind=kind,
        obj=obj,
        language=language,
        format=format,
        content=content,
        media_type="application/octet-stream",
        stem=f"{kind}_test",
        label="Тестовый орган · 2026",
        now=kw.pop("now", MOMENT),
        **kw,
    )


def fill(obj, n):
    return [append(obj, f"document {i}".encode()) for i in range(n)]


def reported(cycle, user, now=None):
    """Annex 2 of `cycle`: one decided comment, published after the discussion ended."""
    c = comment_on(cycle.topics.first(), at(2025, 3, 20, 12, 0))
    formation.comment_decide(comment=c, actor=user, accepted=True, now=at(2025, 3, 25, 9))
    return formation.cycle_report_publish(cycle=cycle, actor=user, now=now or at(2025, 4, 3, 9))


# --- Append and chain ---------------------------------------------------------------------------


def test_append_chains_entries_and_counts_versions(body, body_user):
    first = append(body, b"one", actor=body_user)
    second = append(body, b"two")
    other_language = append(body, b"three", language="kk")
    assert [first.seq, second.seq, other_language.seq] == [1, 2, 3]
    assert first.previous_sha256 == GENESIS
    assert second.previous_sha256 == first.entry_sha256
    assert other_language.previous_sha256 == second.entry_sha256
    assert first.sha256 == hashlib.sha256(b"one").hexdigest()
    assert (first.version, second.version, other_language.version) == (1, 2, 1)
    assert (
        first.filename == "annex1_test_v1_ru.xlsx" and second.filename == "annex1_test_v2_ru.xlsx"
    )
    assert first.object_key == f"core.organisation:{body.pk}"
    assert first.published_by == body_user and first.organisation_id == body.pk
    # the entry hash is SHA-256 of the public fields joined by "|"
    text = f"1|annex1|core.organisation:{body.pk}|ru|xlsx|{first.sha256}|{GENESIS}|"
    text += "2025-03-14T05:00:00.000000Z"
    assert first.entry_sha256 == hashlib.sha256(text.encode()).hexdigest()
    event = AuditEvent.objects.get(action="publishing.document.published", object_id=str(first.pk))
    assert event.actor == body_user and event.data["seq"] == 1 and event.data["version"] == 1


def test_append_with_the_current_head_is_accepted(body):
    first = append(body, expected_previous=GENESIS)
    second = append(body, b"next", expected_previous=first.entry_sha256)
    assert second.seq == 2


@pytest.mark.parametrize("ledger_size", [0, 1, 3])
def test_append_with_a_stale_previous_hash_is_refused(body, ledger_size):
    entries = fill(body, ledger_size)
    stale = entries[-2].entry_sha256 if ledger_size > 1 else "f" * 64
    with pytest.raises(StaleLedgerHead) as exc:
        append(body, b"late", expected_previous=stale)
    assert exc.value.field == "previous_sha256" and exc.value.status_code == 409
    assert LedgerEntry.objects.count() == ledger_size


def test_second_publisher_with_the_old_head_is_refused(body):
    head = append(body).entry_sha256
    append(body, b"first publisher", expected_previous=head)
    with pytest.raises(StaleLedgerHead):
        append(body, b"second publisher", expected_previous=head)
    assert list(LedgerEntry.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "annex99"}, "kind"),
        ({"language": "en"}, "language"),
        ({"format": "docx"}, "format"),
        ({"content": b""}, "content"),
    ],
)
def test_append_refuses_bad_input(body, change, field):
    kwargs = {"content": b"x", "language": "ru", "format": "xlsx", "kind": "annex1", **change}
    content = kwargs.pop("content")
    with pytest.raises(ApplicationError) as exc:
        append(body, content, **kwargs)
    assert exc.value.field == field
    assert not LedgerEntry.objects.exists()


# --- Published annexes --------------------------------------------------------------------------


def test_placing_for_discussion_stores_annex1_in_both_languages_and_formats(published):
    entries = list(selectors.entries_of(published, kind="annex1"))
    assert [(e.language, e.format, e.version) for e in entries] == [
        ("kk", "xlsx", 1),
        ("kk", "pdf", 1),
        ("ru", "xlsx", 1),
        ("ru", "pdf", 1),
    ]
    assert entries[0].published_at == published.published_at


def test_publishing_annex2_stores_kk_ru_xlsx_pdf_entries(published, body_user):
    reported(published, body_user)
    entries = {(e.language, e.format): e for e in selectors.entries_of(published, kind="annex2")}
    assert sorted(entries) == [("kk", "pdf"), ("kk", "xlsx"), ("ru", "pdf"), ("ru", "xlsx")]
    for (language, fmt), meta in entries.items():
        entry = LedgerEntry.objects.get(pk=meta.pk)
        content = bytes(entry.content)
        assert entry.sha256 == hashlib.sha256(content).hexdigest() and entry.size == len(content)
        assert entry.version == 1 and entry.object_label.endswith("· 2026")
        assert entry.filename == f"annex2_2026_{published.body_id}_v1_{language}.{fmt}"
        if fmt == "pdf":
            assert content.startswith(b"%PDF")
        else:
            cells = [c.value for row in load_workbook(io.BytesIO(content)).active.iter_rows()
                     for c in row]  # fmt: skip
            title = "Отчет о завершении" if language == "ru" else "жария талқылаудың"
            assert any(isinstance(v, str) and title in v for v in cells)
    event = AuditEvent.objects.get(action="formation.report.published")
    assert event.data["ledger"]["ru.pdf"][1] == entries[("ru", "pdf")].sha256


@pytest.mark.parametrize(("language", "fmt"), [("kk", "xlsx"), ("ru", "pdf")])
def test_download_of_a_published_annex_serves_the_stored_bytes(
    published, body_user, client, api_for, language, fmt
):
    reported(published, body_user)
    entry = LedgerEntry.objects.get(kind="annex2", language=language, format=fmt)
    url = reverse("formation:annex", args=[published.pk, 2, fmt]) + f"?lang={language}"
    for response in (
        client.get(url),
        api_for(None).get(
            f"/api/formation/cycles/{published.pk}/annex/2/?lang={language}&output={fmt}"
        ),
        client.get(reverse("ledger:download", args=[entry.seq])),
    ):
        assert response.status_code == 200
        assert response.content == bytes(entry.content)
        assert response["X-Content-SHA256"] == hashlib.sha256(response.content).hexdigest()
        assert response["X-Content-SHA256"] == entry.sha256
        assert entry.filename in response["Content-Disposition"]


def test_download_of_a_draft_renders_live_without_a_ledger_entry(make_cycle, client_for, body_user):
    cycle = make_cycle()
    response = client_for(body_user).get(
        reverse("formation:annex", args=[cycle.pk, 1, "xlsx"]) + "?lang=ru"
    )
    assert response.status_code == 200 and "X-Content-SHA256" not in response
    assert not LedgerEntry.objects.exists()


def test_a_correction_is_a_new_entry_and_the_old_stays_downloadable(published, body_user, client):
    reported(published, body_user, now=at(2025, 4, 3, 9))
    old = LedgerEntry.objects.get(kind="annex2", language="ru", format="xlsx")
    old_bytes = bytes(old.content)
    formation.cycle_report_publish(cycle=published, actor=body_user, now=at(2025, 4, 8, 9))
    new = LedgerEntry.objects.get(kind="annex2", language="ru", format="xlsx", version=2)
    assert new.seq > old.seq and new.sha256 != old.sha256
    old.refresh_from_db()
    assert bytes(old.content) == old_bytes and old.version == 1
    assert client.get(reverse("ledger:download", args=[old.seq])).content == old_bytes
    current = client.get(reverse("formation:annex", args=[published.pk, 2, "xlsx"]) + "?lang=ru")
    assert current.content == bytes(new.content)
    assert LedgerEntry.objects.filter(kind="annex2").count() == 8
    call_command("verify_ledger", stdout=io.StringIO())


# --- verify_ledger ------------------------------------------------------------------------------


def test_untouched_ledger_passes(body):
    fill(body, 5)
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "ledger ok: 5 entries" in out.getvalue()
    assert selectors.verify_ledger().ok


def test_empty_ledger_passes():
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "ledger ok" in out.getvalue()


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


TABLE = LedgerEntry._meta.db_table


@pytest.mark.parametrize(
    ("tamper", "broken", "problem"),
    [
        (
            lambda: _sql(f"UPDATE {TABLE} SET content = %s WHERE seq = 3", [b"forged"]),
            [3],
            "document SHA-256",
        ),
        (
            lambda: _sql(f"UPDATE {TABLE} SET sha256 = %s WHERE seq = 3", ["a" * 64]),
            [3, 4],
            "entry hash",
        ),
        (
            lambda: _sql(f"UPDATE {TABLE} SET previous_sha256 = %s WHERE seq = 3", ["b" * 64]),
            [3, 4],
            "previous_sha256",
        ),
        (
            lambda: _sql(f"UPDATE {TABLE} SET entry_sha256 = %s WHERE seq = 3", ["c" * 64]),
            [3],
            "entry hash",
        ),
        (
            lambda: _sql(
                f"UPDATE {TABLE} SET published_at = published_at + interval '1 hour' WHERE seq = 3",
                [],
            ),
            [3, 4],
            "entry hash",
        ),
        (lambda: _sql(f"DELETE FROM {TABLE} WHERE seq = 3", []), [4], "sequence gap"),
        (lambda: _sql(f"DELETE FROM {TABLE} WHERE seq = 5", []), [], ""),
    ],
    ids=["bytes", "sha256", "previous", "entry-hash", "moment", "deleted", "head-deleted"],
)
def test_tampering_makes_verify_ledger_fail_naming_the_seq(body, tamper, broken, problem):
    fill(body, 5)
    tamper()
    result = selectors.verify_ledger()
    assert sorted({b.seq for b in result.breaks}) == broken
    if not broken:  # removing the head is only visible against a published head hash
        assert result.ok and result.entries == 4
        return
    assert problem in " ".join(b.problem for b in result.breaks if b.seq == broken[0])
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("verify_ledger", stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 1
    assert f"seq {broken[0]}:" in err.getvalue()


def test_tampering_with_a_published_annex_is_found(published, body_user):
    reported(published, body_user)
    assert selectors.verify_ledger().ok
    entry = LedgerEntry.objects.get(kind="annex2", language="kk", format="pdf")
    _sql(f"UPDATE {TABLE} SET content = %s WHERE seq = %s", [b"%PDF-forged", entry.seq])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_ledger", stdout=io.StringIO(), stderr=err)
    assert re.search(rf"^seq {entry.seq}: document SHA-256", err.getvalue(), re.M)


# --- The public page and API --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_ledger_page_lists_entries_in_each_language(body, client, language):
    entries = fill(body, 3)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("ledger:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert re.findall(r'data-seq="(\d+)"', html) == ["3", "2", "1"]  # newest first
    head = entries[-1]
    assert f'title="{head.sha256}"' in html and head.sha256[:12] in html
    assert f'title="{head.previous_sha256}"' in html
    assert "14.03.2025 10:00" in html  # Asia/Almaty
    assert reverse("ledger:download", args=[head.seq]) in html
    assert 'data-testid="ledger-howto"' in html


@pytest.mark.parametrize("size", [1, 50])
def test_ledger_page_queries_do_not_grow(body, client, django_assert_max_num_queries, size):
    fill(body, size)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("ledger:index"))
    assert response.content.decode().count("data-seq=") == size


def test_ledger_page_is_in_the_navigation_for_everyone(client, client_for, ngo_user):
    for c in (client, client_for(ngo_user)):
        assert reverse("ledger:index") in c.get(reverse("ledger:index")).content.decode()


def test_ledger_api_fields_exactly_and_anonymous(body, api_for):
    entries = fill(body, 3)
    response = api_for(None).get("/api/ledger/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert [r["seq"] for r in data["results"]] == [3, 2, 1]
    row = data["results"][0]
    assert list(row) == API_FIELDS
    head = entries[-1]
    assert row == {
        "seq": 3,
        "published_at": "2025-03-14T05:00:00.000000Z",
        "kind": "annex1",
        "object": {"type": "core.organisation", "id": body.pk, "label": "Тестовый орган · 2026"},
        "language": "ru",
        "format": "xlsx",
        "sha256": head.sha256,
        "previous_sha256": entries[1].entry_sha256,
        "url": f"http://testserver/ledger/{head.seq}/download/",
    }
    detail = api_for(None).get("/api/ledger/2/")
    assert detail.status_code == 200 and list(detail.json()) == API_FIELDS
    assert api_for(None).get("/api/ledger/99/").status_code == 404


def test_the_chain_can_be_verified_from_the_api_alone(body, api_for):
    fill(body, 4)
    rows = sorted(api_for(None).get("/api/ledger/").json()["results"], key=lambda r: r["seq"])
    previous = GENESIS
    for row in rows:
        assert row["previous_sha256"] == previous
        content = api_for(None).get(row["url"]).content
        assert hashlib.sha256(content).hexdigest() == row["sha256"]
        obj = f"{row['object']['type']}:{row['object']['id']}"
        text = "|".join(
            [str(row["seq"]), row["kind"], obj, row["language"], row["format"], row["sha256"],
             row["previous_sha256"], row["published_at"]]
        )  # fmt: skip
        previous = hashlib.sha256(text.encode()).hexdigest()
    assert previous == LedgerEntry.objects.get(seq=4).entry_sha256


def test_ledger_api_paginates(body, api_for):
    fill(body, 5)
    data = api_for(None).get("/api/ledger/?limit=2&offset=2").json()
    assert data["count"] == 5 and [r["seq"] for r in data["results"]] == [3, 2]


def test_canonical_moment_is_utc_with_microseconds():
    assert canonical_moment(at(2025, 1, 1, 3, 0)) == "2024-12-31T22:00:00.000000Z"


# --- Admin --------------------------------------------------------------------------------------


def test_ledger_entries_cannot_be_deleted_or_changed_in_the_admin(body, client_for, admin_user):
    entry = append(body)
    c = client_for(admin_user)
    base = "admin:publishing_ledgerentry"
    changelist = c.get(reverse(f"{base}_changelist"))
    assert changelist.status_code == 200 and "delete_selected" not in changelist.content.decode()
    assert c.get(reverse(f"{base}_delete", args=[entry.pk])).status_code == 403
    assert c.post(reverse(f"{base}_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert c.get(reverse(f"{base}_add")).status_code == 403
    c.post(reverse(f"{base}_change", args=[entry.pk]), {"object_label": "forged"})
    entry.refresh_from_db()
    assert entry.object_label == "Тестовый орган · 2026"
    assert LedgerEntry.objects.count() == 1


def test_bench_scenarios_answer(body, client):
    from tapsyrys.publishing.bench import scenarios

    fill(body, 3)
    found = scenarios()
    assert len(found) == 7
    for sc in found:
        if sc.url:
            assert client.get(sc.url).status_code == 200, sc.name
        else:
            assert sc.func() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_do_not_fork_the_chain(body):
    """Eight threads appending at once on PostgreSQL: one chain 1..8, every link intact."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(8)
    errors = []

    def publish(n):
        try:
            barrier.wait()
            append(body, f"parallel {n}".encode())
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert list(LedgerEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 9)
    )
    assert sorted(LedgerEntry.objects.values_list("version", flat=True)) == list(range(1, 9))
    assert selectors.verify_ledger().ok
