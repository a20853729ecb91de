"""Fictional demo data: Bergen, Lillestrøm and Sarpsborg with caseworkers and about 20 applications.

Running it again changes nothing that is already there. Every name, address and e-mail is made up;
e-mail addresses use the reserved example.no domain.
"""

import random
import uuid
from base64 import b32encode
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.intake import services as intake_services
from applications.intake import volunteer_steps as steps
from applications.models import ApplicationStatus, HouseholdMember, MeetingKind, RespiteApplication, VolunteerApplication
from applications.respite import services as respite_services
from applications.volunteer import services as volunteer_services
from applications.volunteer.checklist import attest_people, signers
from besokshjem.accounts.models import User
from besokshjem.tenancy.choices import HomeType, LegalTrack
from besokshjem.tenancy.models import Municipality, Role
from besokshjem.tenancy.services import membership_grant, municipality_create
from placements import services as placement_services
from placements.models import RateTable

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - fictional demo logins, printed for the reader

MUNICIPALITIES = [
    {
        "name": "Bergen", "slug": "bergen", "number": "4601", "reference_prefix": "BGO",
        "contact_email": "besokshjem@bergen.example.no", "contact_phone": "+4755000000",
        "contact_unit": "Etat for barn og familie", "household_attest_required": False,
        "data_protection_officer": "personvernombud@bergen.example.no",
    },
    {
        "name": "Lillestrøm", "slug": "lillestrom", "number": "3205", "reference_prefix": "LIL",
        "contact_email": "barnevern@lillestrom.example.no", "contact_phone": "+4766000000",
        "contact_unit": "Barneverntjenesten", "household_attest_required": True,
        "data_protection_officer": "personvernombud@lillestrom.example.no",
    },
    {
        "name": "Sarpsborg", "slug": "sarpsborg", "number": "3105", "reference_prefix": "SAR",
        "contact_email": "koordinerende@sarpsborg.example.no", "contact_phone": "+4769000000",
        "contact_unit": "Koordinerende enhet", "child_age_max": 16, "household_attest_required": False,
        "data_protection_officer": "personvernombud@sarpsborg.example.no",
    },
]

FIRST = ["Kari", "Ola", "Ingrid", "Per", "Sigrid", "Lars", "Marte", "Jonas", "Nora", "Emil", "Hanne", "Tor"]
LAST = ["Fjellheim", "Nordvik", "Solberg-Demo", "Bakkemo", "Lien-Test", "Aasheim", "Strandli", "Myrvold"]
STREETS = ["Eksempelveien", "Demogata", "Testbakken", "Fiktivveien"]


class Command(BaseCommand):
    help = "Creates fictional kommuner, caseworkers and applications for a demo. Safe to run twice."

    def handle(self, *args, **options):
        # The demo's receipts are not worth printing: keep them in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            self._seed()

    def _seed(self):
        rng = random.Random(2026)
        logins = []
        admin, created = User.objects.get_or_create(email="admin@example.no", defaults={"full_name": "Demo Superbruker", "is_staff": True, "is_superuser": True})
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        logins.append(("admin@example.no", "superbruker (alle kommuner)"))
        for spec in MUNICIPALITIES:
            municipality = Municipality.objects.filter(slug=spec["slug"]).first()
            if municipality is None:
                municipality = municipality_create(**spec)
            for role, local in ((Role.CASEWORKER, "saksbehandler"), (Role.ADMIN, "kommuneadmin")):
                email = f"{local}.{spec['slug']}@example.no"
                user, created = User.objects.get_or_create(email=email, defaults={
                    "full_name": f"Demo {local.capitalize()} {spec['name']}", "title": "rådgiver" if role == Role.CASEWORKER else "fagleder"})
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                membership_grant(user=user, municipality=municipality, role=role, may_decide=True, tracks=LegalTrack.values)
                logins.append((email, f"{Role(role).label}, {spec['name']}"))
            self._applications(municipality, rng)
            self._respite(municipality, rng)
        self.stdout.write(self.style.SUCCESS("Demodata er klare. Logg inn på /admin/ med:"))
        for email, what in logins:
            self.stdout.write(f"  {email:42} {DEMO_PASSWORD}   ({what})")
        self.stdout.write(
            "Tofaktorkoden etter passordet: `python manage.py demo_otp_code <e-post>` (bare med DEBUG), eller legg "
            "nøkkelen under inn i en autentiseringsapp:"
        )
        for email, _what in logins:
            device = self._second_factor(User.objects.get(email=email))
            self.stdout.write(f"  {email:42} {b32encode(device.bin_key).decode()}")

    def _second_factor(self, user):
        """A confirmed authenticator app for a demo login (the same on every run), so the demo needs no enrolment."""
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        return device or TOTPDevice.objects.create(user=user, name="Demo", confirmed=True)

    def _applications(self, municipality, rng):
        self._rates(municipality)
        wanted = 8
        existing = VolunteerApplication.objects.filter(municipality=municipality).count()
        caseworker = User.objects.get(email=f"saksbehandler.{municipality.slug}@example.no")
        plan = [ApplicationStatus.SUBMITTED, ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.IN_REVIEW,
                ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.DRAFT, ApplicationStatus.APPROVED]
        for index in range(existing, wanted):
            application = self._draft(municipality, rng, index)
            target = plan[index]
            if target == ApplicationStatus.DRAFT:
                continue
            missing = [s.slug for s in steps.incomplete_steps(application)]
            application = intake_services.application_submit(application=application, incomplete_steps=missing)
            if target in (ApplicationStatus.IN_REVIEW, ApplicationStatus.REJECTED, ApplicationStatus.APPROVED):
                application = volunteer_services.application_change_status(application=application, to_status=ApplicationStatus.IN_REVIEW, by=caseworker)
            if target == ApplicationStatus.REJECTED:
                volunteer_services.application_change_status(
                    application=application, to_status=ApplicationStatus.REJECTED, by=caseworker,
                    note="Søkeren kan ikke binde seg for ett år nå (demo).",
                )
            if target == ApplicationStatus.WITHDRAWN:
                volunteer_services.application_withdraw(application=application)
            if target == ApplicationStatus.IN_REVIEW and index == 2:
                self._progress(application, caseworker, approve=False)
            if target == ApplicationStatus.APPROVED:
                self._progress(application, caseworker, approve=True)

    def _respite(self, municipality, rng):
        """Parents' applications: one new, one past a month with an interim reply, one granted awaiting delivery,
        one rejected with an appeal lodged. Fictional children, parents and synthetic dates only."""
        existing = RespiteApplication.objects.filter(municipality=municipality).count()
        caseworker = User.objects.get(email=f"saksbehandler.{municipality.slug}@example.no")
        for index in range(existing, 4):
            application = RespiteApplication.objects.create(
                municipality=municipality, client_nonce=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-respite:{municipality.slug}:{index}"),
                child_first_name=rng.choice(["Emma", "Noah", "Ella", "Oskar"]), child_last_name=rng.choice(LAST),
                child_birth_date=date(2012 + index, rng.randint(1, 12), rng.randint(1, 28)),
                child_needs="Demo: trenger tett oppfølging og faste rammer.",
                guardian_name=f"Demo Forelder {index}", guardian_email=f"forelder.{index}.{municipality.slug}@example.no",
                guardian_phone="+4741000000", guardian_address="Demogata 1", guardian_postcode="0000",
                guardian_post_town=municipality.name, guardian_relation="Mor", guardian_has_parental_responsibility=True,
                care_hours_per_month=90 + 10 * index, physically_demanding=True, physically_demanding_details="Demo: mange løft.",
                psychologically_demanding=False, night_care=index % 2 == 0,
                night_care_details="Demo: våkner om natten." if index % 2 == 0 else "",
                services_received="Ingen", services_wanted=["respite_home"], weekends_per_month=2,
                individual_plan_wanted=True, coordinator_wanted=False, consent_obtain_info=False, confirm_true=True,
            )
            application = intake_services.application_submit(application=application, incomplete_steps=[])
            days_ago = [3, 40, 50, 60][index]
            RespiteApplication.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - timedelta(days=days_ago))
            if index == 0:
                continue
            application = respite_services.respite_take_into_review(application=application, by=caseworker)
            if index == 1:
                respite_services.interim_reply_send(application=application, reason="Vi venter på uttalelse fra skolen (demo).",
                                                    expected_decision_date=timezone.localdate() + timedelta(days=14), by=caseworker)
                continue
            granted = index == 2
            decision = respite_services.decision_make(
                application=application, by=caseworker, outcome="granted" if granted else "rejected",
                service_type="visiting" if granted else "", scope_amount=1 if granted else None,
                scope_unit="weekend" if granted else "", period_from=timezone.localdate() if granted else None,
                applied_for=respite_services.applied_for_text(application),
                criterion="Kommunen skal tilby avlastning til den som har særlig tyngende omsorgsarbeid.",
                facts="Demo: barnet trenger tilsyn hele døgnet, og foreldrene får lite sammenhengende søvn.",
                reasons="Demo: omsorgsarbeidet er særlig tyngende." if granted else "Demo: behovet dekkes av dagens tjenester.",
                best_interests="Demo: faste rammer og forutsigbarhet er til barnets beste.",
                child_views="Demo: barnet er spurt og er positivt.",
                child_views_weight="Demo: barnets ønske om faste helger er lagt vekt på.",
                plan_answer="Demo: kommunen starter arbeidet med individuell plan, og en koordinator tar kontakt."
                if application.individual_plan_wanted or application.coordinator_wanted else "",
            )
            if not granted:
                respite_services.appeal_lodge(decision=decision, text="Demo: vi mener behovet er større enn kommunen har lagt til grunn.")

    def _rates(self, municipality):
        """Example rates, clearly fictional: each kommune must enter its own from KS' current figures."""
        common = {"expenses_0_10_ore": 40000, "expenses_over_10_ore": 45000, "km_rate_ore": 450,
                  "source": "Eksempelsatser for demo – ikke KS' faktiske satser"}
        for track in ("health_care", "child_welfare"):
            RateTable.objects.get_or_create(municipality=municipality, agreement_kind="employment", legal_track=track,
                                            valid_from=date(2026, 1, 1), defaults={"hourly_pay_ore": 23550, **common})
            RateTable.objects.get_or_create(municipality=municipality, agreement_kind="assignment", legal_track=track,
                                            valid_from=date(2026, 1, 1), defaults={"fee_per_day_ore": 95000, "hourly_pay_ore": 21000, **common})

    def _progress(self, application, caseworker, *, approve):
        """Walk a case through the checklist with the real services: interviews, visit, attests, signatures."""
        past = timezone.now() - timedelta(days=14)
        kinds = [MeetingKind.INTERVIEW] * application.municipality.interviews_required + [MeetingKind.HOME_VISIT]
        for offset, kind in enumerate(kinds if approve else kinds[:1]):
            meeting = volunteer_services.meeting_schedule(application=application, kind=kind, starts_at=past + timedelta(days=offset),
                                                caseworker=caseworker, by=caseworker, place="Servicetorget, møterom 1")
            volunteer_services.meeting_mark_held(meeting=meeting, by=caseworker, notes="Demo: samtalen gikk fint.",
                                       bedroom_for_child=True if kind == MeetingKind.HOME_VISIT else None,
                                       safety_notes="Demo: trygt." if kind == MeetingKind.HOME_VISIT else "",
                                       impression="Demo: godt inntrykk." if kind == MeetingKind.HOME_VISIT else "")
        if not approve:
            volunteer_services.meeting_schedule(application=application, kind=MeetingKind.INTERVIEW, starts_at=timezone.now() + timedelta(days=5),
                                      caseworker=caseworker, by=caseworker, place="Servicetorget, møterom 1")
            return
        today = timezone.localdate()
        for person in attest_people(application):
            for role in person.roles:
                volunteer_services.purpose_confirmation_issue(application=application, person_key=person.key, home_type=role.home_type,
                                                              by=caseworker)
            for attest_type in person.required:
                volunteer_services.police_certificate_register(application=application, person_key=person.key, attest_type=attest_type,
                                                     issue_date=today - timedelta(days=20), shown_date=today,
                                                     outcome="no_remarks", by=caseworker)
        volunteer_services.declaration_request(application=application, by=caseworker)
        for key, name in signers(application):
            volunteer_services.declaration_sign(application=application, person_key=key, typed_name=name, confirmed=True)
        for agreement in volunteer_services.agreements_generate(application=application, by=caseworker):
            for party in agreement.parties.all():
                placement_services.agreement_sign_party(agreement=agreement, person_key=party.person_key, typed_name=party.name,
                                                        confirmed=True)
            placement_services.agreement_sign_caseworker(agreement=agreement, by=caseworker)
        volunteer_services.application_approve(application=application, by=caseworker)

    def _draft(self, municipality, rng, index):
        types = [HomeType.VISITING, HomeType.RESPITE, HomeType.SUPPORT_CONTACT]
        home_type = types[index % 3] if index != 7 else HomeType.VISITING
        # The approved demo home (the last) offers two roles on two legal tracks: besøkshjem (barnevern) and
        # støttekontakt (helse- og omsorg).
        home_types = [home_type, HomeType.SUPPORT_CONTACT] if index == 7 else [home_type]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        together = home_type != HomeType.SUPPORT_CONTACT and index % 2 == 0
        application = VolunteerApplication.objects.create(
            municipality=municipality,
            client_nonce=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{municipality.slug}:{index}"),
            language="nb",
            home_types=home_types,
            respite_home_mode="overnight" if home_type == HomeType.RESPITE else "",
            applying_together=together,
            first_name=first, last_name=last,
            birth_date=date(1975 + rng.randint(0, 25), rng.randint(1, 12), rng.randint(1, 28)),
            email=f"{first.lower()}.{index}.{municipality.slug}@example.no",
            phone=f"+4741{rng.randint(100000, 999999)}",
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}", postcode="0000", post_town=municipality.name,
            home_municipality=municipality.name,
            partner_first_name="Demo" if together else "", partner_last_name=last if together else "",
            partner_birth_date=date(1980, 5, 5) if together else None,
            partner_email=f"partner.{index}.{municipality.slug}@example.no" if together else "",
            partner_phone="+4790000000" if together else "",
            housing_type="detached", housing_tenure="own", rooms=5,
            child_bedroom=True if home_type != HomeType.SUPPORT_CONTACT else None,
            pets=False, smoking=False, distance_notes="Kort vei til skole og idrettshall.",
            physical_health="good", mental_health="good", substance_use=False, major_crises=False,
            interests="Friluftsliv, matlaging og brettspill.", personal_qualities="Rolig, tålmodig og strukturert.",
            disability_thoughts="Vi har erfaring fra familie og ønsker å lære mer.",
            motivation="Vi har plass og tid, og vil gi et barn gode helger.",
            age_min=municipality.child_age_min, age_max=municipality.child_age_max,
            sibling_pair="maybe" if home_type != HomeType.SUPPORT_CONTACT else "",
            frequency_per_month=1 if home_type != HomeType.SUPPORT_CONTACT else None,
            hours_per_week=4 if HomeType.SUPPORT_CONTACT in home_types else None,
            availability="Helger og noen ettermiddager.",
            holidays=True if home_type != HomeType.SUPPORT_CONTACT else None,
            has_driving_licence=True, has_car=index % 2 == 0,
            norwegian_written=True, norwegian_oral=True, commitment_one_year=True,
            consent_health=True, confirm_true=True, privacy_read=True, politiattest_acknowledged=True,
        )
        if home_type != HomeType.SUPPORT_CONTACT:
            HouseholdMember.objects.create(application=application, name=f"Demo Barn {last}", birth_date=date(2015, 6, 1), relation="child")
        return application
