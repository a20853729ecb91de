"""Innsyn for a kommune's admin: find a person by fødselsnummer, e-mail or case reference and download everything
stored about them in the kommune, as JSON and as PDF (docs/retention.md). The search and each export are in the
access log. Another kommune's admin (or a caseworker who is no admin) gets 404."""

from django import forms
from django.contrib import admin
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.retention import innsyn
from besokshjem.audit.models import AccessKind
from besokshjem.audit.services import access_record, access_record_across
from besokshjem.core.http import pdf_response
from besokshjem.tenancy.selectors import municipalities_administered_by

JSON, PDF = "json", "pdf"


class InnsynForm(forms.Form):
    municipality = forms.ModelChoiceField(label=gettext_lazy("Kommune"), queryset=None, empty_label=None)
    query = forms.CharField(
        label=gettext_lazy("Fødselsnummer, e-post eller saksnummer"), max_length=200,
        help_text=gettext_lazy("Fødselsnummeret er barnets (søknader om avlastning). E-post finner søkere, partnere og foresatte."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


def _kind(query: str) -> str:
    query = query.strip()
    return "fødselsnummer" if innsyn.NATIONAL_ID.match(query) else "e-post" if "@" in query else "saksnummer"


@require_http_methods(["GET", "POST"])
def page(request):
    municipalities = municipalities_administered_by(user=request.user)
    if not municipalities.exists():
        raise Http404
    if request.method == "POST" and not municipalities.filter(pk=request.POST.get("municipality") or 0).exists():
        raise Http404  # another kommune's person: not found, not forbidden
    form = InnsynForm(request.POST or None, municipalities=municipalities)
    cases = None
    if request.method == "POST" and form.is_valid():
        municipality, query = form.cleaned_data["municipality"], form.cleaned_data["query"]
        cases = innsyn.cases_of_person(municipality=municipality, query=query)
        wanted = request.POST.get("format")
        if wanted in (JSON, PDF) and cases:
            for case in cases:
                access_record(request, target=case, what=AccessKind.EXPORT)
            collected = innsyn.innsyn_collect(municipality=municipality, cases=cases)
            if wanted == JSON:
                response = HttpResponse(innsyn.innsyn_json(municipality=municipality, query_kind=_kind(query), collected=collected),
                                        content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = 'attachment; filename="innsyn.json"'
                response["Cache-Control"] = "private, no-store"
                return response
            return pdf_response(innsyn.innsyn_pdf(municipality=municipality, collected=collected), "innsyn.pdf")
        access_record_across(request, municipalities=municipalities.filter(pk=municipality.pk), what=AccessKind.SEARCH,
                             model=type(cases[0]) if cases else None, search_terms=query)
    return render(request, "admin/applications/innsyn.html", {
        **admin.site.each_context(request), "title": _("Innsyn: alt som er lagret om en person"), "form": form, "cases": cases,
        "json": JSON, "pdf": PDF,
    }, status=400 if form.errors else 200)
