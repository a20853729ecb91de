"""The provisions the portal cites, checked against Lovdata-derived sources (see docs/legal-references.md).

`valid_from` is when the provision, as cited, applies: the forvaltningsloven (1967) from 1 January 1970, the
barnevernsloven (2021) from 1 January 2023, the pårørende's right to a vedtak on avlastning (pbrl § 2-8) in its
present form from 1 October 2017. A new forvaltningslov is new rows with its own date.
"""

from datetime import date

from django.db import migrations

LOVDATA = "https://lovdata.no/dokument/NL/lov/"
FVL, PBRL, HOL, BVL = LOVDATA + "1967-02-10", LOVDATA + "1999-07-02-63", LOVDATA + "2011-06-24-30", LOVDATA + "2021-06-18-97"
FVL_FROM, BVL_FROM, PBRL_2017 = date(1970, 1, 1), date(2023, 1, 1), date(2017, 10, 1)

ROWS = [
    # (key, citation, valid_from, weeks, source, note)
    ("appeal.health_care", "pasient- og brukerrettighetsloven § 7-5", PBRL_2017, 4, PBRL,
     "Fire uker fra vedkommende fikk eller burde ha fått tilstrekkelig kunnskap om vedtaket."),
    ("appeal_body.health_care", "pasient- og brukerrettighetsloven § 7-2", PBRL_2017, None, PBRL,
     "Klagen sendes kommunen, som vurderer saken på nytt; klageinstans er Statsforvalteren."),
    ("appeal.child_welfare", "forvaltningsloven § 29, jf. barnevernsloven § 12-1", BVL_FROM, 3, FVL,
     "Tre uker fra underretningen om vedtaket er kommet fram."),
    ("appeal_body.child_welfare", "barnevernsloven § 12-9", BVL_FROM, None, BVL, "Klageinstans er Statsforvalteren."),
    ("basis.health_care.respite", "pasient- og brukerrettighetsloven § 2-8, jf. helse- og omsorgstjenesteloven § 3-6 første ledd nr. 2",
     PBRL_2017, None, PBRL, "Ikke helse- og omsorgstjenesteloven § 3-2 nr. 6 bokstav d, som ble opphevet 1. oktober 2017."),
    ("basis.health_care.support_contact",
     "pasient- og brukerrettighetsloven § 2-1 a andre ledd, jf. helse- og omsorgstjenesteloven § 3-1 og § 3-2 første ledd nr. 6 bokstav b",
     PBRL_2017, None, PBRL, ""),
    ("basis.child_welfare.measure", "barnevernsloven § 3-1", BVL_FROM, None, BVL, "Hjelpetiltak. Ikke § 3-2 (fosterhjem og institusjon)."),
    ("interim_reply", "forvaltningsloven § 11 a", FVL_FROM, None, FVL, "Foreløpig svar innen én måned i saker om enkeltvedtak."),
    ("late_appeal", "forvaltningsloven § 31", FVL_FROM, None, FVL, "Klagen kan likevel tas under behandling; ytre grense ett år."),
    ("late_appeal.health_care", "forvaltningsloven § 31, jf. pasient- og brukerrettighetsloven § 7-7", PBRL_2017, None, FVL, ""),
    ("reasons", "forvaltningsloven §§ 24 og 25", FVL_FROM, None, FVL, ""),
    ("access_to_documents", "forvaltningsloven §§ 18 og 19, jf. § 27 tredje ledd", FVL_FROM, None, FVL, ""),
    ("disqualification", "forvaltningsloven § 6", FVL_FROM, None, FVL, "Inhabilitet."),
    ("best_interests", "Grunnloven § 104", date(2014, 5, 13), None, "https://lovdata.no/dokument/NL/lov/1814-05-17", ""),
    ("child_party.child_welfare", "barnevernsloven § 12-3", BVL_FROM, None, BVL,
     "Barn som er fylt 15 år og forstår hva saken gjelder, er part. Paragrafnummeret er ikke bekreftet mot Lovdata; kontroller."),
    ("individual_plan", "pasient- og brukerrettighetsloven § 2-5, jf. helse- og omsorgstjenesteloven § 7-1", PBRL_2017, None, PBRL, ""),
    ("coordinator", "pasient- og brukerrettighetsloven § 2-5 b, jf. helse- og omsorgstjenesteloven § 7-2", PBRL_2017, None, PBRL, ""),
    ("deadline_counting", "domstolloven § 148 annet ledd og § 149 første ledd", FVL_FROM, None, LOVDATA + "1915-08-13-5", ""),
]


def seed(apps, schema_editor):
    LegalReference = apps.get_model("legal", "LegalReference")
    for key, citation, valid_from, weeks, source, note in ROWS:
        LegalReference.objects.get_or_create(key=key, valid_from=valid_from,
                                             defaults={"citation": citation, "weeks": weeks, "source": source, "note": note})


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
