"""Two-factor sign-in for staff: an authenticator app (TOTP) and single-use backup codes.

Anyone with admin access may enrol an authenticator app from their account menu; groups
named in the two-factor policy (Settings) must. From then on every admin URL answers only
after the second factor: a session that has only passed the password is sent to the code page
(or, for a member of such a group with no app yet, to enrolment) and reaches nothing else.
Enrolment, removal, new backup codes and every second-factor sign-in, right or wrong, are
written to Wagtail's audit log (Reports → Site history).
"""

import base64
import io
import math
import re

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from .models import TwoFactorPolicy

# Reachable with only the password: signing in and out, and what their pages load.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}
VERIFY_URL_NAME = "quipu_two_factor_verify"
SETUP_URL_NAME = "quipu_two_factor_setup"

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "backup"
FRESH_CODES_SESSION_KEY = "quipu_two_factor_fresh_backup_codes"

# Audit log actions (registered in wagtail_hooks.py).
ENROLLED = "quipu.two_factor.enrol"
TURNED_OFF = "quipu.two_factor.disable"
RESET = "quipu.two_factor.reset"
BACKUP_CODES_MADE = "quipu.two_factor.backup_codes"
SIGNED_IN = "quipu.two_factor.sign_in"
SIGN_IN_FAILED = "quipu.two_factor.sign_in_failed"
SIGN_IN_UNLOCKED = "quipu.two_factor.unlock"

SIX_DIGITS = re.compile(r"^\d{6}$")
BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")


def normalise(code):
    """What a person typed, without the spaces and dashes people add, in lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


class SetupForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        code = normalise(self.cleaned_data["token"])
        if not SIX_DIGITS.match(code):
            raise forms.ValidationError(_("Type the six digits the app shows."))
        return code


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app, or a backup code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def clean_token(self):
        code = normalise(self.cleaned_data["token"])
        if not (SIX_DIGITS.match(code) or BACKUP_CODE.match(code)):
            raise forms.ValidationError(
                _("Type the six digits the app shows, or one of your eight-character backup codes.")
            )
        return code


def unwrapped(user):
    """The user itself: request.user is a lazy object, wrapped twice by django-otp, and
    Wagtail's audit log would not recognise it as a model instance."""
    while isinstance(user, LazyObject):
        user.pk  # noqa: B018 - evaluates the lazy object
        user = user._wrapped
    return user


def audit(user, action, actor, **data):
    """One entry in Wagtail's audit log about ``user``'s two-factor sign-in, done by ``actor``
    (None: from the command line)."""
    log(
        instance=unwrapped(user),
        action=action,
        user=unwrapped(actor) if actor is not None else None,
        data=data,
    )


def is_required(user):
    return TwoFactorPolicy.required_for(user)


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_backup_codes(user):
    """Replaces the user's backup codes (the old ones stop working) and returns the new ones."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = set()
        while len(codes) < BACKUP_CODE_COUNT:
            codes.add(StaticToken.random_token())
        codes = sorted(codes)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_second_factor(user):
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


class TwoFactorMiddleware:
    """No admin URL answers a session that has not passed the second factor it needs.

    A signed-in user with an authenticator app who has only given the password is sent to the
    code page; a member of a group that must use two-factor sign-in who has no app yet is sent
    to enrolment. Only the sign-in and sign-out pages (and the code or enrolment page itself)
    stay open. /django-admin/ no longer exists, so the Wagtail admin path is the only way in.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_PATH}/"

    def __call__(self, request):
        target = self.detour(request)
        if target is not None:
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    def detour(self, request):
        """The name of the page this request must go to first, or None."""
        if not request.path_info.startswith(self.admin_prefix):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None  # answers 404 whoever asks
        if url_name in OPEN_URL_NAMES:
            return None
        if django_otp.user_has_device(user, confirmed=True):
            return None if url_name == VERIFY_URL_NAME else VERIFY_URL_NAME
        if is_required(user):
            return None if url_name == SETUP_URL_NAME else SETUP_URL_NAME
        return None


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def wait_message(seconds):
    seconds = max(1, math.ceil(seconds))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def seconds_to_wait(devices):
    """How long until the first of these devices accepts a code again (0: it does now)."""
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            return 0
        locked_until = (details or {}).get("locked_until")
        waits.append((locked_until - timezone.now()).total_seconds() if locked_until else 1)
    return min(waits, default=0)


def check_code(user, code):
    """The device that accepts ``code`` (consuming it), or None; and seconds to wait if throttled.

    Six digits go to the authenticator app, eight letters and digits to the backup codes, so a
    code of one kind never counts as a wrong try of the other.
    """
    model = TOTPDevice if SIX_DIGITS.match(code) else StaticDevice
    with transaction.atomic():
        devices = list(
            model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk")
        )
        wait = seconds_to_wait(devices)
        if wait:
            return None, wait
        for device in devices:
            if device.verify_token(code):
                return device, 0
    return None, 0


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """Asks for the second factor after the password; a wrong code changes nothing and says so."""
    user = request.user
    home = reverse("wagtailadmin_home")
    if not django_otp.user_has_device(user, confirmed=True):
        return redirect(home)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["token"]
        device, wait = check_code(user, code)
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = backup_codes_left(user)
                audit(user, SIGNED_IN, user, method="backup code", backup_codes_left=left)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a backup code; %(count)d is left.",
                        "You signed in with a backup code; %(count)d are left.",
                        left,
                    )
                    % {"count": left},
                )
            else:
                audit(user, SIGNED_IN, user, method="authenticator app")
            return redirect(safe_next(request, home))
        if wait:
            form.add_error("token", wait_message(wait))
        else:
            audit(
                user,
                SIGN_IN_FAILED,
                user,
                method="backup code" if BACKUP_CODE.match(code) else "authenticator app",
            )
            form.add_error("token", _("That code is not valid. Wait for a new one and try again."))
    return render(
        request, "editorial/two_factor_verify.html", {"form": form, "next": safe_next(request, "")}
    )


def qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrols an authenticator app (QR code, confirmed with a first code); once on, its status."""
    user = request.user
    if has_second_factor(user):
        return render(
            request,
            "editorial/two_factor_enabled.html",
            {"backup_codes_left": backup_codes_left(user), "required": is_required(user)},
        )
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=user, name="Quipu", confirmed=False)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            request.session[FRESH_CODES_SESSION_KEY] = new_backup_codes(user)
            audit(user, ENROLLED, user)
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return redirect("quipu_two_factor_backup_codes")
        form.add_error(
            "token", _("That code is not valid. Check the time on your phone and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "editorial/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": secret,
            "required": is_required(user),
        },
    )


@never_cache
@require_http_methods(["GET"])
def backup_codes(request):
    """Shows new backup codes once; after that only how many are left."""
    codes = request.session.pop(FRESH_CODES_SESSION_KEY, None)
    if not codes or not has_second_factor(request.user):
        return redirect(SETUP_URL_NAME)
    return render(request, "editorial/two_factor_backup_codes.html", {"codes": codes})


@require_http_methods(["POST"])
def regenerate_backup_codes(request):
    """New backup codes for the signed-in, verified user; the old ones stop working."""
    user = request.user
    if not (user.is_verified() and has_second_factor(user)):
        return redirect(SETUP_URL_NAME)
    request.session[FRESH_CODES_SESSION_KEY] = new_backup_codes(user)
    audit(user, BACKUP_CODES_MADE, user, count=BACKUP_CODE_COUNT)
    return redirect("quipu_two_factor_backup_codes")


@require_http_methods(["POST"])
def disable(request):
    """Turns two-factor sign-in off for the signed-in, verified user, unless a group requires it."""
    user = request.user
    if is_required(user):
        messages.error(
            request,
            _("One of your groups must use two-factor sign-in, so it cannot be turned off."),
        )
        return redirect(SETUP_URL_NAME)
    if user.is_verified():
        remove_second_factor(user)
        audit(user, TURNED_OFF, user)
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("wagtailadmin_home")


# Administrators' view --------------------------------------------------------------------


def superuser_only(request):
    if not request.user.is_superuser:
        raise PermissionDenied


@never_cache
@require_http_methods(["GET"])
def accounts(request):
    """Who uses two-factor sign-in, who must, and which sign-ins are locked (superusers)."""
    superuser_only(request)
    User = get_user_model()
    enrolled = set(
        TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True).distinct()
    )
    codes_left = {}
    for user_id in StaticToken.objects.values_list("device__user_id", flat=True):
        codes_left[user_id] = codes_left.get(user_id, 0) + 1
    policy = TwoFactorPolicy.load()
    required = User.objects.filter(groups__in=policy.required_groups.all())
    if policy.superusers_required:
        required = required | User.objects.filter(is_superuser=True)
    required_ids = set(required.values_list("pk", flat=True))
    people = [
        {
            "user": user,
            "enrolled": user.pk in enrolled,
            "required": user.pk in required_ids,
            "backup_codes_left": codes_left.get(user.pk, 0),
        }
        for user in User.objects.filter(is_active=True).order_by(User.USERNAME_FIELD)
        if user.is_superuser
        or user.pk in required_ids
        or user.has_perm("wagtailadmin.access_admin")
    ]
    return render(
        request,
        "editorial/two_factor_accounts.html",
        {"people": people, "lockouts": lockouts()},
    )


@require_http_methods(["POST"])
def reset(request, user_id):
    """Removes another person's authenticator app and backup codes (a lost phone)."""
    superuser_only(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    remove_second_factor(person)
    audit(person, RESET, request.user)
    messages.success(
        request,
        _(
            "Two-factor sign-in was reset for %(name)s: they sign in with the password and enrol again."
        )
        % {"name": person.get_username()},
    )
    return redirect("quipu_two_factor_accounts")


def lockouts():
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")


@require_http_methods(["POST"])
def unlock(request, attempt_id):
    """Lifts a sign-in lock (too many wrong passwords) before it expires."""
    from axes.models import AccessAttempt
    from axes.utils import reset as axes_reset

    superuser_only(request)
    attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
    axes_reset(ip=attempt.ip_address, username=attempt.username)
    User = get_user_model()
    person = User.objects.filter(**{User.USERNAME_FIELD: attempt.username}).first()
    if person is not None:
        audit(person, SIGN_IN_UNLOCKED, request.user, address=attempt.ip_address)
    messages.success(request, _("Sign-in unlocked for %(name)s.") % {"name": attempt.username})
    return redirect("quipu_two_factor_accounts")
