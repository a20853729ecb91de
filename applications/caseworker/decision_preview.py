"""The preview of a draft vedtak, for both kinds of case: the letter exactly as the parties get it, the second check and
the confirmation. Each case page builds one `DecisionPreview` with what differs (how the case is found, its URLs, and
whether the caseworker chooses how the vedtak is sent)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.decisions import services as decisions
from applications.decisions.letters import decision_letter_context
from applications.models import Decision, DecisionStatus
from besokshjem.audit.models import AccessKind
from besokshjem.audit.services import access_record
from besokshjem.tenancy.selectors import may_decide

from .actions import Action, dispatch
from .forms import DecisionConfirmForm


@dataclass(frozen=True)
class DecisionPreview:
    field: str  # the Decision's foreign key to this kind of case
    case_url: Callable  # case -> the case page
    preview_url_name: str
    pdf_url_name: str
    chooses_delivery: bool  # the parent's case: digital or paper; a barnevern case: always paper
    confirmed: str | Callable  # the success message after confirming (a text, or (case, decision) -> text)

    def draft(self, case, decision_pk):
        return get_object_or_404(Decision.all_objects.filter(**{self.field: case}, status=DecisionStatus.DRAFT), pk=decision_pk)

    def render(self, request, case, bound=None, status=200):
        decision = self.draft(case, request.resolver_match.kwargs["decision_pk"])
        context = {
            **admin.site.each_context(request),
            "title": _("Forhåndsvisning av vedtak: %(ref)s") % {"ref": case.reference},
            **decision_letter_context(decision),
            "back_url": self.case_url(case),
            "pdf_url": reverse(self.pdf_url_name, args=[case.pk, decision.pk]),
            "confirm_form": ((bound or {}).get("confirm") or DecisionConfirmForm()) if self.chooses_delivery else None,
            "needs_second_check": case.municipality.decisions_need_second_check,
            "can_check": decision.drafted_by_id != request.user.pk,
            "may_decide": may_decide(user=request.user, municipality=case.municipality),
        }
        return render(request, "admin/applications/decision_preview.html", context, status=status)

    def actions(self) -> dict:
        def current(r, case):
            return self.draft(case, r.resolver_match.kwargs["decision_pk"])

        return {
            "check": Action(
                run=lambda r, case, data: decisions.decision_second_check(decision=current(r, case), by=r.user),
                done=gettext_lazy("Utkastet er kontrollert."),
                then=lambda case, decision: reverse(self.preview_url_name, args=[case.pk, decision.pk]),
            ),
            "confirm": Action(
                form=(lambda r, case: DecisionConfirmForm(r.POST)) if self.chooses_delivery else None, slot="confirm",
                run=lambda r, case, data: decisions.decision_confirm(decision=current(r, case), by=r.user, **data),
                done=self.confirmed,
            ),
        }

    def view(self, request, case):
        if request.method == "GET":
            response = self.render(request, case)  # a 404 (another case's draft) is no read of this case
            access_record(request, target=case, what=AccessKind.PREVIEW)
            return response
        return dispatch(request, case, actions=self.actions(), render_page=self.render, url=self.case_url(case))
