"""Everything that writes a draft and submits it, for every kind of application. The public form views call these."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus, Attachment, ReferenceSequence, RespiteApplication, VolunteerApplication
from applications.models.case import DRAFT, CaseAction
from besokshjem.audit.services import APPLICANT, audit_record
from besokshjem.core.storage import file_save, files_removed_on_rollback
from besokshjem.tenancy.models import Municipality

from . import emails
from .file_validators import MAX_FILES, validate_attachment
from .forms import LONG_TEXT


def draft_create(
    *, municipality: Municipality, nonce: uuid.UUID, language: str, model=VolunteerApplication
):
    """Start a draft (of a volunteer or a respite application); the form's nonce makes a double click create one."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(client_nonce=nonce, defaults={"municipality": municipality, "language": language})
    except IntegrityError:
        return model.objects.get(client_nonce=nonce), False


@files_removed_on_rollback()
def draft_save_step(
    *, application, step: str, form, formset=None, language: str | None = None
):
    """Keep a valid step's answers on the draft. A form may save more (e.g. attachments) through its save_extra()."""
    application = type(application).objects.select_for_update().select_related("municipality").get(pk=application.pk)
    if not application.is_draft:
        raise ValidationError(_("Søknaden er allerede sendt inn."))
    had_email = bool(application.email)
    model_fields = [name for name in form.cleaned_data if name in form._meta.fields]
    for name in model_fields:
        setattr(application, name, form.cleaned_data[name])
    application.draft_answers.pop(step, None)
    if language:
        application.language = language
    # The fields a step sets are validated; the keys, the kommune and the table's constraints are not the step's (the
    # database enforces them), so asking for them would be eight queries on every step.
    application.full_clean(exclude=["reference", "municipality"], validate_unique=False, validate_constraints=False)
    application.save(update_fields=[*model_fields, "draft_answers", "language", "updated_at"])
    if formset is not None:
        formset.instance = application
        formset.save()
    if hasattr(form, "save_extra"):
        form.save_extra(application)
    if application.email and not had_email:
        emails.resume_link_write(application=application)
    return application


@transaction.atomic
def draft_stash_answers(*, application, step: str, data: dict) -> None:
    """Keep what was typed on a step that did not validate, so going back loses nothing. Bounded as the step's fields
    are (no answer is longer than LONG_TEXT, no step asks STASH_MAX_KEYS things): a posted form of any size is not
    stored as it came."""
    application = type(application).objects.select_for_update().get(pk=application.pk)
    if not application.is_draft:
        return
    application.draft_answers[step] = _bounded(data)
    application.save(update_fields=["draft_answers", "updated_at"])


#: The most a stashed step keeps: keys (a household of 15 with its formset's fields is ~70), values per key, characters
#: per value (the longest free-text answer, applications/intake/forms.py).
STASH_MAX_KEYS = 200
STASH_MAX_VALUES = 20


def _bounded(data: dict) -> dict:
    kept = {}
    for key, value in list(data.items())[:STASH_MAX_KEYS]:
        if isinstance(value, list):
            kept[str(key)[:100]] = [str(v)[:LONG_TEXT] for v in value[:STASH_MAX_VALUES]]
        else:
            kept[str(key)[:100]] = str(value)[:LONG_TEXT]
    return kept


@transaction.atomic
def resume_link_request(*, application) -> bool:
    """Send the link to continue the draft (again); False if no e-mail is known yet."""
    if not application.email or not application.is_draft:
        return False
    emails.resume_link_write(application=application)
    return True


def next_reference(*, municipality: Municipality, year: int) -> str:
    """The next reference of the kommune's series for the year (BGO-2026-00042), shared by every kind of case."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                seq, _created = ReferenceSequence.objects.select_for_update().get_or_create(
                    municipality=municipality, year=year
                )
                seq.last_number += 1
                seq.save(update_fields=["last_number"])
                return f"{municipality.reference_prefix}-{year}-{seq.last_number:05d}"
        except IntegrityError:  # two first submissions of the year raced to create the row
            continue
    raise RuntimeError("Could not allocate a reference")


def application_submit(*, application, incomplete_steps: list[str], language: str | None = None):
    """Submit a draft. Idempotent: a second submit (double click, reload, other tab) returns the same application.

    `incomplete_steps` are the steps whose answers do not validate (computed by the caller from the step forms).
    `language` is the language the applicant submits in; the receipt and later e-mails use it.
    The draft is claimed with a conditional UPDATE (status still draft), so even a database that ignores
    SELECT FOR UPDATE (SQLite) submits it once.
    """
    with transaction.atomic():
        model = type(application)
        application = model.objects.select_for_update().select_related("municipality").get(pk=application.pk)
        if not application.is_draft:
            return application
        if incomplete_steps:
            raise ValidationError(_("Noen steg mangler svar."), code="incomplete", params={"steps": incomplete_steps})
        now = timezone.now()
        application.reference = next_reference(
            municipality=application.municipality, year=timezone.localtime(now).year
        )
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now
        application.draft_answers = {}
        if language:
            application.language = language
        application.full_clean()
        claimed = model.objects.filter(pk=application.pk, status=ApplicationStatus.DRAFT).update(
            reference=application.reference,
            status=application.status,
            submitted_at=now,
            draft_answers={},
            language=application.language,
            updated_at=now,
        )
        if claimed != 1:  # another request submitted it first: undo our reference number
            transaction.set_rollback(True)
            return model.objects.get(pk=application.pk)
        audit_record(
            target=application,
            municipality=application.municipality,
            action=CaseAction.SUBMITTED,
            actor_label=APPLICANT,
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.SUBMITTED,
        )
        emails.receipt_write(application=application)
    return application


def drafts_delete_expired() -> int:
    """Unsent drafts are deleted DRAFT_RETENTION_DAYS after they were started (the privacy notice promises it)."""
    cutoff = timezone.now() - timedelta(days=settings.DRAFT_RETENTION_DAYS)
    deleted = 0
    for draft in RespiteApplication.objects.filter(status=DRAFT, created_at__lt=cutoff).prefetch_related("attachments"):
        for attachment in draft.attachments.all():
            attachment.file.delete(save=False)
        draft.delete()
        deleted += 1
    deleted += VolunteerApplication.objects.filter(status=DRAFT, created_at__lt=cutoff).delete()[1].get("applications.VolunteerApplication", 0)
    return deleted


@files_removed_on_rollback()
def attachment_add(*, application, upload, content_type: str | None = None) -> Attachment:
    """Store an attachment privately after checking its content again (type, size, count). The file is written only
    once the row is valid, and removed again if the transaction rolls back."""
    content_type = content_type or validate_attachment(upload)
    if application.attachments.count() >= MAX_FILES:
        raise ValidationError(_("Du kan legge ved høyst %(max)s filer.") % {"max": MAX_FILES}, code="too_many")
    attachment = Attachment(application=application, original_name=upload.name[:200], content_type=content_type, size=upload.size)
    attachment.full_clean(exclude=["file"])
    file_save(attachment.file, upload.name, upload)
    attachment.save()
    return attachment
