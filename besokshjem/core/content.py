"""What the public pages say about each home type (from the kommuner's own pages, in our own words)."""

from django.utils.translation import gettext_lazy as _

from besokshjem.tenancy.choices import HomeType

HOME_TYPE_INFO = {
    HomeType.VISITING: {
        "lead": _(
            "Et besøkshjem tar imot et barn, eller et søskenpar, vanligvis én fast helg i måneden og noen ganger i "
            "ferier. Besøkshjemmet er en ekstra ressurs for barnet og en støtte for foreldrene."
        ),
        "who": [
            _("Familier og enslige med og uten egne barn, med en trygg og stabil livssituasjon."),
            _("Dere har tid, overskudd og en sengeplass til et ekstra barn."),
            _("Ingen store livskriser, rusproblemer eller alvorlige psykiske problemer i familien."),
            _("Du trenger ingen bestemt utdanning."),
        ],
        "expected": [
            _("Vanligvis én fast helg i måneden, noen ganger også ferier."),
            _("Du kan binde deg for minst ett år."),
            _("Du behersker norsk godt, både skriftlig og muntlig."),
            _("Du tar imot veiledning og oppfølging fra kommunen."),
        ],
        "pay": _(
            "Besøkshjem for barnevernet er som regel oppdragstakere og får godtgjøring og utgiftsdekning etter KS' "
            "veiledende satser."
        ),
    },
    HomeType.RESPITE: {
        "lead": _(
            "Et avlastningshjem gir foreldre med særlig tyngende omsorgsarbeid en pause. Barnet er hos dere noen "
            "timer eller døgn, ofte et par døgn i måneden."
        ),
        "who": [
            _("Både enslige og par kan være avlastere."),
            _("Du har en avklart og stabil livssituasjon."),
            _("Barnet trenger eget soverom hvis avlastningen innebærer overnatting."),
            _("Du trenger ingen bestemt utdanning, men personlig egnethet er avgjørende."),
        ],
        "expected": [
            _("Avlastning på døgnbasis eller timebasis, etter avtale."),
            _("Du kan binde deg for minst ett år."),
            _("Du behersker norsk godt, både skriftlig og muntlig."),
            _("Faste rammer, tydelige voksne og mye omsorg."),
        ],
        "pay": _(
            "Avlastere er arbeidstakere etter loven. Du får arbeidsavtale og lønn etter KS' særavtale om avlastere "
            "(SGS 1030) og forskrift om arbeidstid for avlastere."
        ),
    },
    HomeType.SUPPORT_CONTACT: {
        "lead": _(
            "En støttekontakt er sammen med et barn eller en ungdom om lag fire timer i uken, og hjelper til med en "
            "meningsfull fritid sammen med andre."
        ),
        "who": [
            _("Du har fylt 18 år."),
            _("Du er flink til å lytte, forstår andres behov og kan sette grenser."),
            _("Du trenger ingen formell utdanning. Det er en fordel om du disponerer bil."),
        ],
        "expected": [
            _("Om lag fire timer i uken med aktiviteter, for eksempel tur, trening, kino eller en kopp kaffe."),
            _("Du kan binde deg for minst ett år."),
            _("Du behersker norsk godt, både skriftlig og muntlig."),
        ],
        "pay": _(
            "Støttekontakter for barnevernet er som regel oppdragstakere og får godtgjøring, utgiftsdekning og "
            "kilometergodtgjøring etter KS' veiledende satser."
        ),
    },
}

COMMON_STEPS = [
    _("Du sender søknaden her. Du får kvittering på e-post med en lenke der du kan følge saken."),
    _("Kommunen inviterer til samtaler (vanligvis minst to) og kommer på hjemmebesøk."),
    _("Du får en formålsbekreftelse fra kommunen og bestiller politiattest. Attesten kan ikke være eldre enn tre måneder når du viser den fram."),
    _("Du signerer taushetserklæring og avtale før du får et oppdrag."),
]
