from django.conf import settings


def portal(request):
    return {"SITE_NAME": "Besøkshjem", "DRAFT_RETENTION_DAYS": settings.DRAFT_RETENTION_DAYS}
