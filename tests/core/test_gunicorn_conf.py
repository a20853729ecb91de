"""gunicorn.conf.py: the production server's settings, also what `make bench` measures."""

import os
import runpy
from pathlib import Path

CONFIG = str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py")


def test_workers_follow_the_cores_unless_web_concurrency_says_otherwise(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert runpy.run_path(CONFIG)["workers"] == max(2, len(os.sched_getaffinity(0)))
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(CONFIG)["workers"] == 3


def test_no_http_access_log_and_a_bounded_request_time(monkeypatch):
    """Request paths hold the applicants' private links, so gunicorn logs no requests."""
    monkeypatch.delenv("GUNICORN_TIMEOUT", raising=False)
    settings = runpy.run_path(CONFIG)
    assert settings["accesslog"] is None
    assert settings["worker_class"] == "sync"
    assert settings["timeout"] == 30


def test_the_procfile_leaves_the_number_of_workers_to_the_config():
    procfile = (Path(CONFIG).parent / "Procfile").read_text()
    web = next(line for line in procfile.splitlines() if line.startswith("web:"))
    assert "gunicorn besokshjem.wsgi" in web and "--workers" not in web and " -w " not in web
