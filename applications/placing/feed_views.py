"""The calendar feeds of a home and of a family (placements.feeds): the feed itself, public by its random key, and
«Lag ny lenke» on the two status pages, which revokes the key and makes a new one. The status pages get their links
from `home_feed_links` and `family_feed_links`."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from applications.intake.selectors import application_by_token
from applications.models import RespiteApplication
from besokshjem.core.tokens import STATUS
from placements.feeds import family_feed, feed_by_key, feed_for_home, feed_for_need, feed_ics, feed_renew, home_feed
from placements.homes import HomeWork
from placements.models import CalendarFeed, ProposalStatus

RENEWED = _("Du har fått en ny kalenderlenke, og den gamle virker ikke lenger. Legg inn den nye lenken i kalenderen din.")


def feed_links(feed: CalendarFeed) -> dict:
    """The feed's https URL (shown, to copy) and its webcal:// twin (opens a subscription on the device)."""
    url = settings.SITE_URL + reverse("applications:calendar_feed", kwargs={"key": feed.key})
    return {"feed": feed, "url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


def home_feed_links(work: HomeWork) -> dict | None:
    """The home's feed, once it has a planned or running placement or has said yes to a proposal; else None."""
    if not work.placements and not any(p.status == ProposalStatus.ACCEPTED for p in work.open_proposals):
        return None
    return feed_links(feed_for_home(home=work.home))


def family_feed_links(placements: list[dict]) -> dict | None:
    """The family's feed, once the vedtak's need has a planned or running placement (`placements` as
    placements.homes.family_placements gives them); else None."""
    if not placements:
        return None
    return feed_links(feed_for_need(need=placements[0]["placement"].need))


def _language(feed: CalendarFeed) -> str:
    """The feed is written in the language of the home's or the parent's application (a barnevern case: bokmål)."""
    application = feed.home.application if feed.home_id else feed.need.decision.application
    return application.language if application is not None else settings.LANGUAGE_CODE


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request, key):
    """The feed, for a calendar to subscribe to: no login, the key is the access. 404 for a revoked or unknown key."""
    feed = feed_by_key(key)
    if feed is None:
        raise Http404
    with translation.override(_language(feed)):
        body = feed_ics(feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


def _posted_feed(request) -> int:
    try:
        return int(request.POST.get("feed", ""))
    except ValueError:
        raise Http404 from None


@require_http_methods(["POST"])
def home_feed_renew(request, token):
    """«Lag ny lenke» on the home's status page: the posted feed must be this home's."""
    application = application_by_token(token=token, purpose=STATUS)
    feed = home_feed(pk=_posted_feed(request), application_id=application.pk)
    if feed is None:
        raise Http404
    feed_renew(feed=feed)
    messages.success(request, RENEWED)
    return redirect(reverse("applications:status", kwargs={"token": token}) + "#kalender")


@require_http_methods(["POST"])
def family_feed_renew(request, token):
    """«Lag ny lenke» on the parent's status page: the posted feed must be the feed of the vedtak's need."""
    application = application_by_token(token=token, purpose=STATUS, model=RespiteApplication)
    decision = application.decisions.filter(reversed_at__isnull=True).first()
    feed = family_feed(pk=_posted_feed(request), decision_id=decision.pk) if decision is not None else None
    if feed is None:
        raise Http404
    feed_renew(feed=feed)
    messages.success(request, RENEWED)
    return redirect(reverse("applications:respite_status", kwargs={"token": token}) + "#kalender")
