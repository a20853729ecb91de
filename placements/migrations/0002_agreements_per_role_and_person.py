"""Agreements with their mandatory content (issue 11): one per role, an arbeidsavtale per employee with its parties who
sign it, rates per legal track and KS SGS 1030's age bands, the kommune's employment terms, SGS 1030's minimums.

Existing rows, migrated as faithfully as they can be:
- Rates were per agreement kind only, and applied on either track: each row becomes one row per legal track with the same
  figures. The old age bands (0–5, 6–11, 12–18) become SGS 1030's (0–10, over 10); each new band takes the highest rate
  of the old bands it overlaps, so nobody is paid less than before.
- An agreement gets the legal track of the kommune's setting for its home type, starts the day it was made, and names
  its parties: the applicant (with the signature recorded), and for a home a partner who applied together, whose
  signature was never asked for: such an agreement is no longer signed by the volunteer's side. An old arbeidsavtale
  becomes the applicant's own; a partner needs their own. Bodies escaped by the old .txt rendering («KS&#x27;») are
  unescaped.
- SGS 1030's minimums for 2020 and 2022, as KS published them (ks.no), are entered as the first rows of the national
  table; newer ones are entered by a superuser.
"""

import datetime
import html
import zoneinfo
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
DEFAULT_TRACK = {"visiting": "child_welfare", "respite": "health_care", "support_contact": "health_care"}
# KS særavtale SGS 1030 Avlastere, minimum per legal track (øre): hourly pay, expenses per døgn 0–10 and over 10 years.
SGS_1030 = [
    (datetime.date(2020, 1, 1), "health_care", 8600, 19800, 26000,
     "KS: Særavtalen SGS 1030 Avlastere er forlenget (1.1.–31.12.2020), ks.no"),
    (datetime.date(2020, 1, 1), "child_welfare", 6900, 32100, 37200,
     "KS: Særavtalen SGS 1030 Avlastere er forlenget (1.1.–31.12.2020), ks.no"),
    (datetime.date(2022, 1, 1), "health_care", 9100, 20800, 27300,
     "KS: Revidert avlasteravtale – nye satser (1.1.–31.12.2022), ks.no"),
    (datetime.date(2022, 1, 1), "child_welfare", 7300, 33700, 39100,
     "KS: Revidert avlasteravtale – nye satser (1.1.–31.12.2022), ks.no"),
]


def _immediate_constraints(schema_editor):
    """PostgreSQL: check foreign keys now, so that the table can be altered later in this migration's transaction."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _highest(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def rates_per_track_and_band(apps, schema_editor):
    _immediate_constraints(schema_editor)
    RateTable = apps.get_model("placements", "RateTable")
    for table in RateTable.objects.filter(legal_track=""):
        table.expenses_0_10_ore = _highest(table.expenses_0_5_ore, table.expenses_6_11_ore)
        table.expenses_over_10_ore = _highest(table.expenses_6_11_ore, table.expenses_12_18_ore)
        table.legal_track = "health_care"
        table.save()
        table.pk = None
        table.legal_track = "child_welfare"
        table.save()


def agreements_with_parties(apps, schema_editor):
    _immediate_constraints(schema_editor)
    Agreement = apps.get_model("placements", "Agreement")
    AgreementParty = apps.get_model("placements", "AgreementParty")
    HomeTypeSetting = apps.get_model("tenancy", "HomeTypeSetting")
    tracks = {(s.municipality_id, s.home_type): s.legal_track for s in HomeTypeSetting.objects.all()}
    for agreement in Agreement.objects.select_related("application"):
        application = agreement.application
        agreement.legal_track = tracks.get((agreement.municipality_id, agreement.home_type), DEFAULT_TRACK.get(agreement.home_type, "health_care"))
        agreement.start_date = agreement.created_at.astimezone(OSLO).date()
        agreement.body = html.unescape(agreement.body)
        applicant_name = f"{application.first_name} {application.last_name}".strip()
        AgreementParty.objects.create(
            agreement=agreement, person_key="applicant", name=applicant_name,
            signed_name=agreement.applicant_signed_name if agreement.applicant_signed_at else "",
            signed_at=agreement.applicant_signed_at,
        )
        if agreement.kind == "employment":
            agreement.person_key = "applicant"
        elif application.applying_together and agreement.home_type != "support_contact":
            AgreementParty.objects.create(
                agreement=agreement, person_key="partner",
                name=f"{application.partner_first_name} {application.partner_last_name}".strip(),
            )
            agreement.applicant_signed_at = None  # the partner, a party, never signed
        agreement.save()


def sgs_1030_minimums(apps, schema_editor):
    _immediate_constraints(schema_editor)
    seed_minimums(apps)


def seed_minimums(apps):
    """The published minimums (also put back by tests/conftest.py after transactional tests flush the tables)."""
    TariffMinimum = apps.get_model("placements", "TariffMinimum")
    for valid_from, track, hourly, young, older, source in SGS_1030:
        TariffMinimum.objects.get_or_create(
            legal_track=track, valid_from=valid_from,
            defaults={"hourly_pay_ore": hourly, "expenses_0_10_ore": young, "expenses_over_10_ore": older, "source": source},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0007_respite_home_mode'),
        ('placements', '0001_initial'),
        ('tenancy', '0004_municipality_reminder_days'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AgreementParty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('person_key', models.CharField(max_length=40, verbose_name='person')),
                ('name', models.CharField(max_length=200, verbose_name='navn')),
                ('signed_name', models.CharField(blank=True, max_length=200, verbose_name='signatur (navn skrevet inn)')),
                ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='signert')),
            ],
            options={
                'verbose_name': 'part i avtale',
                'verbose_name_plural': 'parter i avtale',
                'ordering': ['agreement', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='EmploymentTerms',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pension_scheme', models.CharField(choices=[('klp', 'KLP (Kommunal Landspensjonskasse)'), ('spk', 'Statens pensjonskasse (SPK)'), ('own_fund', 'Kommunens egen pensjonskasse'), ('other', 'Annen ordning')], default='klp', max_length=20, verbose_name='pensjonsordning')),
                ('pension_scheme_name', models.CharField(blank=True, help_text='Bare for egen pensjonskasse eller annen ordning, for eksempel «Bergen kommunale pensjonskasse».', max_length=200, verbose_name='navn på pensjonsordningen')),
                ('pay_day', models.PositiveSmallIntegerField(default=12, help_text='Dagen i måneden lønnen utbetales, for arbeid i måneden før.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(28)], verbose_name='lønnsdag')),
                ('holiday_pay_percent', models.DecimalField(decimal_places=1, default=Decimal('12.0'), help_text='Ferieloven: 10,2 %. Med fem ukers ferie etter tariffavtale: 12 %.', max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('10.2'))], verbose_name='feriepenger (prosent)')),
                ('notice_months', models.PositiveSmallIntegerField(default=1, help_text='Arbeidsmiljøloven § 15-3: minst én måned.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(6)], verbose_name='oppsigelsesfrist (måneder)')),
                ('trial_months', models.PositiveSmallIntegerField(default=0, help_text='0: ingen prøvetid. Arbeidsmiljøloven § 15-6: høyst seks måneder.', validators=[django.core.validators.MaxValueValidator(6)], verbose_name='prøvetid (måneder)')),
            ],
            options={
                'verbose_name': 'vilkår i arbeidsavtaler',
                'verbose_name_plural': 'vilkår i arbeidsavtaler',
            },
        ),
        migrations.CreateModel(
            name='TariffMinimum',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('legal_track', models.CharField(choices=[('health_care', 'Helse- og omsorgstjenesteloven'), ('child_welfare', 'Barnevernsloven')], max_length=20, verbose_name='lovgrunnlag')),
                ('valid_from', models.DateField(verbose_name='gjelder fra')),
                ('hourly_pay_ore', models.PositiveIntegerField(verbose_name='minste timelønn (øre)')),
                ('expenses_0_10_ore', models.PositiveIntegerField(verbose_name='utgiftsdekning per døgn, barn 0–10 år (øre)')),
                ('expenses_over_10_ore', models.PositiveIntegerField(verbose_name='utgiftsdekning per døgn, barn over 10 år (øre)')),
                ('source', models.CharField(help_text="Hvor satsene er hentet fra, for eksempel KS' nettside.", max_length=300, verbose_name='kilde')),
            ],
            options={
                'verbose_name': 'minstesats i SGS 1030',
                'verbose_name_plural': 'minstesatser i SGS 1030',
                'ordering': ['legal_track', '-valid_from'],
            },
        ),
        migrations.AddField(
            model_name='agreementparty',
            name='agreement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='placements.agreement', verbose_name='avtale'),
        ),
        migrations.AddField(
            model_name='employmentterms',
            name='municipality',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='employment_terms', to='tenancy.municipality', verbose_name='kommune'),
        ),
        migrations.AlterModelOptions(
            name='agreement',
            options={'ordering': ['-created_at', 'pk'], 'verbose_name': 'avtale', 'verbose_name_plural': 'avtaler'},
        ),
        migrations.AlterModelOptions(
            name='ratetable',
            options={'ordering': ['municipality', 'agreement_kind', 'legal_track', '-valid_from'], 'verbose_name': 'satser', 'verbose_name_plural': 'satser'},
        ),
        migrations.RemoveConstraint(
            model_name='agreement',
            name='agreement_one_current_per_application',
        ),
        migrations.RemoveConstraint(
            model_name='agreement',
            name='agreement_applicant_signature_has_name',
        ),
        migrations.RemoveConstraint(
            model_name='ratetable',
            name='rate_table_unique',
        ),
        migrations.RemoveConstraint(
            model_name='ratetable',
            name='rate_table_employment_has_hourly_pay',
        ),
        migrations.RemoveConstraint(
            model_name='ratetable',
            name='rate_table_assignment_has_fee',
        ),
        migrations.AddField(
            model_name='agreement',
            name='end_date',
            field=models.DateField(blank=True, help_text='Tomt: avtalen gjelder til den sies opp.', null=True, verbose_name='sluttdato'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='legal_track',
            field=models.CharField(choices=[('health_care', 'Helse- og omsorgstjenesteloven'), ('child_welfare', 'Barnevernsloven')], default='', max_length=20, verbose_name='lovgrunnlag'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='person_key',
            field=models.CharField(blank=True, help_text='Arbeidsavtale: hvem av søkerne den gjelder («applicant» eller «partner»). Tomt for oppdragsavtale.', max_length=40, verbose_name='arbeidstaker'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='start_date',
            field=models.DateField(null=True, verbose_name='startdato'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='temporary_reason',
            field=models.CharField(blank=True, help_text='Arbeidsmiljøloven § 14-9, for en midlertidig arbeidsavtale.', max_length=300, verbose_name='grunnlag for midlertidig ansettelse'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='terms',
            field=models.JSONField(blank=True, default=dict, help_text='Kommunens vilkår slik de var da avtalen ble laget.', verbose_name='vilkår'),
        ),
        migrations.AddField(
            model_name='ratetable',
            name='expenses_0_10_ore',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='utgiftsdekning per døgn, barn 0–10 år (øre)'),
        ),
        migrations.AddField(
            model_name='ratetable',
            name='expenses_over_10_ore',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='utgiftsdekning per døgn, barn over 10 år (øre)'),
        ),
        migrations.AddField(
            model_name='ratetable',
            name='legal_track',
            field=models.CharField(choices=[('health_care', 'Helse- og omsorgstjenesteloven'), ('child_welfare', 'Barnevernsloven')], default='', max_length=20, verbose_name='lovgrunnlag'),
        ),
        migrations.RunPython(rates_per_track_and_band, migrations.RunPython.noop),
        migrations.RunPython(agreements_with_parties, migrations.RunPython.noop),
        migrations.RunPython(sgs_1030_minimums, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='agreement',
            name='applicant_signed_name',
        ),
        migrations.RemoveField(
            model_name='ratetable',
            name='expenses_0_5_ore',
        ),
        migrations.RemoveField(
            model_name='ratetable',
            name='expenses_12_18_ore',
        ),
        migrations.RemoveField(
            model_name='ratetable',
            name='expenses_6_11_ore',
        ),
        migrations.AlterField(
            model_name='agreement',
            name='legal_track',
            field=models.CharField(choices=[('health_care', 'Helse- og omsorgstjenesteloven'), ('child_welfare', 'Barnevernsloven')], max_length=20, verbose_name='lovgrunnlag'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='start_date',
            field=models.DateField(verbose_name='startdato'),
        ),
        migrations.AlterField(
            model_name='ratetable',
            name='legal_track',
            field=models.CharField(choices=[('health_care', 'Helse- og omsorgstjenesteloven'), ('child_welfare', 'Barnevernsloven')], max_length=20, verbose_name='lovgrunnlag'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='applicant_signed_at',
            field=models.DateTimeField(blank=True, help_text='Da den siste av søkerne som er part i avtalen, signerte.', null=True, verbose_name='signert av søkerne'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='home_type',
            field=models.CharField(choices=[('visiting', 'Besøkshjem'), ('respite', 'Avlastningshjem'), ('support_contact', 'Støttekontakt')], max_length=20, verbose_name='type oppdrag'),
        ),
        migrations.AlterField(
            model_name='ratetable',
            name='fee_per_day_ore',
            field=models.PositiveIntegerField(blank=True, help_text='Oppdragsavtale for besøkshjem og avlastningshjem.', null=True, verbose_name='godtgjøring per døgn (øre)'),
        ),
        migrations.AlterField(
            model_name='ratetable',
            name='hourly_pay_ore',
            field=models.PositiveIntegerField(blank=True, help_text='Arbeidsavtale: timelønn. Oppdragsavtale: godtgjøring per time for støttekontakt.', null=True, verbose_name='timelønn eller timesats (øre)'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.UniqueConstraint(condition=models.Q(('superseded_at__isnull', True)), fields=('application', 'home_type', 'person_key'), name='agreement_one_current_per_role_and_person'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'assignment'), ('person_key', '')), models.Q(('kind', 'employment'), models.Q(('person_key', ''), _negated=True)), _connector='OR'), name='agreement_employment_is_personal'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='agreement_ends_after_it_starts'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('kind', 'assignment'), models.Q(('temporary_reason', ''), _negated=True), _connector='OR'), name='agreement_temporary_employment_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='ratetable',
            constraint=models.UniqueConstraint(fields=('municipality', 'agreement_kind', 'legal_track', 'valid_from'), name='rate_table_unique'),
        ),
        migrations.AddConstraint(
            model_name='ratetable',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('agreement_kind', 'employment'), _negated=True), models.Q(('expenses_0_10_ore__isnull', False), ('expenses_over_10_ore__isnull', False), ('hourly_pay_ore__isnull', False)), _connector='OR'), name='rate_table_employment_has_pay_and_expenses'),
        ),
        migrations.AddConstraint(
            model_name='ratetable',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('agreement_kind', 'assignment'), _negated=True), ('fee_per_day_ore__isnull', False), ('hourly_pay_ore__isnull', False), _connector='OR'), name='rate_table_assignment_has_a_fee'),
        ),
        migrations.AddConstraint(
            model_name='tariffminimum',
            constraint=models.UniqueConstraint(fields=('legal_track', 'valid_from'), name='tariff_minimum_unique'),
        ),
        migrations.AddConstraint(
            model_name='agreementparty',
            constraint=models.UniqueConstraint(fields=('agreement', 'person_key'), name='agreement_party_unique'),
        ),
        migrations.AddConstraint(
            model_name='agreementparty',
            constraint=models.CheckConstraint(condition=models.Q(('signed_at__isnull', True), models.Q(('signed_name', ''), _negated=True), _connector='OR'), name='agreement_party_signature_has_name'),
        ),
        migrations.AddConstraint(
            model_name='employmentterms',
            constraint=models.CheckConstraint(condition=models.Q(('pension_scheme__in', ['klp', 'spk']), models.Q(('pension_scheme_name', ''), _negated=True), _connector='OR'), name='employment_terms_other_pension_is_named'),
        ),
    ]
