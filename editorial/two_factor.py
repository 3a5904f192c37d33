"""Optional two-factor sign-in for staff, with an authenticator app (TOTP, django-otp).

Anyone with admin access may enrol a device from their account menu; from then on the admin
asks for a six-digit code after the password, and nothing in the admin is reachable before it.
"""

import base64
import io

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

EXEMPT_URL_NAMES = {
    "quipu_two_factor_verify",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TwoFactorMiddleware:
    """Sends a signed-in staff member with an enrolled device to the code page until verified."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_PATH}/"

    def __call__(self, request):
        if self.needs_code(request):
            verify = reverse("quipu_two_factor_verify")
            return redirect(f"{verify}?next={request.get_full_path()}")
        return self.get_response(request)

    def needs_code(self, request):
        if not request.path_info.startswith(self.admin_prefix):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        match = getattr(request, "resolver_match", None)
        from django.urls import Resolver404, resolve

        try:
            match = match or resolve(request.path_info)
        except Resolver404:
            return False
        if match.url_name in EXEMPT_URL_NAMES:
            return False
        return django_otp.user_has_device(user, confirmed=True)


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Asks for the code after the password; a wrong code changes nothing and says so."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            django_otp.login(request, device)
            return redirect(safe_next(request, reverse("wagtailadmin_home")))
        form.add_error("token", _("That code is not valid. Wait for a new one and try again."))
    return render(
        request,
        "editorial/two_factor_verify.html",
        {"form": form, "next": safe_next(request, "")},
    )


def qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrols an authenticator app: shows its QR code, confirms with a first code."""
    user = request.user
    if django_otp.user_has_device(user, confirmed=True):
        return render(request, "editorial/two_factor_enabled.html", {})
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=user, name="Quipu", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return redirect("wagtailadmin_home")
        form.add_error(
            "token", _("That code is not valid. Check the time on your phone and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "editorial/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg(device.config_url), "secret": secret},
    )


@require_http_methods(["POST"])
def disable(request):
    """Turns two-factor sign-in off for the signed-in (and already verified) user."""
    if request.user.is_verified():
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("wagtailadmin_home")
