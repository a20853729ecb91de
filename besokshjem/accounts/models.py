from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: caseworkers and kommune administrators. Applicants have no account."""

    email = models.EmailField(_("e-post"), unique=True)
    full_name = models.CharField(_("fullt navn"), max_length=200, blank=True)
    title = models.CharField(
        _("stillingstittel"), max_length=100, blank=True,
        help_text=_("Står under navnet i brev du signerer, for eksempel «rådgiver» eller «fagleder»."),
    )
    is_staff = models.BooleanField(
        _("tilgang til saksbehandling"), default=False, help_text=_("Kan logge inn i saksbehandlerområdet.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("opprettet"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email
