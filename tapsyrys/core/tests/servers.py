"""Real servers for the deployment tests: gunicorn (or manage.py) in a subprocess on a free
port, with the settings and the database given. A server that does not come up is a test
failure with its log, never a skip."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_url(connection):
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def clean_env(**values):
    """The environment of a child process: ours without the variables that would point it at
    another database, broker or settings, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CELERY_", "TAPSYRYS_", "SECURE_", "SQLITE_", "IMPORT_"))
        and k not in ("DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER")
    }
    env.update({k: str(v) for k, v in values.items()})
    return env


def manage(*args, env, timeout=600):
    """manage.py in a subprocess; returns (returncode, combined output)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.returncode, done.stdout + done.stderr


class Server:
    def __init__(self, env, log_path, threads=8):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [GUNICORN, "config.wsgi", "--chdir", str(ROOT), "--no-control-socket",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--threads", str(threads), "--worker-class", "gthread", "--timeout", "120",
             "--access-logfile", "-"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def log(self):
        self._log.flush()
        return Path(self.log_path).read_text()[-6000:]

    def wait_ready(self, path="/", headers=None, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                self.get(path, headers=headers)
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer within {timeout} s:\n{self.log()}")

    def request(self, path, *, method="GET", data=None, headers=None):
        """(status, headers, body) without raising on 4xx/5xx and without following redirects."""
        req = urllib.request.Request(
            self.base + path, data=data, method=method, headers=headers or {}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get(self, path, headers=None):
        return self.request(path, headers=headers)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
