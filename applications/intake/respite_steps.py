"""The parent's application for avlastning as a wizard."""

from django.utils.translation import gettext_lazy as _

from applications.models import RespiteApplication

from . import respite_forms as forms
from .wizard import Step, Wizard, register

RESPITE = register(
    Wizard(
        kind="respite",
        model=RespiteApplication,
        steps=(
            Step("barnet", _("Barnet"), forms.ChildForm, intro=_("Opplysninger om barnet dere søker avlastning for.")),
            Step("foresatte", _("Foresatte"), forms.GuardiansForm),
            Step(
                "omsorg", _("Omsorgsarbeidet"), forms.CareBurdenForm,
                intro=_("Kommunen legger vekt på hvor mange timer omsorgen tar, om den er fysisk eller psykisk belastende, og om den går ut over nattesøvnen."),
            ),
            Step("tjenester", _("Tjenester"), forms.ServicesForm),
            Step("vedlegg", _("Vedlegg"), forms.AttachmentsForm, has_files=True),
            Step(
                "plan-og-samtykke", _("Plan og samtykke"), forms.PlanAndConsentForm,
                intro=_(
                    "Kommunen behandler søknaden fordi loven gir dere rett til å få den vurdert (pasient- og "
                    "brukerrettighetsloven § 2-8); det krever ikke samtykke. Det eneste vi spør om samtykke til, er å "
                    "hente opplysninger fra andre."
                ),
            ),
        ),
        url_prefix="respite_",
        title=_("Søknad om avlastning"),
        receipt_next=_(
            "Kommunen vurderer søknaden og kan ta kontakt for en samtale. Kan saken ikke avgjøres innen én måned, får dere "
            "et foreløpig svar med grunnen og når dere kan vente vedtak."
        ),
    )
)
