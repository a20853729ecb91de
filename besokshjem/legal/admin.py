from django.contrib import admin
from django.db import models

from besokshjem.tenancy.admin_scoping import NationalDataAdmin

from .models import LegalReference


@admin.register(LegalReference)
class LegalReferenceAdmin(NationalDataAdmin):
    """The national table of provisions the portal cites (a new law is a new dated row)."""

    list_display = ["key", "citation", "weeks", "valid_from", "source"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["key"]
    search_fields = ["key", "citation"]
