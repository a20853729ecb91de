"""Innsyn (GDPR Art. 15): everything the portal stores about one person in one kommune, as data and as a printable PDF.

A person is found by the child's fødselsnummer (a parent's case), an e-mail address (the applicant, the partner, a
guardian) or a case reference. Every row is written out from its model's concrete fields (`_meta`), so a field added
to a model is in the export without anyone remembering it; secrets (link keys, form nonces, lease tokens) are named
but not shown. Barnevern cases are not part of this export (docs/retention.md)."""

import json
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from applications.models import Appeal, Decision, RespiteApplication, VolunteerApplication
from besokshjem.audit.selectors import access_entries_about, audit_entries_for
from besokshjem.core.pdf import render_pdf
from besokshjem.outbox.selectors import messages_for
from placements.models import AgreementParty, FollowUp, Need, Placement, Proposal

#: Fields whose value would let someone act as the person (links) or is internal machinery: named, value hidden.
HIDDEN_FIELDS = frozenset({"access_key", "client_nonce", "claim_token", "dedupe_key", "draft_answers"})
HIDDEN = "[skjult]"
NATIONAL_ID = re.compile(r"^\d{11}$")


def row_data(obj) -> dict:
    """Every concrete field of a row, by field name (a foreign key as its id, a file as its stored name)."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.name in HIDDEN_FIELDS:
            value = HIDDEN if value not in (None, "", {}, []) else value
        elif isinstance(field, models.FileField):
            value = value.name or ""
        elif value is not None and not isinstance(value, (bool, int, float, str, list, dict)):
            value = value if hasattr(value, "isoformat") else str(value)
        data[field.name] = value
    return data


def row_labelled(obj) -> list[tuple[str, str]]:
    """The same row for people: each field's label and its value as shown (choices by their label)."""
    rows = []
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.name in HIDDEN_FIELDS:
            value = HIDDEN if value not in (None, "", {}, []) else ""
        elif field.choices and value not in (None, ""):
            value = getattr(obj, f"get_{field.name}_display")()
        elif isinstance(field, models.FileField):
            value = value.name or ""
        elif isinstance(value, bool):
            value = "ja" if value else "nei"
        elif hasattr(value, "isoformat") and hasattr(value, "hour"):
            value = timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
        elif hasattr(value, "isoformat"):
            value = value.strftime("%d.%m.%Y")
        rows.append((str(field.verbose_name), "" if value in (None, [], {}) else str(value)))
    return rows


@dataclass
class Part:
    """One kind of row in a case (its meetings, its vedtak …): a key for the data, a label for the PDF, the rows."""

    key: str
    label: str
    rows: list


def _parts_volunteer(case) -> list[Part]:
    home = getattr(case, "approved_home", None)  # a reverse one-to-one that may not exist
    agreements = list(case.agreements.all())
    return [
        Part("household_members", "Husstandsmedlemmer", list(case.household_members.all())),
        Part("meetings", "Samtaler og hjemmebesøk", list(case.meetings.all())),
        Part("purpose_confirmations", "Formålsbekreftelser", list(case.purpose_confirmations.all())),
        Part("police_certificates", "Politiattester", list(case.police_certificates.all())),
        Part("declaration_signatures", "Signerte taushetserklæringer", list(case.declaration_signatures.all())),
        Part("agreements", "Avtaler", agreements),
        Part("agreement_parties", "Parter i avtalene", list(AgreementParty.objects.filter(agreement__in=agreements))),
        Part("approved_home", "Godkjent hjem", [home] if home else []),
    ]


def _parts_respite(case) -> list[Part]:
    decisions = list(Decision.all_objects.filter(application=case))
    needs = list(Need.objects.filter(decision__in=decisions))
    placements = list(Placement.objects.filter(need__in=needs))
    return [
        Part("attachments", "Vedlegg (bare opplysninger om filene)", list(case.attachments.all())),
        Part("interim_replies", "Foreløpige svar", list(case.interim_replies.all())),
        Part("decisions", "Vedtak", decisions),
        Part("appeals", "Klager", list(Appeal.objects.filter(decision__in=decisions))),
        Part("needs", "Behov", needs),
        Part("proposals", "Forslag til hjem", list(Proposal.objects.filter(need__in=needs))),
        Part("placements", "Tiltak", placements),
        Part("follow_ups", "Oppfølginger", list(FollowUp.objects.filter(placement__in=placements))),
    ]


def cases_of_person(*, municipality, query: str) -> list:
    """The person's cases in this kommune: by the child's fødselsnummer, an e-mail address, or a case reference."""
    query = query.strip()
    if not query:
        return []
    if NATIONAL_ID.match(query):
        volunteer, respite = Q(pk__in=[]), Q(child_national_id=query)
    elif "@" in query:
        volunteer = Q(email__iexact=query) | Q(partner_email__iexact=query)
        respite = Q(guardian_email__iexact=query) | Q(second_guardian_email__iexact=query)
    else:
        volunteer = respite = Q(reference__iexact=query)
    return [
        *VolunteerApplication.objects.filter(volunteer, municipality=municipality).order_by("created_at", "pk"),
        *RespiteApplication.objects.filter(respite, municipality=municipality).order_by("created_at", "pk"),
    ]


def _case_parts(case) -> list[Part]:
    return _parts_volunteer(case) if isinstance(case, VolunteerApplication) else _parts_respite(case)


def _case_export(case) -> dict:
    parts = _case_parts(case)
    content_type = ContentType.objects.get_for_model(case)
    targets = [case, *(row for part in parts for row in part.rows)]
    return {
        "case": case,
        "parts": parts,
        "history": list(audit_entries_for(target=case)),
        "messages": list(messages_for(targets=targets)),
        "access_log": list(access_entries_about(content_type=content_type, object_id=case.pk)),
    }


def innsyn_collect(*, municipality, cases) -> list[dict]:
    """Everything stored about the person, case by case: the case, its parts, its history, the e-mails written about
    it, and the access log's entries about it."""
    return [_case_export(case) for case in cases]


def innsyn_json(*, municipality, query_kind: str, collected: list[dict]) -> str:
    """Machine-readable: each row as {field name: value} for every concrete field of its model."""
    return json.dumps({
        "kommune": municipality.name,
        "laget": timezone.now(),
        "søkt_etter": query_kind,
        "saker": [{
            "type": item["case"]._meta.label_lower,
            "felter": row_data(item["case"]),
            "deler": {part.key: [{"type": r._meta.label_lower, "felter": row_data(r)} for r in part.rows] for part in item["parts"]},
            "historikk": [row_data(e) for e in item["history"]],
            "e_post": [row_data(m) for m in item["messages"]],
            "tilgangslogg": [row_data(e) for e in item["access_log"]],
        } for item in collected],
    }, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def innsyn_pdf(*, municipality, collected: list[dict]) -> bytes:
    """Printable: the same rows, each field with its label."""
    cases = []
    for item in collected:
        sections = [(part.label, [row_labelled(r) for r in part.rows]) for part in item["parts"]]
        sections += [
            ("Saksbehandlingshistorikk", [row_labelled(e) for e in item["history"]]),
            ("E-post fra kommunen", [row_labelled(m) for m in item["messages"]]),
            ("Tilgangslogg: hvem har sett saken", [row_labelled(e) for e in item["access_log"]]),
        ]
        cases.append({"case": item["case"], "title": item["case"]._meta.verbose_name, "fields": row_labelled(item["case"]),
                      "sections": sections})
    today = timezone.localdate()
    return render_pdf(template="pdf/innsyn.html", context={
        "municipality": municipality, "cases": cases,
        "letter": {"title": "Innsyn: opplysninger vi har lagret", "date": today, "reference": f"innsyn-{today:%Y%m%d}"},
    })
