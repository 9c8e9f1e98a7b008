"""The embedded default under concurrent writes (issue 7 item 1): 20 state-body staff add a
source of evidence at the same moment through the API of a live gunicorn (threads) on a
fresh SQLite database with the demo settings. WAL, IMMEDIATE transactions and the busy
timeout make the writers wait for each other: no 5xx, every row and its audit event stored."""

import json
import sqlite3
import threading

from .servers import Server, clean_env, manage

WRITERS = 20

SETUP = """
from rest_framework.authtoken.models import Token
from tapsyrys.core.models import Role
from tapsyrys.core.tests.factories import StateBodyFactory, UserFactory
body = StateBodyFactory()
for n in range({n}):
    user = UserFactory(organisation=body, roles=[Role.STATE_BODY], username=f"writer{{n}}")
    print("TOKEN", Token.objects.create(user=user).key)
"""


def test_twenty_concurrent_writes_on_sqlite_all_stored_without_5xx(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.demo",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_STATIC_ROOT=tmp_path / "static",
        # the suite's own writes must wait the same way; a short busy timeout would still be
        # enough for 20 writers, the default is 20 s
    )
    code, out = manage("migrate", "--noinput", "-v", "0", env=env)
    assert code == 0, out
    code, out = manage("shell", "-c", SETUP.format(n=WRITERS), env=env)
    assert code == 0, out
    tokens = [line.split()[1] for line in out.splitlines() if line.startswith("TOKEN ")]
    assert len(tokens) == WRITERS

    server = Server(env, tmp_path / "gunicorn.log", threads=WRITERS)
    try:
        server.wait_ready("/api/schema/")
        barrier = threading.Barrier(WRITERS)
        results = [None] * WRITERS

        def write(n):
            body = json.dumps(
                {
                    "kind": "needs_assessment",
                    "title": f"Оценка потребностей {n}",
                    "date": "2025-02-01",
                }
            ).encode()
            headers = {"Authorization": f"Token {tokens[n]}", "Content-Type": "application/json"}
            barrier.wait()
            results[n] = server.request(
                "/api/formation/evidence/", method="POST", data=body, headers=headers
            )

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        statuses = [r[0] if r else None for r in results]
        assert statuses == [201] * WRITERS, (statuses, server.log())
    finally:
        server.stop()

    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        titles = {row[0] for row in db.execute("SELECT title_ru FROM formation_evidence")}
        events = db.execute(
            "SELECT count(*) FROM core_auditevent WHERE action = 'formation.evidence.added'"
        ).fetchone()[0]
    assert titles == {f"Оценка потребностей {n}" for n in range(WRITERS)}
    assert events == WRITERS
