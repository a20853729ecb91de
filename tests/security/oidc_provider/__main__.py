"""Run the test identity provider: migrate its own database, register the portal as a client, serve on a free
loopback port and print `READY <port>`. Exits when the process that started it is gone (no orphan after a killed run).

Environment: OIDC_PROVIDER_DB, OIDC_PROVIDER_CONTROL_TOKEN, OIDC_PROVIDER_CLIENT_ID, OIDC_PROVIDER_CLIENT_SECRET,
OIDC_PROVIDER_REDIRECT_URIS (space-separated), OIDC_PROVIDER_PARENT_PID.
"""

import os
import threading
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.security.oidc_provider.settings"

import django  # noqa: E402 - the settings module must be chosen first

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of BaseHTTPRequestHandler
        pass


def exit_with_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(0)
        time.sleep(0.5)


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    Application.objects.create(
        name="Besøkshjem (test)",
        client_id=os.environ["OIDC_PROVIDER_CLIENT_ID"],
        client_secret=os.environ["OIDC_PROVIDER_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_PROVIDER_REDIRECT_URIS"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_wsgi_application())
    threading.Thread(target=exit_with_parent, args=(int(os.environ["OIDC_PROVIDER_PARENT_PID"]),), daemon=True).start()
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
