"""A real OpenID Connect provider for the tests of the delegated caseworker login: django-oauth-toolkit in its OIDC
mode, as a Django project of its own (settings.py, urls.py, its own SQLite database, an RSA key made at start), run by
`python -m tests.security.oidc_provider` in a process of its own. Never in the portal's INSTALLED_APPS.

It behaves as a provider should; a test makes it misbehave for one of its users only (a wrong issuer, another audience,
another session's nonce, an expired token, no multi-factor claims) through a control endpoint: see control.py and
harness.py (the test side: start, stop, add a user, log in as a browser would).
"""
