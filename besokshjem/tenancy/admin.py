from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_scoping import MunicipalityScopedAdmin
from .choices import HomeType
from .forms import MemberAddForm
from .models import HomeTypeSetting, Membership, Municipality, Role, Unit
from .selectors import municipalities_administered_by, municipalities_for, user_is_municipality_admin
from .services import (
    home_type_setting_create,
    member_add_existing,
    member_invite,
    member_remove,
    membership_change,
    membership_grant,
    units_create,
)


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


class UnitInline(AdminOnlyInlineMixin, admin.TabularInline):
    """The kommune's units, one per legal track: its administrators may rename them."""

    model = Unit
    extra = 0
    can_delete = False
    fields = ["name", "legal_track"]
    readonly_fields = ["legal_track"]

    def has_add_permission(self, request, obj=None):
        return False


class MembershipInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept_admins = [
            form for form in self.initial_forms
            if not (self.can_delete and self._should_delete_form(form)) and form.cleaned_data.get("role") == Role.ADMIN
        ]
        if not kept_admins and any(form.initial.get("role") == Role.ADMIN for form in self.initial_forms):
            raise ValidationError(gettext("Kommunen må ha minst én kommuneadministrator."), code="last_admin")


class MembershipInline(AdminOnlyInlineMixin, admin.TabularInline):
    """The kommune's members. The person is read-only (name and e-mail): a member is added by e-mail address through
    «Legg til saksbehandler», never by picking a user here. Role, authority to decide and units (only this kommune's)
    are changed here, and a member is removed with «Slett»; every change goes through a service and is audited."""

    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    fields = ["person", "role", "may_decide", "units", "second_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("units")

    def has_add_permission(self, request, obj=None):
        return False  # «Legg til saksbehandler» (MunicipalityAdmin.member_add_view)

    def get_readonly_fields(self, request, obj=None):
        # The kommune's administrators can reset a caseworker's second factor (a lost phone) from here.
        return ["person", "second_factor"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "units":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if "units" in formset.form.base_fields:  # only the kommune's own units can be chosen
            formset.form.base_fields["units"].queryset = Unit.objects.filter(municipality=obj) if obj else Unit.objects.none()
        return formset

    @admin.display(description=_("Person"))
    def person(self, membership):
        if membership.pk is None:
            return "–"
        return format_html("{}<br>{}", membership.user.full_name or "–", membership.user.email)

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
    inlines = [HomeTypeSettingInline, UnitInline, MembershipInline]
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
        if not change:  # as municipality_create does: its units, one setting per home type defaulted from the legal rules
            units_create(municipality=obj)
            for home_type in HomeType.values:
                home_type_setting_create(municipality=obj, home_type=home_type)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # deletes nothing yet; the services below change and remove, audited
        for membership in formset.deleted_objects:
            member_remove(membership=membership, by=request.user)
        for inline_form in formset.initial_forms:
            if inline_form.instance.pk is None or inline_form.instance in formset.deleted_objects or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            membership_change(membership=inline_form.instance, role=data["role"], may_decide=data["may_decide"],
                              units=data["units"], by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if str(object_id).isdigit() and municipalities_administered_by(user=request.user).filter(pk=object_id).exists():
            extra_context["member_add_url"] = reverse("admin:tenancy_municipality_member_add", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:object_id>/medlem/ny/", self.admin_site.admin_view(self.member_add_view),
                 name="tenancy_municipality_member_add"),
            *super().get_urls(),
        ]

    def member_add_view(self, request, object_id):
        """«Legg til saksbehandler»: by e-mail address, for the kommune's administrators (another kommune: 404)."""
        municipality = get_object_or_404(municipalities_administered_by(user=request.user), pk=object_id)
        change_url = reverse("admin:tenancy_municipality_change", args=[municipality.pk])
        form = MemberAddForm(request.POST or None, municipality=municipality)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            choices = {"municipality": municipality, "role": data["role"], "units": data["units"],
                       "may_decide": data["may_decide"], "by": request.user}
            try:
                if form.existing_user is not None:
                    membership = member_add_existing(user=form.existing_user, **choices)
                    done = gettext("%(email)s er lagt til i %(kommune)s.")
                else:
                    membership = member_invite(email=data["email"], full_name=data["full_name"], title=data["title"], **choices)
                    done = gettext("%(email)s er invitert til %(kommune)s. Invitasjonen med lenke for å velge passord "
                                   "sendes på e-post.")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, done % {"email": membership.user.email, "kommune": municipality.name})
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Legg til saksbehandler"),
            "opts": self.model._meta,
            "municipality": municipality,
            "change_url": change_url,
            "form": form,
        }
        return TemplateResponse(request, "admin/tenancy/municipality/member_add.html", context)


def grant_saved_memberships(formset):
    """Run new and changed memberships through the service, so the person can also log in (is_staff)."""
    for membership in [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]:
        membership_grant(user=membership.user, municipality=membership.municipality, role=membership.role,
                         may_decide=membership.may_decide)
