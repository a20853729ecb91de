"""Benchmark: outbox services.send_due() over 100,000 due messages on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python scripts/bench_outbox.py [--full]

Creates its own database (bench_outbox, dropped at the end) next to the one DATABASE_URL names, migrates it,
seeds 10 kommuner x 100 submitted respite applications, each with a foreløpig svar, and one outbox row of kind
"interim_reply_ready" (the parent's notice of a letter; the kind has no still_due filter) per letter and due day,
each with its own dedupe key, and sends with the locmem e-mail backend. Django's mail.outbox only counts messages
(100,000 kept e-mails would otherwise be most of the memory measured).

At 10,000 and at 100,000 due messages it prints:
- queries per batch of 500 (CaptureQueriesContext around single send_due(limit=500) calls), what they are, and the
  time of the claim query (SELECT ... FOR UPDATE SKIP LOCKED) in those batches;
- peak Python memory (tracemalloc) over MEMORY_BATCHES batches, measured apart so its overhead does not distort timing;
- time and messages/s of send_due(batch_size=500) over SAMPLE messages with all n due (default, a few minutes),
  or with --full over every one of the n, checking each row was sent exactly once;
- the process's maximum resident set size at the end.
"""

import argparse
import os
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DB = os.environ.get("BENCH_DATABASE", "bench_outbox")
KIND = "interim_reply_ready"
BATCH = 500
APPLICATIONS_PER_KOMMUNE = 100
KOMMUNER = 10
SIZES = (10_000, 100_000)  # due messages (1,000 letters x 10 and x 100 due days)
CAPTURED_BATCHES = 3
MEMORY_BATCHES = 4
SAMPLE = 10_000  # messages sent in the timed run without --full

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def admin_connection(url: str):
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
                            password=parts.password or None, dbname=(parts.path or "/postgres").lstrip("/") or "postgres")
    conn.autocommit = True
    return conn


def recreate_database(url: str, drop_only=False):
    conn = admin_connection(url)
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    conn.close()


class CountingOutbox(list):
    """Stands in for django.core.mail.outbox: counts what the locmem backend 'sends', keeps nothing."""

    sent = 0

    def append(self, message):
        self.sent += 1


def setup_django(url: str):
    parts = urlsplit(url)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "besokshjem.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789")
    os.environ["DEBUG"] = "false"  # no query log kept outside CaptureQueriesContext
    os.environ.pop("REDIS_URL", None)  # send_due sends in this process; no broker needed
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["*"]
    from django.core import mail

    mail.outbox = CountingOutbox()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_letters():
    """1,000 submitted respite applications in 10 kommuner, each with one foreløpig svar (the messages' target)."""
    from django.utils import timezone

    from applications.models import InterimReply, RespiteApplication
    from besokshjem.accounts.models import User
    from besokshjem.tenancy.services import municipality_create
    from tests.factories import RespiteApplicationFactory

    now = timezone.now()
    applications = []
    for k in range(KOMMUNER):
        municipality = municipality_create(name=f"Benchkommune {k}", slug=f"bench-{k}", number=f"{9000 + k}",
                                           reference_prefix=f"B{chr(65 + k)}X", contact_email=f"post@bench-{k}.example.no",
                                           contact_phone="+4755000000")
        for i in range(APPLICATIONS_PER_KOMMUNE):
            applications.append(RespiteApplicationFactory.build(
                municipality=municipality, status="submitted", submitted_at=now, reference=f"B{chr(65 + k)}X-2026-{i + 1:05d}",
                guardian_email=f"forelder{k}-{i}@example.no"))
    applications = RespiteApplication.objects.bulk_create(applications, batch_size=1000)
    caseworker = User.objects.create_user(email="saksbehandler@bench.example.no", password=None, full_name="Bench")
    return InterimReply.objects.bulk_create([
        InterimReply(application=a, reason="Venter", expected_decision_date=timezone.localdate() + timedelta(days=30), sent_by=caseworker)
        for a in applications
    ], batch_size=1000)


def seed_messages(letters, days: int) -> int:
    """One pending, due outbox row per letter and due day, with distinct dedupe keys (as the letter notice and the
    reminder planner write them)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from besokshjem.outbox.models import Message
    from besokshjem.outbox.registry import kind_for

    assert kind_for(KIND) is not None, f"outbox kind {KIND!r} is not registered"
    Message.objects.all().delete()
    content_type = ContentType.objects.get_for_model(letters[0])
    today, send_after = timezone.localdate(), timezone.now() - timedelta(minutes=1)
    rows = []
    for r in letters:
        email = r.application.guardian_email
        for d in range(days):
            due_on = today - timedelta(days=d)
            rows.append(Message(
                kind=KIND, municipality_id=r.application.municipality_id, content_type=content_type, object_id=r.pk,
                recipient=email, language="nb", due_on=due_on, send_after=send_after,
                dedupe_key=f"{KIND}:{r.pk}:{due_on:%Y%m%d}:{email.lower()}"))
    Message.objects.bulk_create(rows, batch_size=5000)

    vacuum()
    return len(rows)


def reset_to_pending():
    from django.utils import timezone

    from besokshjem.outbox.models import Message, MessageStatus

    Message.objects.update(status=MessageStatus.PENDING, send_after=timezone.now() - timedelta(minutes=1), claimed_until=None,
                           claim_token=None, attempts=0, sent_at=None, last_error="")
    vacuum()


def vacuum():
    """As autovacuum would have done on a live table: no dead rows from the seeding and resets in the measured runs."""
    from django.db import connection

    from besokshjem.outbox.models import Message

    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM ANALYZE "{Message._meta.db_table}"')


def query_kind(sql: str) -> str:
    """A captured query, named by what it does in delivery.py."""
    if sql in ("BEGIN", "COMMIT", "ROLLBACK"):
        return sql
    if "FOR UPDATE" in sql:
        return "claim: SELECT ... FOR UPDATE SKIP LOCKED (selectors.due_ids)"
    if sql.startswith('UPDATE "outbox_message"'):
        status = re.search(r'SET "status" = \'(\w+)\'', sql)
        if status and status.group(1) == "claimed":
            return "claim: UPDATE one row to claimed (delivery.claim)"
        return f"UPDATE one row to {status.group(1) if status else '?'} (delivery._finish)"
    if sql.startswith("SELECT") and 'FROM "outbox_message"' in sql:
        return "SELECT the claimed rows (send_claimed)"
    table = re.search(r'FROM "(\w+)"', sql)
    return f"SELECT from {table.group(1) if table else '?'}" if sql.startswith("SELECT") else sql[:80]


def queries_per_batch() -> tuple[list[int], list[float], Counter]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from besokshjem.outbox import services

    counts, claim_ms, kinds = [], [], Counter()
    for _ in range(CAPTURED_BATCHES):
        with CaptureQueriesContext(connection) as captured:
            result = services.send_due(batch_size=BATCH, limit=BATCH)
        assert result["batches"] == 1 and result["sent"] == BATCH, result
        counts.append(len(captured.captured_queries))
        claim_ms += [float(q["time"]) * 1000 for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]
        kinds = Counter(query_kind(q["sql"]) for q in captured.captured_queries)  # the last batch's
    return counts, claim_ms, kinds


def peak_memory() -> int:
    from besokshjem.outbox import services

    tracemalloc.start()
    services.send_due(batch_size=BATCH, limit=BATCH * MEMORY_BATCHES)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_run(limit: int | None) -> tuple[float, float, dict]:
    """Wall time and this process's CPU time (less sensitive to other load on the machine) of one send_due run."""
    from besokshjem.outbox import services

    started, cpu = time.perf_counter(), cpu_seconds()
    result = services.send_due(batch_size=BATCH, limit=limit)
    return time.perf_counter() - started, cpu_seconds() - cpu, result


def check_sent_once(sent: int, n: int):
    from django.db.models import Count

    from besokshjem.outbox.models import Message, MessageStatus

    by_status = dict(Message.objects.order_by().values_list("status").annotate(n=Count("pk")))
    assert by_status.get(MessageStatus.SENT) == sent and sum(by_status.values()) == n, by_status
    assert set(by_status) <= {MessageStatus.SENT, MessageStatus.PENDING}, by_status
    sent_rows = Message.objects.filter(status=MessageStatus.SENT)
    assert set(sent_rows.values_list("attempts", flat=True).distinct()) == {1}
    assert not sent_rows.filter(sent_at__isnull=True).exists()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="send every due message in the timed run (not a sample)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    recreate_database(url)
    try:
        setup_django(url)
        from django.core import mail
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
        print(f"{version}, database {BENCH_DB}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; kind {KIND}; "
              f"batch_size={BATCH}; timed run: {'every due message' if args.full else f'{SAMPLE:,} messages'}")
        letters = seed_letters()
        results = {}
        for size in SIZES:
            days = size // len(letters)
            started = time.perf_counter()
            n = seed_messages(letters, days)
            seeded = time.perf_counter() - started
            queries, claim_ms, kinds = queries_per_batch()  # single batches of 500, with n due
            reset_to_pending()
            peak = peak_memory()  # MEMORY_BATCHES batches under tracemalloc
            reset_to_pending()
            mail.outbox.sent = 0
            limit = None if args.full else min(SAMPLE, n)
            load = os.getloadavg()[0]
            elapsed, cpu, result = timed_run(limit)
            sent = result["sent"]
            assert sent == (n if limit is None else limit) == mail.outbox.sent, (result, mail.outbox.sent)
            assert result["failed"] == result["retry"] == result["obsolete"] == 0, result
            check_sent_once(sent, n)
            results[size] = dict(n=n, queries=queries, claim_ms=claim_ms, peak=peak, rate=sent / elapsed)
            print(f"\n{n:,} due messages (seeded in {seeded:.1f} s)")
            print(f"  queries per batch of {BATCH}: {queries} (median {statistics.median(queries):.0f}, "
                  f"{statistics.median(queries) / BATCH:.2f} per message); claim query {statistics.median(claim_ms):.1f} ms")
            for name, count in sorted(kinds.items(), key=lambda item: -item[1]):
                print(f"    {count:5d}  {name}")
            print(f"  send_due(batch_size={BATCH}): {sent:,} sent in {elapsed:.1f} s ({result['batches']} batches), "
                  f"{sent / elapsed:,.0f} messages/s, {elapsed / result['batches'] * 1000:.0f} ms per batch, "
                  f"{elapsed / sent * 1000:.2f} ms per message")
            print(f"    of which CPU time of this process {cpu / sent * 1000:.2f} ms per message; "
                  f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
            print(f"  peak memory (tracemalloc, {MEMORY_BATCHES} batches): {peak / 2**20:.1f} MiB")
            print(f"  e-mails counted by mail.outbox: {mail.outbox.sent:,}; each of them sent once (status sent, 1 attempt)")
        small, large = results[SIZES[0]], results[SIZES[-1]]
        print(f"\nqueries per batch: {statistics.median(small['queries']):.0f} at {small['n']:,} due, "
              f"{statistics.median(large['queries']):.0f} at {large['n']:,} due")
        print(f"claim query: {statistics.median(small['claim_ms']):.1f} ms at {small['n']:,} due, "
              f"{statistics.median(large['claim_ms']):.1f} ms at {large['n']:,} due")
        print(f"messages/s: {small['rate']:,.0f} at {small['n']:,} due, {large['rate']:,.0f} at {large['n']:,} due")
        print(f"peak memory (tracemalloc): {small['peak'] / 2**20:.1f} MiB at {small['n']:,} due, "
              f"{large['peak'] / 2**20:.1f} MiB at {large['n']:,} due")
        print(f"max resident set size of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not have been set up
            pass
        recreate_database(url, drop_only=True)


if __name__ == "__main__":
    main()
