"""Appeals on the case pages of both kinds of case: register one that came by post, decide on a late one, draft the
kommune's answer, read it exactly as the party will get it (with the forwarding letter when it upholds), have it
second-checked where the kommune requires it, and make it. Each case page builds one `AppealPages`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.decisions import appeals
from applications.decisions.letters import appeal_answer_context, appeal_answer_pdf, forwarding_letter_pdf
from applications.decisions.services import CASES
from applications.models import Appeal, AppealStatus
from applications.respite.selectors import appeal_deadline_of, dismissal_appeal_deadline_of
from besokshjem.audit.models import AccessKind
from besokshjem.audit.services import access_record
from besokshjem.core.http import pdf_response
from besokshjem.core.letters import written_date
from besokshjem.tenancy.selectors import may_decide

from .actions import Action, dispatch
from .forms import AppealHandleForm, AppealRegisterForm, LateAppealForm

#: The types an upload can have (found from its content at upload) and the file name endings that go with them.
DOWNLOAD_TYPES = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}


def private_file(field, filename: str, content_type: str = "") -> FileResponse:
    """A stored upload as a download: always `attachment`, never rendered by the browser, with the type found from its
    content at upload (never from its name; anything else is application/octet-stream). A name whose ending does not
    match the type gets the right ending (klage.html that is a PDF is saved as klage.html.pdf)."""
    endings = DOWNLOAD_TYPES.get(content_type)
    if endings is None:
        content_type = "application/octet-stream"
    elif not filename.lower().endswith(endings):
        filename += endings[0]
    response = FileResponse(field.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def registered(case, appeal) -> str:
    """What «Registrer klage» did: whose appeal, received when, and whether it came in time (a late one waits for the
    decision whether to consider it)."""
    deadline = appeal_deadline_of(appeal.decision)
    words = {"who": appeal.lodged_by or _("parten"), "date": written_date(timezone.localdate(appeal.lodged_at)),
             "deadline": written_date(deadline) if deadline else ""}
    if deadline is None:  # the letter has not reached the party yet: the deadline has not begun
        return _("Klagen fra %(who)s, mottatt %(date)s, er registrert.") % words
    if appeal.late:
        return _("Klagen fra %(who)s, mottatt %(date)s, er registrert. Den kom etter klagefristen %(deadline)s: "
                 "avgjør først om den skal behandles.") % words
    return _("Klagen fra %(who)s, mottatt %(date)s, er registrert. Den kom innen klagefristen %(deadline)s.") % words


def late_decided(case, appeal) -> str:
    """What the decision on a late appeal did: it is considered as one on time, or dismissed, which is itself a vedtak
    the party is told of (on the status page, or by the letter the caseworker sends)."""
    if appeal.status != AppealStatus.DISMISSED:
        return _("Klagen skal behandles selv om den kom etter fristen. Begrunnelsen er lagret; skriv svaret på klagen.")
    deadline = written_date(dismissal_appeal_deadline_of(appeal))
    if CASES[type(case)].digital:
        return _("Klagen er avvist fordi den kom for sent. Søkeren har fått beskjed og kan klage på avvisningen innen "
                 "%(deadline)s.") % {"deadline": deadline}
    return _("Klagen er avvist fordi den kom for sent. Skriv ut brevet om avvisningen og send det til partene; de kan "
             "klage på avvisningen innen %(deadline)s.") % {"deadline": deadline}


@dataclass(frozen=True)
class AppealPages:
    field: str  # the Decision's foreign key to this kind of case
    case_url: Callable  # case -> the case page
    url_prefix: str  # "caseworker:respite" or "caseworker:child_welfare": the URL names below hang off it
    made: str  # the success message once the answer is made

    def url(self, name: str, case, appeal) -> str:
        return reverse(f"{self.url_prefix}_{name}", args=[case.pk, appeal.pk])

    def appeal(self, case, pk, **filters) -> Appeal:
        return get_object_or_404(Appeal.objects.filter(**{f"decision__{self.field}": case}, **filters), pk=pk)

    def decision(self, case, pk):
        return get_object_or_404(case.decisions.all(), pk=pk)

    def rows(self, case, decision, bound=None) -> dict:
        """What the case page shows under a vedtak: each appeal with the form that fits where it stands, and the form to
        register an appeal that came by post (while none waits and the vedtak stands)."""
        bound = bound or {}

        def posted(slot, key, pk):
            """The form posted for this appeal or vedtak, with its errors and everything typed, if it was this one."""
            form = bound.get(slot)
            return form if form is not None and form.data.get(key) == str(pk) else None

        items = [{
            "appeal": a,
            "late_form": (posted("late", "appeal", a.pk) or LateAppealForm(initial={"appeal": a.pk}, auto_id=f"id_late_{a.pk}_%s"))
            if a.awaits_late_decision else None,
            "handle_form": posted("appeal", "appeal", a.pk) or AppealHandleForm(
                initial={"appeal": a.pk, "note": a.handling_note,
                         "decision": {True: "reverse", False: "forward"}.get(a.answer_reverse)}, auto_id=f"id_appeal_{a.pk}_%s"),
            "dismissal_deadline": dismissal_appeal_deadline_of(a),
            "preview_url": self.url("appeal_preview", case, a) if a.answer_drafted else "",
            "answer_pdf_url": self.url("appeal_answer_pdf", case, a) if a.handled_at else "",
            "forwarding_pdf_url": self.url("forwarding_pdf", case, a) if a.status == AppealStatus.FORWARDED else "",
            "attachment_url": self.url("appeal_attachment", case, a) if a.attachment else "",
        } for a in decision.appeals.all()]
        open_appeal = any(a.status == AppealStatus.LODGED for a in decision.appeals.all())
        register = None
        if decision.reversed_at is None and not open_appeal:
            register = posted("register", "decision", decision.pk) or AppealRegisterForm(
                initial={"decision": decision.pk}, auto_id=f"id_register_{decision.pk}_%s")
        return {"appeals": items, "appeal_deadline": appeal_deadline_of(decision), "register_form": register}

    def actions(self) -> dict:
        def register_form(r, case):
            return AppealRegisterForm(r.POST, r.FILES, auto_id=f"id_register_{r.POST.get('decision')}_%s")

        return {
            "register_appeal": Action(
                form=register_form, slot="register",
                run=lambda r, case, data: appeals.appeal_register(
                    decision=self.decision(case, data["decision"]), text=data["text"], received_on=data["received_on"],
                    lodged_by=data["lodged_by"], by=r.user, upload=data["attachment"]),
                done=registered,
            ),
            "late_appeal": Action(
                form=lambda r, case: LateAppealForm(r.POST, auto_id=f"id_late_{r.POST.get('appeal')}_%s"), slot="late",
                run=lambda r, case, data: appeals.appeal_consider_late(
                    appeal=self.appeal(case, data["appeal"]), by=r.user, consider=data["consider"], reasons=data["reasons"]),
                done=late_decided,
            ),
            "appeal": Action(
                form=lambda r, case: AppealHandleForm(r.POST, auto_id=f"id_appeal_{r.POST.get('appeal')}_%s"), slot="appeal",
                run=lambda r, case, data: appeals.appeal_answer_draft(
                    appeal=self.appeal(case, data["appeal"]), by=r.user, reverse=data["decision"] == "reverse", note=data["note"]),
                done=gettext_lazy("Utkastet til svar er lagret. Les det slik klageren vil få det, og send det når det er riktig."),
                then=lambda case, appeal: self.url("appeal_preview", case, appeal),
            ),
        }

    # The preview of a drafted answer: the letter as the party gets it, the second check and the confirmation.

    def _preview_actions(self) -> dict:
        def current(r, case):
            return self.appeal(case, r.resolver_match.kwargs["appeal_pk"], status=AppealStatus.LODGED)

        return {
            "check": Action(
                run=lambda r, case, data: appeals.appeal_answer_second_check(appeal=current(r, case), by=r.user),
                done=gettext_lazy("Utkastet er kontrollert."),
                then=lambda case, appeal: self.url("appeal_preview", case, appeal),
            ),
            "confirm": Action(
                run=lambda r, case, data: appeals.appeal_answer_confirm(appeal=current(r, case), by=r.user),
                done=self.made,
            ),
        }

    def _render_preview(self, request, case, bound=None, status=200):
        appeal = self.appeal(case, request.resolver_match.kwargs["appeal_pk"], status=AppealStatus.LODGED, answer_reverse__isnull=False)
        context = {
            **admin.site.each_context(request),
            "title": _("Forhåndsvisning av svar på klage: %(ref)s") % {"ref": case.reference},
            **appeal_answer_context(appeal),
            "back_url": self.case_url(case),
            "answer_pdf_url": self.url("appeal_answer_pdf", case, appeal),
            "forwarding_pdf_url": "" if appeal.answer_reverse else self.url("forwarding_pdf", case, appeal),
            "needs_second_check": case.municipality.decisions_need_second_check,
            "can_check": appeal.answer_drafted_by_id != request.user.pk,
            "may_decide": may_decide(user=request.user, municipality=case.municipality),
        }
        return render(request, "admin/applications/appeal_preview.html", context, status=status)

    def preview(self, request, case):
        if request.method == "GET":
            response = self._render_preview(request, case)  # a 404 (another case's appeal) is no read of this case
            access_record(request, target=case, what=AccessKind.PREVIEW)
            return response
        return dispatch(request, case, actions=self._preview_actions(), render_page=self._render_preview, url=self.case_url(case))

    # Downloads: the letters (a drafted answer too, for the caseworker) and the appeal's attachment.

    def _answered(self, case, appeal_pk, **filters) -> Appeal:
        appeal = self.appeal(case, appeal_pk, **filters)
        if appeal.handled_at is None and not appeal.answer_drafted:
            raise Http404
        return appeal

    def answer_pdf(self, request, case, appeal_pk):
        appeal = self._answered(case, appeal_pk)
        access_record(request, target=case, what=AccessKind.LETTER_PDF)
        prefix = "" if appeal.handled_at else "utkast-"
        return pdf_response(appeal_answer_pdf(appeal=appeal), f"{prefix}svar-pa-klage-{case.reference}.pdf")

    def forwarding_pdf(self, request, case, appeal_pk):
        appeal = self._answered(case, appeal_pk, status__in=[AppealStatus.LODGED, AppealStatus.FORWARDED], answer_reverse=False)
        access_record(request, target=case, what=AccessKind.LETTER_PDF)
        prefix = "" if appeal.handled_at else "utkast-"
        return pdf_response(forwarding_letter_pdf(appeal=appeal), f"{prefix}oversendelse-{case.reference}.pdf")

    def attachment(self, request, case, appeal_pk):
        appeal = self.appeal(case, appeal_pk)
        if not appeal.attachment:
            raise Http404
        access_record(request, target=case, what=AccessKind.ATTACHMENT)
        return private_file(appeal.attachment, appeal.attachment_name or "vedlegg", appeal.attachment_type)
