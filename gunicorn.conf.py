"""Gunicorn in production. `gunicorn besokshjem.wsgi` (the Procfile's web process) reads this file from the working
directory; `make bench` starts the server with it, so the figures in docs/benchmarks.md are of this configuration.

- workers: `WEB_CONCURRENCY`, else gunicorn's own starting point for sync workers, 2 × the CPU cores this process may
  use, plus one (without this file gunicorn starts one worker). A sync worker waiting for PostgreSQL leaves its core
  to another worker; docs/benchmarks.md compares 2 and 5 workers on two cores.
- No HTTP access log: request paths carry the applicants' private links (besokshjem/core/private_links.py). Every
  read of a case by a caseworker is in the portal's own access log (besokshjem/audit), with no link in it.
- A request that takes more than `GUNICORN_TIMEOUT` seconds (30) is a fault: the worker is restarted.
"""

import os


def cpu_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * cpu_cores() + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection is held (behind a proxy that reuses connections)
accesslog = None
