"""The access log in the admin: a ModelAdmin mixin that logs each read of a case's change page and each search of its
list (Normen). One line per ModelAdmin: `class RespiteApplicationAdmin(AccessLoggedAdmin, MunicipalityScopedAdmin)`."""

from django.contrib.admin.views.main import SEARCH_VAR

from besokshjem.tenancy.selectors import municipalities_for

from .models import AccessKind
from .services import access_record, access_record_across


class AccessLoggedAdmin:
    """Logs GET reads only: a POST that re-renders the form with errors is not a new read."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "GET" and change and obj is not None:
            access_record(request, target=obj, what=AccessKind.CHANGE_PAGE)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def changelist_view(self, request, extra_context=None):
        """A search of the list is logged with its terms: what a caseworker looked for is the caseworker's own act,
        and a search for a person's name is exactly the read the log exists to show."""
        terms = request.GET.get(SEARCH_VAR, "").strip()
        if request.method == "GET" and terms:
            access_record_across(request, municipalities=municipalities_for(user=request.user), what=AccessKind.SEARCH,
                                 model=self.model, search_terms=terms)
        return super().changelist_view(request, extra_context)
