from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_scoping import MunicipalityScopedAdmin
from .choices import HomeType
from .models import HomeTypeSetting, Membership, Municipality
from .selectors import municipalities_administered_by, municipalities_for, user_is_municipality_admin
from .services import home_type_setting_create, membership_grant


class AdminOnlyInlineMixin:
    """Inlines on a kommune follow the kommune: its administrators edit, its caseworkers look."""

    def get_queryset(self, request):
        # Django asks for the view permission here without the kommune (obj=None), which the checks below refuse, and
        # then shows no rows at all; the formset narrows the rows to the kommune on the page.
        return self.model._default_manager.filter(municipality__in=municipalities_for(user=request.user))

    def has_view_permission(self, request, obj=None):
        return obj is not None and municipalities_for(user=request.user).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        return obj is not None and municipalities_administered_by(user=request.user).filter(pk=obj.pk).exists()

    has_add_permission = has_change_permission

    def has_delete_permission(self, request, obj=None):
        return self.can_delete and self.has_change_permission(request, obj)


class HomeTypeSettingInline(AdminOnlyInlineMixin, admin.StackedInline):
    model = HomeTypeSetting
    extra = 0
    max_num = 3
    can_delete = False


class MembershipInline(AdminOnlyInlineMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        # The kommune's administrators can reset a caseworker's second factor (a lost phone) from here.
        if self.has_change_permission(request, obj):
            return [*super().get_readonly_fields(request, obj), "second_factor"]
        return super().get_readonly_fields(request, obj)

    @admin.display(description=_("Tofaktorinnlogging"))
    def second_factor(self, membership):
        if membership.pk is None:
            return "–"
        url = reverse("admin:otp_reset", args=[membership.municipality_id, membership.user_id])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Nullstill …"))


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    """Kommune administrators edit their own kommune's settings and caseworkers; caseworkers may look."""

    municipality_lookup = "pk"
    list_display = ["name", "number", "reference_prefix", "contact_email", "interviews_required", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "number", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [HomeTypeSettingInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "number", "reference_prefix", "is_active"]}),
        (_("Kontakt"), {"fields": ["contact_unit", "contact_email", "contact_phone", "address", "data_protection_officer"]}),
        (_("Oppdrag"), {"fields": ["child_age_min", "child_age_max", "interviews_required"]}),
        (_("Vedtak"), {"fields": ["appeal_authority", "decisions_need_second_check"]}),
    ]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return user_is_municipality_admin(user=request.user)
        return municipalities_administered_by(user=request.user).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        # The kommune's identity (name, number, prefix, visibility) is the platform's; its settings are the kommune's.
        if request.user.is_superuser:
            return []
        return ["name", "slug", "number", "reference_prefix", "is_active"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def get_inlines(self, request, obj):
        if obj is not None and self.has_change_permission(request, obj):
            return self.inlines
        return [HomeTypeSettingInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # as municipality_create does: one setting per home type, defaulted from the legal rules
            for home_type in HomeType.values:
                home_type_setting_create(municipality=obj, home_type=home_type)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            grant_saved_memberships(formset)


def grant_saved_memberships(formset):
    """Run new and changed memberships through the service, so the person can also log in (is_staff)."""
    for membership in [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]:
        membership_grant(user=membership.user, municipality=membership.municipality, role=membership.role,
                         may_decide=membership.may_decide)
