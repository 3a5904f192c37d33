"""Two-factor sign-in on every way into administration, backup codes, group policy, audit."""

import re

import pytest
from django.conf import settings
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from editorial import two_factor
from editorial.models import TwoFactorPolicy

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ADMIN = f"/{settings.ADMIN_PATH}/"
VERIFY = f"{ADMIN}2fa/verify/"
SETUP = f"{ADMIN}2fa/setup/"


def code_for(device, steps_ahead=0):
    """The code the person's app shows now (or that many 30-second steps later)."""
    value = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{value:06d}"


def enrol(client):
    """Goes through enrolment in the admin as a person would; returns the device and codes."""
    assert client.get(SETUP).status_code == 200
    user_id = int(client.session["_auth_user_id"])
    device = TOTPDevice.objects.get(user_id=user_id, confirmed=False)
    response = client.post(SETUP, {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}2fa/backup-codes/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", page.content.decode())
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def password_only(user):
    """A new client that has signed in through the admin's login form, with the password only."""
    client = Client()
    response = client.post(f"{ADMIN}login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password sign-in itself failed"
    return client


@pytest.fixture
def superuser(db):
    user = get_user_model().objects.create_superuser(
        "tf-root", "root@example.org", PASSWORD, first_name="Root"
    )
    return user


@pytest.fixture
def enrolled_superuser(superuser):
    client = Client()
    client.force_login(superuser)
    device, codes = enrol(client)
    return superuser, device, codes


def admin_paths():
    """One concrete path for every URL pattern under the admin prefix."""
    paths, unresolved = set(), []
    for _view, regex, _namespace, _name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        pattern = simplify_regex(regex)
        if not pattern.startswith(ADMIN):
            continue
        for sample in ("1", "a"):
            concrete = re.sub(r"<\w+>", sample, pattern)
            try:
                resolve(concrete)
            except Resolver404:
                continue
            paths.add(concrete)
            break
        else:
            unresolved.append(pattern)
    return sorted(paths), unresolved


def test_every_admin_url_refuses_a_password_only_session_of_an_enrolled_user(
    enrolled_superuser,
):
    user, device, _codes = enrolled_superuser
    client = password_only(user)
    paths, unresolved = admin_paths()
    assert len(paths) > 250 and len(unresolved) <= 2, unresolved
    open_paths = {f"{ADMIN}login/", f"{ADMIN}logout/", VERIFY}
    answered = []
    for path in paths:
        if resolve(path).url_name in two_factor.OPEN_URL_NAMES or path in open_paths:
            continue
        for method in (client.get, client.post):
            response = method(path)
            if not (response.status_code == 302 and response["Location"].startswith(VERIFY)):
                answered.append((method.__name__, path, response.status_code))
    assert answered == []
    # Nothing was changed by all those POSTs: the person is still enrolled, still unverified.
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get(f"{ADMIN}users/").status_code == 302

    # The Wagtail admin API, document and image admin, user admin: all covered above, and the
    # same session answers once the code is given.
    response = client.post(VERIFY, {"token": code_for(device, 1), "next": f"{ADMIN}users/"})
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}users/"
    for path in (f"{ADMIN}users/", f"{ADMIN}documents/", f"{ADMIN}api/main/pages/"):
        assert client.get(path).status_code == 200, path


def test_the_only_staff_routes_are_under_the_admin_path():
    """A new top-level route must be added here on purpose, after deciding who may use it."""
    tops = {
        simplify_regex(regex).strip("/").split("/")[0]
        for _view, regex, _namespace, _name in extract_views_from_urlpatterns(
            get_resolver().url_patterns
        )
    }
    languages = {code for code, _name in settings.LANGUAGES}
    known = {
        settings.ADMIN_PATH,
        "api",  # the public read-only API: live, public content only
        "documents",  # downloads, with collection privacy
        "media",
        "oai",  # OAI-PMH for harvesters: public content only, read-only
        "robots.txt",
        "sitemap.xml",
        "healthz",  # load balancers: the process answers; nothing else is read
        "readyz",  # load balancers and monitoring: states and counts only, no secrets
    }
    assert tops - languages == known, (
        "A new top-level route: if staff use it, put it under the admin path (where the second "
        "factor guards it); if it is public, add it to this list."
    )


def test_django_admin_is_gone(enrolled_superuser):
    user, _device, _codes = enrolled_superuser
    # Unknown unprefixed paths go to the Spanish site first, which has no such page.
    client = Client()
    for path in ("/django-admin/", "/django-admin/login/"):
        assert client.get(path, follow=True).status_code == 404
    response = client.post(
        "/django-admin/login/",
        {"username": user.username, "password": PASSWORD},
        follow=True,
    )
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
    client = password_only(user)
    for path in (
        "/django-admin/",
        "/django-admin/auth/user/",
        "/django-admin/otp_totp/totpdevice/",
        "/django-admin/otp_static/staticdevice/",
    ):
        response = client.get(path, follow=True)
        assert response.status_code == 404, path
        assert "Django administration" not in response.content.decode()


def test_each_backup_code_works_once(enrolled_superuser):
    user, _device, codes = enrolled_superuser
    first, second = codes[0], codes[1]

    client = password_only(user)
    # Typed as people do: upper case, with a space in the middle.
    response = client.post(
        VERIFY, {"token": f"{first[:4].upper()} {first[4:]}", "next": f"{ADMIN}pages/"}
    )
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}pages/"
    assert client.get(f"{ADMIN}pages/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == len(codes) - 1

    client = password_only(user)
    response = client.post(VERIFY, {"token": first})
    assert response.status_code == 200
    assert "not valid" in response.content.decode() or "no es válido" in response.content.decode()
    assert client.get(f"{ADMIN}pages/").status_code == 302
    # django-otp makes the next try wait after a failure; a person would wait those seconds.
    StaticDevice.objects.get(user=user).throttle_reset()
    response = client.post(VERIFY, {"token": second})
    assert response.status_code == 302
    assert client.get(f"{ADMIN}pages/").status_code == 200


def test_backup_codes_are_shown_once(superuser):
    client = Client()
    client.force_login(superuser)
    _device, codes = enrol(client)
    response = client.get(f"{ADMIN}2fa/backup-codes/")
    assert response.status_code == 302 and response["Location"] == SETUP
    status = client.get(SETUP).content.decode()
    assert codes[0] not in status
    assert "10" in status


def test_new_backup_codes_replace_the_old_ones(enrolled_superuser):
    user, device, old_codes = enrolled_superuser
    client = password_only(user)
    client.post(VERIFY, {"token": code_for(device, 1)})
    response = client.post(f"{ADMIN}2fa/backup-codes/new/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    new_codes = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(new_codes) == two_factor.BACKUP_CODE_COUNT
    assert not set(new_codes) & set(old_codes)

    client = password_only(user)
    assert client.post(VERIFY, {"token": old_codes[5]}).status_code == 200
    assert client.get(f"{ADMIN}pages/").status_code == 302
    StaticDevice.objects.get(user=user).throttle_reset()
    assert client.post(VERIFY, {"token": new_codes[5]}).status_code == 302
    assert client.get(f"{ADMIN}pages/").status_code == 200


def test_regenerating_needs_the_second_factor(enrolled_superuser):
    user, _device, codes = enrolled_superuser
    client = password_only(user)
    response = client.post(f"{ADMIN}2fa/backup-codes/new/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    ) == set(codes)


@pytest.fixture
def moderators_must_enrol(db):
    policy = TwoFactorPolicy.load()
    policy.required_groups.set([Group.objects.get(name="Moderators")])
    return policy


def test_a_group_member_without_a_device_can_only_enrol(people, moderators_must_enrol):
    moderator = people["moderator"]
    client = password_only(moderator)
    for path in (f"{ADMIN}", f"{ADMIN}pages/", f"{ADMIN}documents/", f"{ADMIN}api/main/pages/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), path
    response = client.post(f"{ADMIN}pages/{people['moderator'].pk}/delete/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "must use two-factor" in page.content.decode() or "debe usar" in page.content.decode()

    # Someone in another group is not concerned.
    assert password_only(people["editor"]).get(f"{ADMIN}pages/").status_code == 200

    enrol(client)
    assert client.get(f"{ADMIN}pages/").status_code == 200
    # Turning it off is refused while the group requires it.
    client.post(f"{ADMIN}2fa/disable/")
    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()

    # Next sign-in: the code, like everyone enrolled.
    response = password_only(moderator).get(f"{ADMIN}pages/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_the_policy_is_edited_in_the_admin(enrolled_superuser):
    user, device, _codes = enrolled_superuser
    client = password_only(user)
    client.post(VERIFY, {"token": code_for(device, 1)})
    url = f"{ADMIN}settings/editorial/twofactorpolicy/"
    response = client.get(url, follow=True)
    assert response.status_code == 200
    url = response.redirect_chain[-1][0] if response.redirect_chain else url
    administrators = Group.objects.get(name="Administrators")
    moderators = Group.objects.get(name="Moderators")
    assert f'value="{administrators.pk}"' in response.content.decode()
    response = client.post(
        url, {"required_groups": [administrators.pk, moderators.pk], "superusers_required": "on"}
    )
    assert response.status_code == 302
    policy = TwoFactorPolicy.load()
    assert set(policy.required_groups.all()) == {administrators, moderators}
    assert policy.superusers_required


def test_enrolment_sign_ins_and_removal_are_in_the_audit_log(enrolled_superuser, people):
    user, device, _codes = enrolled_superuser

    def actions(person):
        return list(
            ModelLogEntry.objects.filter(content_type__model="user", object_id=str(person.pk))
            .order_by("pk")
            .values_list("action", flat=True)
        )

    assert actions(user) == [two_factor.ENROLLED]
    client = password_only(user)
    client.post(VERIFY, {"token": "000000" if code_for(device, 1) != "000000" else "111111"})
    device.refresh_from_db()
    device.throttle_reset()
    client.post(VERIFY, {"token": code_for(device, 1)})
    client.post(f"{ADMIN}2fa/backup-codes/new/")
    client = password_only(user)
    client.post(VERIFY, {"token": "aaaaaaaa"})
    StaticDevice.objects.get(user=user).throttle_reset()
    fresh = StaticToken.objects.filter(device__user=user).first().token
    client.post(VERIFY, {"token": fresh})
    assert actions(user)[1:] == [
        two_factor.SIGN_IN_FAILED,
        two_factor.SIGNED_IN,
        two_factor.BACKUP_CODES_MADE,
        two_factor.SIGN_IN_FAILED,
        two_factor.SIGNED_IN,
    ]

    # A superuser resets another person's device; the person's own history says who did it.
    other = people["editor"]
    other_client = Client()
    other_client.force_login(other)
    enrol(other_client)
    response = client.post(f"{ADMIN}2fa/accounts/{other.pk}/reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=other).exists()
    assert not StaticDevice.objects.filter(user=other).exists()
    entry = ModelLogEntry.objects.filter(object_id=str(other.pk)).order_by("pk").last()
    assert entry.action == two_factor.RESET and entry.user == user

    # Turning it off oneself is recorded too.
    client.post(f"{ADMIN}2fa/disable/")
    assert actions(user)[-1] == two_factor.TURNED_OFF
    assert not TOTPDevice.objects.filter(user=user).exists()

    # All of it reads in Reports → Site history, in words.
    history = client.get(f"{ADMIN}reports/site-history/results/").content.decode()
    history += client.get(f"{ADMIN}reports/site-history/").content.decode()
    for words in (
        ("Two-factor sign-in turned on", "Inicio de sesión en dos pasos activado"),
        ("Signed in with a backup code", "Inició sesión con un código de respaldo"),
        ("Wrong backup code at sign-in", "Código de respaldo incorrecto al iniciar sesión"),
        ("New backup codes made", "Nuevos códigos de respaldo generados"),
        ("removed by an administrator", "eliminados por un administrador"),
    ):
        assert any(word in history for word in words), words


def test_only_superusers_reset_or_unlock(people, enrolled_superuser):
    user, _device, _codes = enrolled_superuser
    administrator = Client()
    administrator.force_login(people["administrator"])
    assert administrator.get(f"{ADMIN}2fa/accounts/").status_code in {302, 403}
    response = administrator.post(f"{ADMIN}2fa/accounts/{user.pk}/reset/")
    assert response.status_code in {302, 403}
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_superuser_unlocks_a_locked_sign_in(enrolled_superuser, people):
    from axes.models import AccessAttempt

    user, device, _codes = enrolled_superuser
    locked = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        locked.post(f"{ADMIN}login/", {"username": people["editor"].username, "password": "no"})
    assert (
        locked.post(
            f"{ADMIN}login/", {"username": people["editor"].username, "password": PASSWORD}
        ).status_code
        == 429
    )
    client = password_only(user)
    client.post(VERIFY, {"token": code_for(device, 1)})
    page = client.get(f"{ADMIN}2fa/accounts/").content.decode()
    assert people["editor"].username in page
    attempt = AccessAttempt.objects.get(username=people["editor"].username)
    assert client.post(f"{ADMIN}2fa/lockouts/{attempt.pk}/unlock/").status_code == 302
    response = locked.post(
        f"{ADMIN}login/", {"username": people["editor"].username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_administrators_read_the_two_factor_audit(enrolled_superuser, people):
    user, _device, _codes = enrolled_superuser
    administrator = Client()
    administrator.force_login(people["administrator"])
    history = administrator.get(f"{ADMIN}reports/site-history/results/").content.decode()
    assert user.username in history
    assert (
        "Two-factor sign-in turned on" in history
        or "Inicio de sesión en dos pasos activado" in history
    )


def test_the_command_line_resets_a_lost_phone(enrolled_superuser):
    import io

    from django.core.management import call_command

    user, _device, _codes = enrolled_superuser
    out = io.StringIO()
    call_command("reset_two_factor", user.username, stdout=out)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    entry = ModelLogEntry.objects.filter(object_id=str(user.pk)).order_by("pk").last()
    assert entry.action == two_factor.RESET and entry.user is None
    # Signing in with the password now leads to the admin (or to enrolment, if required).
    assert password_only(user).get(f"{ADMIN}pages/").status_code == 200


def test_superusers_can_be_required_to_enrol(superuser, people):
    policy = TwoFactorPolicy.load()
    policy.superusers_required = True
    policy.save()
    client = password_only(superuser)
    response = client.get(f"{ADMIN}users/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    # Staff who are not superusers, in no required group, are not concerned.
    assert password_only(people["editor"]).get(f"{ADMIN}pages/").status_code == 200
    enrol(client)
    assert client.get(f"{ADMIN}users/").status_code == 200
