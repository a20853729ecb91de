"""Gunicorn in production. `gunicorn besokshjem.wsgi` (the Procfile's web process) reads this file from the working
directory; `make bench` starts the server with it, so the figures in docs/benchmarks.md are of this configuration.

- workers: `WEB_CONCURRENCY`, else one per CPU core this process may use, at least two (without this file gunicorn
  starts one). Not gunicorn's usual starting point of 2 × cores + 1: the pages spend most of their time in Python, not
  waiting for PostgreSQL: on two cores, five workers answered all but one page 8–47 % fewer requests a second than two
  (docs/benchmarks.md, «Workers»; docs/benchmarks/pages-5-workers.md).
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


workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, cpu_cores()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection is held (behind a proxy that reuses connections)
accesslog = None
