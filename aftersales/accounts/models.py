import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the service organisation (SPEC §1). Customers use token links, not logins."""

    AGENT = "agent", _("Customer-service agent")
    DISPATCHER = "dispatcher", _("Dispatcher")
    TECHNICIAN = "technician", _("Technician")
    SUPERVISOR = "supervisor", _("Service supervisor")
    MANAGER = "manager", _("After-sales manager")
    QUALITY = "quality", _("Quality department")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RND = "rnd", _("R&D")
    WAREHOUSE = "warehouse", _("Warehouse & logistics")
    FINANCE = "finance", _("Finance")
    GM_OFFICE = "gm_office", _("General manager's office")
    GM = "gm", _("General manager")


class Branch(models.Model):
    """A service centre or branch office; head office plans and sees every branch."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_head_office = models.BooleanField(_("head office"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["-is_head_office", "code"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Service department")
        BUSINESS = "business", _("Business department")
        QUALITY = "quality", _("Quality department")
        MANUFACTURING = "manufacturing", _("Manufacturing")
        RND = "rnd", _("R&D")
        WAREHOUSE = "warehouse", _("Warehouse & logistics")
        FINANCE = "finance", _("Finance")
        GM_OFFICE = "gm_office", _("General manager's office")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="departments"
    )

    class Meta:
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="department_name_per_branch")
        ]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def sees_all_branches(self) -> bool:
        """Head office sees all branches; a branch sees its own work (004)."""
        return self.is_superuser or self.branch_id is None or self.branch.is_head_office


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, *, user: User, name: str = "") -> tuple["ApiToken", str]:
        """Returns the token and its secret, which is shown once and stored only as a digest."""
        raw = secrets.token_urlsafe(32)
        token = self.create(user=user, name=name, prefix=raw[:8], digest=_digest(raw))
        return token, raw

    def authenticate(self, raw: str) -> User | None:
        token = (
            self.select_related("user", "user__branch")
            .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        return token.user if token else None


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
