"""Backup and restore (issue #13, item 8), exercised end to end on PostgreSQL: a seeded portal with a parent's case and
its attachment is backed up with scripts/backup.sh, restored with scripts/restore.sh into an empty database and an
empty media folder, and the restored portal (gunicorn, a real HTTP server) serves the case page and the attachment to
a logged-in caseworker. Both databases are dropped at the end.

Runs only on PostgreSQL (marker `postgres`, deselected otherwise); under CI=true a missing pg_dump fails the test."""

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from contextlib import closing

import psycopg2
import pytest
from django.conf import settings

from ..conftest import IN_CI
from ..integration import free_port, wait_for
from ..security.files import pdf

pytestmark = pytest.mark.postgres

ROOT = settings.BASE_DIR
CASEWORKER = "saksbehandler.bergen@example.no"  # seed_demo

# Run in the seeded portal: a parent's attachment on one of Bergen's received cases (seed_demo makes none).
ADD_ATTACHMENT = """
import json, os
from pathlib import Path
from django.core.files.uploadedfile import SimpleUploadedFile
from applications.intake.services import attachment_add
from applications.models import RespiteApplication, RespiteStatus
case = RespiteApplication.objects.filter(municipality__slug="bergen").exclude(status=RespiteStatus.DRAFT).order_by("pk").first()
upload = SimpleUploadedFile("legeerklaering.pdf", Path(os.environ["ATTACHMENT_FILE"]).read_bytes())
attachment = attachment_add(application=case, upload=upload)
print(json.dumps({"case": case.pk, "reference": case.reference, "attachment": attachment.pk}))
"""

# Run in the restored portal: a session for the caseworker who has given both the password and the second factor
# (as tests.second_factor does for the test client), so the HTTP requests below are a logged-in caseworker's.
LOGIN_SESSION = f"""
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from besokshjem.accounts.models import User
user = User.objects.get(email="{CASEWORKER}")
session = SessionStore()
session.update({{SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                DEVICE_ID_SESSION_KEY: TOTPDevice.objects.get(user=user, confirmed=True).persistent_id}})
session.create()
print(session.session_key)
"""


def server_params() -> dict:
    db = settings.DATABASES["default"]
    return {"host": db["HOST"] or "127.0.0.1", "port": str(db["PORT"] or 5432), "user": db["USER"] or "postgres",
            "password": db["PASSWORD"] or ""}


def database_url(name: str) -> str:
    p = server_params()
    credentials = p["user"] + (f":{p['password']}" if p["password"] else "")
    return f"postgres://{credentials}@{p['host']}:{p['port']}/{name}"


def admin_sql(sql: str) -> None:
    p = server_params()
    with closing(psycopg2.connect(dbname="postgres", host=p["host"], port=p["port"], user=p["user"],
                                  password=p["password"] or None)) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.fixture
def databases():
    """Two fresh databases with unique names: the portal's, and the empty one to restore into. Dropped afterwards."""
    suffix = uuid.uuid4().hex[:10]
    names = {"source": f"bh_backup_src_{suffix}", "restored": f"bh_backup_dst_{suffix}"}
    for name in names.values():
        admin_sql(f'CREATE DATABASE "{name}"')
    yield names
    for name in names.values():
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_tools():
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install postgresql-client; .ci/run does)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def portal_env(database: str, media) -> dict:
    """The environment of a portal process on `database` with its uploads in `media` (no Redis: tasks run in-process)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
    env.update(DATABASE_URL=database_url(database), PRIVATE_MEDIA_ROOT=str(media), DEBUG="true", REDIS_URL="",
               SECRET_KEY="backup-test-only", ALLOWED_HOSTS="127.0.0.1,localhost", EMAIL_URL="dummymail://",
               PYTHONUNBUFFERED="1")
    return env


def run(args, env, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False, **kwargs)  # noqa: S603
    return result


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"{result.args}\nstdout: {result.stdout[-3000:]}\nstderr: {result.stderr[-3000:]}"
    return result.stdout


def manage(env, *args) -> str:
    return ok(run([sys.executable, "manage.py", *args], env))


def shell(env, code: str) -> str:
    """The last line `manage.py shell -c code` printed."""
    return manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()[-1]


def http_get(url: str, session_key: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session_key}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server on 127.0.0.1
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def portal():
    """Start gunicorn on a free port against the given environment; stopped afterwards."""
    processes = []

    def start(env) -> str:
        port = free_port()
        process = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv" / "bin" / "gunicorn") if (ROOT / ".venv" / "bin" / "gunicorn").exists() else "gunicorn",
             "besokshjem.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"

        def up():
            assert process.poll() is None, "gunicorn exited"
            try:
                return http_get(base + "/", "")[0] == 200
            except OSError:
                return False

        wait_for(up, timeout=60, what="the restored portal to answer")
        return base

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_backup_restored_into_an_empty_database_serves_the_case_and_its_attachment(databases, pg_tools, portal, tmp_path):
    document = pdf()
    (tmp_path / "upload.pdf").write_bytes(document)
    source_media, restored_media, backups = tmp_path / "media-source", tmp_path / "media-restored", tmp_path / "backups"

    # A seeded portal with a parent's case that has an attachment.
    source = portal_env(databases["source"], source_media)
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "seed_demo")
    seeded = json.loads(shell({**source, "ATTACHMENT_FILE": str(tmp_path / "upload.pdf")}, ADD_ATTACHMENT))

    # Back up.
    prefix = ok(run([str(ROOT / "scripts" / "backup.sh")], {**source, "BACKUP_DIR": str(backups), "BACKUP_NAME": "nattlig"}))
    assert prefix.strip() == str(backups / "nattlig")
    assert {p.name for p in backups.iterdir()} == {"nattlig.dump", "nattlig.media.tar.gz", "nattlig.sha256"}
    assert oct((backups / "nattlig.dump").stat().st_mode)[-3:] == "600"

    # Restore into the empty database and an empty media folder.
    restored = portal_env(databases["restored"], restored_media)
    ok(run([str(ROOT / "scripts" / "restore.sh"), str(backups / "nattlig")], restored))
    assert "No planned migration operations" in manage(restored, "migrate", "--plan")

    # Restoring over data is refused, and changes nothing.
    again = run([str(ROOT / "scripts" / "restore.sh"), str(backups / "nattlig")], restored)
    assert again.returncode != 0 and "not empty" in again.stderr

    # The restored portal serves the case and the attachment to a logged-in caseworker.
    session_key = shell(restored, LOGIN_SESSION)
    base = portal(restored)
    status, page = http_get(f"{base}/admin/arbeidsflate/avlastning/{seeded['case']}/", session_key)
    assert status == 200, page[:500]
    assert seeded["reference"] in page.decode()
    assert "legeerklaering.pdf" in page.decode()
    status, body = http_get(f"{base}/admin/arbeidsflate/avlastning/{seeded['case']}/vedlegg/{seeded['attachment']}/", session_key)
    assert (status, body) == (200, document)

    # Without the session, the same addresses are closed.
    assert http_get(f"{base}/admin/arbeidsflate/avlastning/{seeded['case']}/vedlegg/{seeded['attachment']}/", "")[1] != document
