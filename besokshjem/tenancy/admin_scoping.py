"""Admin helpers that keep every caseworker inside their own kommuner.

An object from another kommune is a 404 (not a redirect, not a 403), as in healthchecks' access helpers.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import Http404

from besokshjem.core.paging import CappedCountPaginator

from .selectors import municipalities_for, on_visible_tracks, user_is_member


class KommuneFilter(admin.RelatedFieldListFilter):
    """Filter a list by kommune, offering the kommuner the user may see (from the memberships read once per request),
    shown only to a user with more than one. Not RelatedOnlyFieldListFilter: that reads the distinct kommuner of every
    row in the list (a scan of 50,000 applications for a choice the user already knows)."""

    def field_choices(self, field, request, model_admin):
        return [(m.pk, m.name) for m in municipalities_for(user=request.user).only("pk", "name")]


class ColleagueFilter(admin.RelatedFieldListFilter):
    """Filter a list by the person a case is assigned to, offering the people of the user's kommuner. Not
    RelatedOnlyFieldListFilter: that reads the distinct assignee of every row (7 ms over a kommune's 5,000 cases)."""

    def field_choices(self, field, request, model_admin):
        people = (get_user_model().objects.filter(memberships__municipality__in=municipalities_for(user=request.user))
                  .distinct().order_by("email"))
        return [(person.pk, str(person)) for person in people]


class MunicipalityScopedAdmin(admin.ModelAdmin):
    #: The lookup from this model to its Municipality.
    municipality_lookup = "municipality"
    #: Lists of tens of thousands of rows are counted once and at most to 10 000 («10 000+»).
    paginator = CappedCountPaginator
    show_full_result_count = False
    #: The legal track of every row (the unit that may see them: tjenstlig behov), or None.
    legal_track: str | None = None
    #: The lookup from this model to the legal track of each row, for models on either track (a need, a placement).
    track_lookup: str | None = None

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if self.track_lookup:
            return qs.filter(on_visible_tracks(user=request.user, municipality_field=self.municipality_lookup, track_field=self.track_lookup))
        return qs.filter(**{f"{self.municipality_lookup}__in": municipalities_for(user=request.user, track=self.legal_track)})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_module_permission(self, request):
        return user_is_member(user=request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_member(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return user_is_member(user=request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class NationalDataAdmin(admin.ModelAdmin):
    """National data (the law the portal cites, KS' tariff minimums): every caseworker may read it, only superusers
    change it (a new rule is a new dated row)."""

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
