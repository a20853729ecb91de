from django.contrib import admin
from django.db import models

from besokshjem.tenancy.selectors import user_is_member

from .models import LegalReference


@admin.register(LegalReference)
class LegalReferenceAdmin(admin.ModelAdmin):
    """National data: every caseworker may read it; only superusers change it (a new law is a new dated row)."""

    list_display = ["key", "citation", "weeks", "valid_from", "source"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["key"]
    search_fields = ["key", "citation"]

    def has_module_permission(self, request):
        return user_is_member(user=request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_member(user=request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
