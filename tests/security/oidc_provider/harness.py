"""The test side of the identity provider: start it in a process of its own, make users with claims and overrides,
log in at it as a browser would (its login form, then the authorization endpoint), and stop it.

Everything goes over HTTP to 127.0.0.1; every wait is bounded and the process is always stopped (and exits by itself
if the test run that started it dies).
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

from tests.integration import stop_process, wait_for

WAIT = 60  # seconds
CALLBACK_PATH = "/admin/oidc/callback/"
TIMEOUT = 10


class Provider:
    def __init__(self, workdir: Path, *, portal_origin: str = "http://testserver"):
        self.workdir = workdir
        self.client_id = f"besokshjem-{secrets.token_hex(4)}"
        self.client_secret = secrets.token_urlsafe(32)
        self.redirect_uri = portal_origin + CALLBACK_PATH
        self.control_token = secrets.token_urlsafe(32)
        self.log_path = workdir / "provider.log"
        self.process: subprocess.Popen | None = None
        self.base_url = ""
        self.discovery: dict = {}

    def start(self) -> "Provider":
        env = {
            **os.environ,
            "OIDC_PROVIDER_DB": str(self.workdir / "provider.sqlite3"),
            "OIDC_PROVIDER_CONTROL_TOKEN": self.control_token,
            "OIDC_PROVIDER_CLIENT_ID": self.client_id,
            "OIDC_PROVIDER_CLIENT_SECRET": self.client_secret,
            "OIDC_PROVIDER_REDIRECT_URIS": self.redirect_uri,
            "OIDC_PROVIDER_PARENT_PID": str(os.getpid()),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen([sys.executable, "-m", "tests.security.oidc_provider"],  # noqa: S603
                                        cwd=settings.BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        port = wait_for(self._ready_port, timeout=WAIT, what="the OpenID Connect provider to start")
        self.base_url = f"http://127.0.0.1:{port}"
        response = requests.get(f"{self.base_url}/o/.well-known/openid-configuration", timeout=TIMEOUT)
        response.raise_for_status()
        self.discovery = response.json()
        return self

    def _ready_port(self):
        if self.process.poll() is not None:
            raise AssertionError(f"the provider exited ({self.process.returncode}):\n{self.log()}")
        for line in self.log().splitlines():
            if line.startswith("READY "):
                return int(line.split()[1])
        return None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        stop_process(self.process, self._log)

    @property
    def issuer(self) -> str:
        return self.discovery["issuer"]

    def add_user(self, *, claims: dict, override: dict | None = None) -> tuple[str, str]:
        """A provider user whose ID tokens carry `claims` (and `override` over the standard ones): (username, password)."""
        username, password = f"person-{secrets.token_hex(6)}", secrets.token_urlsafe(16)
        response = requests.post(f"{self.base_url}/control/users/", timeout=TIMEOUT,
                                 headers={"Authorization": f"Bearer {self.control_token}"},
                                 json={"username": username, "password": password, "claims": claims, "override": override or {}})
        assert response.status_code == 201, response.text
        return username, password

    def log_in(self, authorization_url: str, username: str, password: str) -> str:
        """A browser at the provider: the authorization request, its login form, back to the authorization endpoint;
        returns where the provider sends the browser next (the portal's callback, with code and state)."""
        assert authorization_url.startswith(self.discovery["authorization_endpoint"]), authorization_url
        browser = requests.Session()
        url = authorization_url
        for _step in range(6):
            response = browser.get(url, allow_redirects=False, timeout=TIMEOUT)
            if response.status_code == 200 and urlsplit(url).path == "/login/":
                response = browser.post(url, allow_redirects=False, timeout=TIMEOUT, headers={"Referer": url}, data={
                    "username": username, "password": password, "csrfmiddlewaretoken": browser.cookies["csrftoken"]})
                assert response.status_code == 302, f"the provider's login failed ({response.status_code})"
            assert response.status_code == 302, f"unexpected {response.status_code} from the provider at {url}"
            location = urljoin(url, response.headers["Location"])
            if not location.startswith(self.base_url):
                return location
            url = location
        raise AssertionError("the provider never sent the browser back to the portal")
