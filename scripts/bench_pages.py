"""Benchmark: every page of the portal at full scale, against the fastest the same stack can do in the same run.

    make bench                      # or: .venv/bin/python scripts/bench_pages.py [--seconds 8] [--scale 1.0]

What it does (docs/benchmarks.md has the method and the figures):
1. A PostgreSQL database of its own (`$BENCH_DATABASE_URL`, default besokshjem_bench on 127.0.0.1) is created,
   migrated and seeded with `manage.py seed_scale --scale $BENCH_SCALE` the first time (reused after; `--reseed`);
   a kept one is migrated, and every run starts with VACUUM ANALYZE.
2. The production server: gunicorn with the production settings (gunicorn.conf.py: sync workers, 2 × cores + 1 of
   them unless `--workers`), DEBUG off (cached templates, hashed and compressed
   static files), the access log and the idle timeout on as in production, persistent database connections.
3. For each page, `wrk` (one thread: the load generator never takes more than one core; its CPU time is measured and
   reported) runs `--seconds` with 4 connections (caseworker pages also with 10) on loopback only. The baseline is
   `/ping/`, a view that answers «ok» through the same middleware stack, measured first in the same run.
4. The number of SQL queries of each page, from one request through Django's test client in this process.
5. Outside HTTP: the reminder planner deciding what is due, writing and queuing 100,000 outbox rows (time and peak
   memory), delivering a sample of them to a local SMTP server, and the waiting-list figures over every decision.

Prints a table and writes docs/benchmarks/pages.json and docs/benchmarks/pages.md.
"""

import argparse
import json
import os
import platform
import re
import resource
import runpy
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "benchmarks"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/besokshjem_bench"
OUTBOX_ROWS = 100_000
SMTP_SAMPLE = 2_000

LUA = """
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
done = function(summary, latency, requests)
  io.write(string.format('BENCH {"requests":%%d,"duration_us":%%d,"status_errors":%%d,"socket_errors":%%d,'
    .. '"p50_us":%%d,"p95_us":%%d,"p99_us":%%d}\\n', summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


# --- The database and the server ---------------------------------------------------------------------------------------


def server_env(database_url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "TESTING": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",  # loopback http; everything else as in production
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REDIS_URL": redis_url,
        "ALLOW_SYNTHETIC_NATIONAL_IDS": "true",  # the seeded people are fictional
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "http://127.0.0.1",
    }


def database_ready(url: str) -> bool:
    import psycopg2

    parts = urlsplit(url)
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres")
    admin.autocommit = True
    name = parts.path.lstrip("/")
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    if not exists:
        return False
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname=name)
    with conn.cursor() as cursor:
        cursor.execute("SELECT to_regclass('applications_volunteerapplication') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT count(*) FROM applications_volunteerapplication")
        seeded = cursor.fetchone()[0] > 0
    conn.close()
    return seeded


def drop_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    admin.close()


def prepare_database(url: str, scale: float, env: dict, reseed: bool) -> float | None:
    """Seeds a new database (returns the seconds it took) or brings a kept one up to the code measured: migrated (the
    code may have added a column or an index) and with fresh planner statistics (production runs autovacuum; a database
    written in bulk and measured without statistics gets plans that read tens of thousands of rows for a list of 25)."""
    if reseed:
        drop_database(url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    ready = database_ready(url)
    started = time.monotonic()
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
    if ready:
        vacuum_analyze(url)
        return None
    subprocess.run([*manage, "seed_scale", "--scale", str(scale), "--i-know-this-is-not-production"], env=env, check=True, cwd=ROOT)
    vacuum_analyze(url)
    return time.monotonic() - started


def vacuum_analyze(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                            dbname=parts.path.lstrip("/"))
    conn.autocommit = True  # VACUUM cannot run inside a transaction
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int, workers: int | None) -> subprocess.Popen:
    command = [GUNICORN, "besokshjem.wsgi", "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning"]
    server = subprocess.Popen(
        command + (["--workers", str(workers)] if workers else []),
        env=env, cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


# --- Pages -------------------------------------------------------------------------------------------------------------


class Page:
    def __init__(self, group, name, path, *, method="GET", data=None, cookies=None, connections=(4,), extra_headers=None):
        self.group, self.name, self.path, self.method = group, name, path, method
        self.data = data or {}
        self.cookies = cookies or {}
        self.connections = connections
        self.extra_headers = extra_headers or {}


def pages_to_measure() -> tuple[list[Page], dict]:
    """Built in this process with Django set up against the bench database: the objects each page needs, sessions
    for an applicant and a caseworker, and the forms' CSRF tokens."""
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from applications.models import Decision, RespiteApplication, VolunteerApplication
    from besokshjem.accounts.models import User
    from besokshjem.core.tokens import STATUS, case_token
    from besokshjem.tenancy.choices import HOME_TYPE_SLUGS
    from besokshjem.tenancy.models import Membership, Municipality
    from placements.models import Need

    municipality = Municipality.objects.annotate(n=Count("volunteer_applications")).order_by("-n").first()
    facts = {"kommune": municipality.name}
    from applications.links import link_is_open

    # Cases whose applicant's link still works (a closed case's link ends): the newest under review, the newest vedtak.
    volunteer = VolunteerApplication.objects.filter(municipality=municipality, status="in_review").order_by("-submitted_at").first()
    decision = (Decision.objects.filter(application__municipality=municipality, status="confirmed", notified_at__isnull=False)
                .select_related("application").order_by("-decided_at").first())
    respite = decision.application
    assert link_is_open(volunteer, STATUS) and link_is_open(respite, STATUS), "no case with an open link in the seeded data"
    need = Need.objects.filter(municipality=municipality, placements__isnull=True).order_by("-pk").first()
    member = Membership.objects.filter(municipality=municipality, role="caseworker", units__legal_track="child_welfare").first()
    user = User.objects.get(pk=member.user_id)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)

    caseworker = Client()
    caseworker.force_login(user)
    session = caseworker.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    staff = {"sessionid": caseworker.cookies["sessionid"].value}


    def status_path(case, url_name):
        return reverse(url_name, args=[case_token(case, purpose=STATUS)])

    applicant = Client()
    start = reverse("applications:start", args=[municipality.slug])
    applicant.get(start)
    csrf = applicant.cookies["csrftoken"].value
    started = applicant.post(start, {"nonce": "6f1c0b7e-4a51-4c39-9d0a-2f8f7d1f2a10", "home_types": ["visiting"],
                                     "applying_together": "False", "csrfmiddlewaretoken": csrf})
    first_step = started["Location"]
    public_cookies = {"csrftoken": csrf, "sessionid": applicant.cookies["sessionid"].value}
    from tests.intake.wizard_walk import STEP_DATA  # the answers the test suite walks the form with

    pages = [
        Page("baseline", "trivial view (baseline)", "/ping/"),
        Page("public", "start page", "/"),
        Page("public", "kommune page", reverse("municipality", args=[municipality.slug])),
        Page("public", "role page", reverse("home_type", args=[municipality.slug, HOME_TYPE_SLUGS["visiting"]])),
        Page("form", "volunteer form: first step (GET)", start, cookies=public_cookies),
    ]
    url = first_step
    for slug, data in list(STEP_DATA.items())[:3]:
        pages.append(Page("form", f"volunteer form: «{slug}» (GET)", url, cookies=public_cookies))
        pages.append(Page("form", f"volunteer form: «{slug}» (valid POST)", url, method="POST", cookies=public_cookies,
                          data={**data, "nav": "next", "csrfmiddlewaretoken": csrf}))
        url = applicant.post(url, {**data, "nav": "next", "csrfmiddlewaretoken": csrf})["Location"]
    pages += [
        Page("form", "parent's form: first step (GET)", reverse("applications:respite_start", args=[municipality.slug]), cookies=public_cookies),
        Page("status", "volunteer status page", status_path(volunteer, "applications:status")),
        Page("status", "parent's status page", status_path(respite, "applications:respite_status")),
        Page("status", "vedtak PDF", status_path(respite, "applications:respite_status") + f"vedtak/{decision.pk}.pdf"),
    ]
    surname = volunteer.last_name
    cw = (4, 10)
    pages += [
        Page("caseworker", "volunteer changelist", reverse("admin:applications_volunteerapplication_changelist"), cookies=staff, connections=cw),
        Page("caseworker", "volunteer changelist, filtered by status",
             reverse("admin:applications_volunteerapplication_changelist") + "?status__exact=in_review", cookies=staff, connections=cw),
        Page("caseworker", "volunteer changelist, searched",
             reverse("admin:applications_volunteerapplication_changelist") + "?" + urlencode({"q": surname}), cookies=staff, connections=cw),
        Page("caseworker", "parents' changelist", reverse("admin:applications_respiteapplication_changelist"), cookies=staff, connections=cw),
        Page("caseworker", "parents' changelist, filtered by status",
             reverse("admin:applications_respiteapplication_changelist") + "?status__exact=submitted", cookies=staff, connections=cw),
        Page("caseworker", "parents' changelist, searched",
             reverse("admin:applications_respiteapplication_changelist") + "?" + urlencode({"q": respite.child_last_name}), cookies=staff, connections=cw),
        Page("caseworker", "volunteer case page", reverse("caseworker:case", args=[volunteer.pk]), cookies=staff, connections=cw),
        Page("caseworker", "parent's case page", reverse("caseworker:respite_case", args=[respite.pk]), cookies=staff, connections=cw),
        Page("caseworker", "dashboard", reverse("caseworker:dashboard"), cookies=staff, connections=cw),
        Page("caseworker", "waiting list", reverse("caseworker:waiting_list"), cookies=staff, connections=cw),
        Page("caseworker", "suggestions for a granted case", reverse("caseworker:need", args=[need.pk]), cookies=staff, connections=cw),
        Page("caseworker", "waiting list CSV export", reverse("caseworker:waiting_list_csv"), cookies=staff, connections=cw),
    ]
    clients = {"staff": caseworker, "public": applicant}
    for page in pages:
        page.client = clients["staff"] if page.cookies is staff else clients["public"] if page.cookies else Client()
    facts.update({"volunteer_applications": VolunteerApplication.objects.count(), "respite_applications": RespiteApplication.objects.count(),
                  "decisions": Decision.objects.count(), "needs": Need.objects.count()})
    return pages, facts


def count_queries(page: Page) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = page.client.post(page.path, page.data) if page.method == "POST" else page.client.get(page.path)
    return len(queries), response.status_code


def run_wrk(page: Page, port: int, seconds: int, connections: int, workdir: Path) -> dict:
    headers = {**page.extra_headers}
    if page.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in page.cookies.items())
    body = ""
    if page.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(page.data, doseq=True)
    script = workdir / "page.lua"
    script.write_text(LUA % {
        "method": lua_string(page.method), "body": lua_string(body) if body else "nil",
        "headers": "\n".join(f"wrk.headers[ {lua_string(k)} ] = {lua_string(v)}" for k, v in headers.items()),
    })
    url = f"http://127.0.0.1:{port}{page.path}"
    # One second first, not counted: every worker has its connection, its templates and the page's rows cached.
    subprocess.run(["wrk", "-t1", f"-c{connections}", "-d1s", "-s", str(script), url], capture_output=True, check=False)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _pid, _status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    output = process.stdout.read()
    match = re.search(r"^BENCH (\{.*\})$", output, re.M)
    if not match:
        raise SystemExit(f"wrk gave no result for {page.path}:\n{output}")
    result = json.loads(match.group(1))
    duration = result["duration_us"] / 1e6
    return {
        "connections": connections,
        "requests": result["requests"],
        "req_per_s": result["requests"] / duration if duration else 0.0,
        "p50_ms": result["p50_us"] / 1000, "p95_ms": result["p95_us"] / 1000, "p99_ms": result["p99_us"] / 1000,
        "errors": result["status_errors"] + result["socket_errors"],
        "load_generator_cpu": (usage.ru_utime + usage.ru_stime) / wall,
    }


# --- Outside HTTP ------------------------------------------------------------------------------------------------------


def measured(function):
    """(result, seconds, bytes the process's peak resident size grew by). Not tracemalloc: it slows the work it
    measures several times over."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = function()
    elapsed = time.monotonic() - started
    return result, elapsed, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024


def background_work(facts: dict) -> dict:
    import redis
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.mail import get_connection
    from django.utils import timezone

    from applications.models import RespiteApplication
    from besokshjem.outbox import services as outbox
    from besokshjem.outbox.models import Message
    from besokshjem.reminders import services as reminders
    from besokshjem.tenancy.models import Municipality
    from placements.waiting import waiting_figures, waiting_list

    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()  # the bench's own Redis database (BENCH_REDIS_URL): the 100,000 queued sends are dropped after
    figures = {}
    planned, seconds, peak = measured(lambda: reminders.plan(today=timezone.localdate()))
    figures["reminder planner (what is due)"] = {"seconds": seconds, "peak_mb": peak / 2**20, "rows": planned}

    content_type = ContentType.objects.get_for_model(RespiteApplication)
    applications = list(RespiteApplication.objects.exclude(guardian_email="").values_list("pk", "municipality_id", "guardian_email")[:10_000])
    stamp = int(time.time())
    municipalities = {m.pk: m for m in Municipality.objects.all()}
    rows = [{"kind": "interim_reply_ready", "content_type": content_type, "object_id": pk, "recipient": email, "language": "nb",
             "municipality": municipalities[kommune], "dedupe_key": f"bench:{stamp}:{n}"}
            for n in range(OUTBOX_ROWS) for pk, kommune, email in [applications[n % len(applications)]]]
    ids, seconds, peak = measured(lambda: outbox.messages_write_many(rows))
    figures["write 100,000 outbox rows"] = {"seconds": seconds, "peak_mb": peak / 2**20, "rows": len(ids)}
    rows.clear()
    queued, seconds, peak = measured(lambda: outbox.sweep(limit=OUTBOX_ROWS)["queued"])
    figures["queue them (outbox sweep to Redis)"] = {"seconds": seconds, "peak_mb": peak / 2**20, "rows": queued}

    from aiosmtpd.controller import Controller

    class Sink:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.received += 1
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
        get_connection()  # the backend as configured
        Message.objects.filter(pk__in=ids[SMTP_SAMPLE:]).update(send_after=timezone.now() + timedelta(days=365))
        sent, seconds, peak = measured(lambda: outbox.send_due(batch_size=500, limit=SMTP_SAMPLE))
        figures[f"deliver {SMTP_SAMPLE:,} of them over SMTP (local server)"] = {
            "seconds": seconds, "peak_mb": peak / 2**20, "rows": Sink.received, "per_second": Sink.received / seconds if seconds else 0}
    finally:
        controller.stop()
        Message.objects.filter(pk__in=ids).delete()
        broker.flushdb()

    every = Municipality.objects.all()
    result, seconds, peak = measured(lambda: waiting_figures(waiting_list(municipalities=every)))
    figures[f"waiting-list figures over {facts['decisions']:,} decisions"] = {"seconds": seconds, "peak_mb": peak / 2**20,
                                                                               "rows": result["total"].waiting}
    return figures


# --- Report ------------------------------------------------------------------------------------------------------------


def markdown(report: dict) -> str:
    lines = [
        f"# Page benchmark, {report['date']}", "",
        f"{report['machine']}. gunicorn {report['workers']} sync workers, DEBUG off, PostgreSQL; wrk with one thread, {report['seconds']} s a page; "
        f"the data: {report['facts']}.", "",
        "| page | connections | req/s | of baseline | p50 ms | p95 ms | p99 ms | errors | SQL queries | wrk CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report["pages"]:
        lines.append(f"| {row['name']} | {row['connections']} | {row['req_per_s']:,.1f} | {row['of_baseline']:.3f} | {row['p50_ms']:.1f} | "
                     f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} | {row['queries']} | {row['load_generator_cpu']:.0%} |")
    lines += ["", "| background work | seconds | growth of peak RSS (MB) | rows |", "|---|---:|---:|---:|"]
    for name, row in report["background"].items():
        lines.append(f"| {name} | {row['seconds']:.2f} | {row['peak_mb']:.1f} | {row['rows']:,} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 8)))
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1.0)))
    parser.add_argument("--reseed", action="store_true", help="drop the bench database and seed it again")
    parser.add_argument("--only", default="", help="measure only pages whose name contains one of these (comma-separated)")
    parser.add_argument("--no-background", action="store_true", help="skip the reminder, outbox and waiting-list figures")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's, one per core)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    env = server_env(database_url, redis_url)
    seeded = prepare_database(database_url, args.scale, {**env, "DEBUG": "true"}, args.reseed)
    # Hashed, compressed static files, as in production (the manifest is read by this process's pages too).
    subprocess.run([PYTHON, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "besokshjem.settings"
    import django

    django.setup()
    pages, facts = pages_to_measure()
    if args.only:
        wanted = [name.strip() for name in args.only.split(",")]
        pages = [p for p in pages if p.group == "baseline" or any(name in p.name for name in wanted)]
    port = free_port()
    production_workers = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    workers = args.workers or production_workers
    server = start_server(env, port, args.workers)
    rows = []
    try:
        for page in pages:
            queries, status = count_queries(page)
            for connections in page.connections:
                result = run_wrk(page, port, args.seconds, connections, workdir)
                rows.append({"group": page.group, "name": page.name, "path": re.sub(r"/[A-Za-z0-9_:-]{20,}/", "/<token>/", page.path),
                             "queries": queries, "status": status, **result})
                print(f"{page.name:55} c={connections:<3} {result['req_per_s']:9.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
                      f"p95 {result['p95_ms']:7.1f} ms  {queries:4} queries  HTTP {status}  errors {result['errors']}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    baseline = next(r["req_per_s"] for r in rows if r["group"] == "baseline")
    for row in rows:
        row["of_baseline"] = row["req_per_s"] / baseline
    background = {} if args.no_background else background_work(facts)
    report = {
        "date": datetime.now().isoformat(timespec="minutes"), "seconds": args.seconds, "scale": args.scale,
        "machine": f"{os.cpu_count()} CPU ({platform.processor() or platform.machine()}), Python {platform.python_version()}",
        "workers": workers, "facts": facts, "seed_seconds": seeded, "pages": rows, "background": background,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    # A partial run never replaces the full one; a run with other workers than production's is kept beside it.
    name = "pages-partial" if args.only or args.no_background else "pages" if workers == production_workers else f"pages-{workers}-workers"
    (OUT / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (OUT / f"{name}.md").write_text(markdown(report))
    print(markdown(report))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
