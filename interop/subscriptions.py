"""E-mail subscriptions to a protocol or instrument: double opt-in, notices, one-click leaving.

- `request_subscription` records an unconfirmed address and sends it a confirmation link;
  asking again sends a new link and reveals nothing about whether the address was subscribed.
- A subscriber is told once per version when it is approved (made public), and once when it
  enters into force, in the language they subscribed in. Each message has a one-click
  unsubscribe link and the List-Unsubscribe headers mail programs show as a button.
- Messages are sent by background tasks (the worker) through Django's e-mail backend.
- Leaving deletes the address.
"""

import logging
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_tasks import task

from core import languages, visibility

logger = logging.getLogger("quipu.interop")


def site_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def link(name, token, language):
    with translation.override(language):
        return site_url(reverse(f"interop:{name}", kwargs={"token": token}))


def new_token():
    return secrets.token_urlsafe(32)


def request_subscription(work, email, language):
    """Records (or renews) an unconfirmed subscription and queues its confirmation message."""
    from .models import Subscription

    email = email.strip()
    existing = Subscription.objects.filter(work=work, email__iexact=email).first()
    if existing is not None and existing.is_confirmed:
        # Already subscribed: nothing to confirm, and the answer must not tell anyone so.
        return existing
    try:
        with transaction.atomic():
            if existing is None:
                existing = Subscription.objects.create(
                    work=work, email=email, language=language, token=new_token()
                )
            else:
                existing.language = language
                existing.token = new_token()
                existing.save(update_fields=["language", "token"])
    except IntegrityError:
        return Subscription.objects.filter(work=work, email__iexact=email).first()
    subscription_id = existing.pk
    transaction.on_commit(lambda: send_confirmation.enqueue(subscription_id))
    return existing


def confirm(token):
    from .models import Subscription

    subscription = Subscription.objects.filter(token=token).select_related("work").first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(token):
    """Deletes the subscription; returns the work it was for, or None for an unknown token."""
    from .models import Subscription

    subscription = Subscription.objects.filter(token=token).select_related("work").first()
    if subscription is None:
        return None
    work = subscription.work
    subscription.delete()
    return work


# Messages ---------------------------------------------------------------------------------


def _message(subscription, subject, template, context):
    language = subscription.language
    unsubscribe_url = link("unsubscribe", subscription.token, language)
    with translation.override(language):
        body = render_to_string(
            template,
            {
                **context,
                "work_title": subscription.work.title,
                "work_url": site_url(subscription.work.url_in(language)),
                "unsubscribe_url": unsubscribe_url,
            },
        )
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
        },
    )
    return message


@task()
def send_confirmation(subscription_id):
    from .models import Subscription

    subscription = (
        Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True)
        .select_related("work")
        .first()
    )
    if subscription is None:
        return
    with translation.override(subscription.language):
        subject = gettext("Confirm your subscription to %(title)s") % {
            "title": subscription.work.title
        }
        message = _message(
            subscription,
            subject,
            "interop/email/confirm.txt",
            {"confirm_url": link("confirm", subscription.token, subscription.language)},
        )
    message.send()


def _version_subject(event, version, language):
    from .models import Notice

    with translation.override(language):
        title = version.page.title
        if event == Notice.Event.IN_FORCE:
            return gettext("%(title)s: version %(label)s is now in force") % {
                "title": title,
                "label": version.label,
            }
        return gettext("%(title)s: new version %(label)s approved") % {
            "title": title,
            "label": version.label,
        }


@task()
def send_version_notices(version_id, event):
    """One message to each confirmed subscriber of the version's work who has not had it."""
    from protocols_library.models import ProtocolVersion

    from .models import Notice, Subscription

    version = ProtocolVersion.objects.select_related("page").filter(pk=version_id).first()
    if version is None or not visibility.is_public_version(version):
        return 0
    in_force_now = version.effective_date <= timezone.localdate()
    sent = 0
    subscriptions = Subscription.objects.filter(
        work_id=version.page_id, confirmed_at__isnull=False
    ).select_related("work")
    for subscription in subscriptions:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Notice.objects.create(subscription=subscription, version=version, event=event)
            except IntegrityError:
                continue
            if event == Notice.Event.APPROVED and in_force_now:
                # Approved already in force: this message says so, and no second one follows.
                Notice.objects.get_or_create(
                    subscription=subscription, version=version, event=Notice.Event.IN_FORCE
                )
            language = subscription.language
            with translation.override(language):
                message = _message(
                    subscription,
                    _version_subject(event, version, language),
                    "interop/email/version.txt",
                    {
                        "event": event,
                        "label": version.label,
                        "approving_instrument": version.approving_instrument,
                        "effective_date": date_format(version.effective_date, "DATE_FORMAT"),
                        "in_force_now": in_force_now,
                        "change_summary": languages.in_language(version, "change_summary", language)
                        or languages.in_language(version, "change_summary", languages.source())
                        or "",
                        "version_url": site_url(version.page.version_url(version, language)),
                    },
                )
            # Sent inside the transaction: if sending fails, the notice is not recorded and the
            # next run tries again.
            message.send()
            sent += 1
    return sent


def announce(version_ids, event):
    """Queues notices for these versions after the current transaction commits."""
    version_ids = list(version_ids)
    if not version_ids:
        return

    def enqueue():
        for version_id in version_ids:
            try:
                send_version_notices.enqueue(version_id, event)
            except Exception:
                logger.exception("Could not queue notices for version %s", version_id)

    transaction.on_commit(enqueue)
