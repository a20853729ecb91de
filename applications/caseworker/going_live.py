"""Going live, in the workspace: the kommune's administrator uploads hjem.csv or vedtak.csv, tries it first («Prøv
(ingenting lagres)»: a dry run) and then imports it; the page shows the report (docs/going-live.md)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.golive.report import HOMES, KIND_LABELS
from applications.golive.services import import_files
from besokshjem.core.forms import add_service_errors
from besokshjem.tenancy.selectors import municipalities_administered_by

DRY_RUN = "dry_run"  # the name of the «Prøv» button


class GoingLiveForm(forms.Form):
    municipality = forms.ModelChoiceField(label=gettext_lazy("Kommune"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=gettext_lazy("Hva filen inneholder"), choices=list(KIND_LABELS.items()), widget=forms.RadioSelect,
                             initial=HOMES)
    file = forms.FileField(label=gettext_lazy("CSV-fil"), help_text=gettext_lazy(
        "UTF-8, skilt med semikolon eller komma, med overskriftene i docs/going-live.md. Importer hjemmene før vedtakene."))

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


@require_http_methods(["GET", "POST"])
def page(request):
    municipalities = municipalities_administered_by(user=request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = GoingLiveForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            [report] = import_files(municipality=data["municipality"], by=request.user, files=[(data["kind"], data["file"])],
                                    dry_run=DRY_RUN in request.POST)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "admin/applications/going_live.html", {
        **admin.site.each_context(request), "title": _("Innføring: importer hjem, vedtak og venteliste"), "form": form,
        "report": report, "dry_run_name": DRY_RUN,
    }, status=400 if request.method == "POST" and form.errors else 200)
