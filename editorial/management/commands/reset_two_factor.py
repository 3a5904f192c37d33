"""Removes a person's authenticator app and backup codes when no superuser can do it in the admin."""

import django_otp
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial import two_factor


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and backup codes of USERNAME (a lost phone and no backup "
        "codes left): they sign in with the password and enrol again. Recorded in the audit log. "
        "In the admin, superusers do the same from Settings → Sign-in security."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        person = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if person is None:
            raise CommandError(f"There is no user named {username!r}.")
        if not django_otp.user_has_device(person, confirmed=None):
            self.stdout.write(f"{username} has no two-factor sign-in; nothing to do.")
            return
        two_factor.remove_second_factor(person)
        two_factor.audit(person, two_factor.RESET, actor=None, by="manage.py reset_two_factor")
        self.stdout.write(f"Two-factor sign-in removed for {username}; they enrol again.")
