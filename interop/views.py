"""Public views for machines and readers: OAI-PMH, Atom feeds and citation downloads."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config.ratelimit import check as rate_limit_check
from config.ratelimit import rate_limited
from core import visibility

from .citation import FORMATS, RENDERERS, citation_for_page, citation_for_version, is_citable
from .dublin_core import Describer, publisher_name
from .feeds import SECTIONS, FeedBuilder, etag_for, render_feed
from .forms import SubscribeForm
from .oai import Repository
from .records import KINDS_BY_SLUG, PAGE_KINDS, Catalogue
from .subscriptions import confirm, request_subscription, unsubscribe

ATOM_TYPE = "application/atom+xml; charset=utf-8"


def admin_emails():
    configured = list(getattr(settings, "OAI_ADMIN_EMAILS", []) or [])
    if configured:
        return configured
    from wagtail.models import Site

    from core.models import ProgrammeSettings

    site = Site.objects.filter(is_default_site=True).first()
    email = ProgrammeSettings.for_site(site).contact_email if site else ""
    return [email or settings.DEFAULT_FROM_EMAIL]


def _fingerprint(catalogue, query):
    """What an answer depends on: the request and the state of every record."""
    records = catalogue.records()
    latest = max((record.datestamp for record in records), default=None)
    digest = hashlib.sha256()
    digest.update(query.encode())
    digest.update(str(len(records)).encode())
    for record in records:
        digest.update(f"{record.key}|{record.datestamp.isoformat()}|{record.deleted};".encode())
    return f'"{digest.hexdigest()[:32]}"', latest


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def oai_pmh(request):
    """OAI-PMH 2.0 over GET or a form POST; every problem is an OAI error, never an HTTP one."""
    refused = rate_limit_check(request, "harvest")
    if refused is not None:
        # OAI-PMH's flow control: harvesters wait for Retry-After and try again (3.1.2.3).
        response = HttpResponse(status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = refused.get("Retry-After", "60")
        return response
    query = request.POST if request.method == "POST" else request.GET
    catalogue = Catalogue()
    etag, latest = _fingerprint(catalogue, query.urlencode())
    if request.method != "POST":
        cached = get_conditional_response(
            request, etag=etag, last_modified=latest.timestamp() if latest else None
        )
        if cached is not None:
            return cached
    base_url = request.build_absolute_uri(reverse("oai"))
    repository = Repository(
        catalogue,
        Describer(request.build_absolute_uri, request, catalogue),
        base_url,
        {"name": publisher_name(), "admin_emails": admin_emails()},
    )
    response = HttpResponse(repository.respond(query), content_type="text/xml; charset=utf-8")
    response["ETag"] = etag
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    # Harvesters may keep an answer, but must ask again whether it is still current.
    patch_cache_control(response, public=True, no_cache=True)
    return response


# Feeds --------------------------------------------------------------------------------------


def _conditional(request, content, latest, content_type):
    """The answer, or 304 when the reader already has this version (ETag or Last-Modified)."""
    etag = etag_for(content)
    last_modified = latest.timestamp() if latest else None
    cached = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if cached is not None:
        return cached
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Cached by readers and proxies for a few minutes, then checked again.
    patch_cache_control(response, public=True, max_age=300)
    return response


def _feed_response(request, title, subtitle, link, entries):
    content, latest = render_feed(request, title, subtitle, link, entries)
    return _conditional(request, content, latest, ATOM_TYPE)


@require_http_methods(["GET", "HEAD"])
@rate_limited("feed")
def feed_all(request):
    builder = FeedBuilder(request)
    return _feed_response(
        request,
        gettext("What's new"),
        gettext("New and updated publications, lessons, events, training and protocols."),
        "/",
        builder.page_entries(PAGE_KINDS),
    )


@require_http_methods(["GET", "HEAD"])
@rate_limited("feed")
def feed_section(request, section):
    if section not in SECTIONS:
        raise Http404
    kind_slug, label = SECTIONS[section]
    builder = FeedBuilder(request)
    kind = KINDS_BY_SLUG[kind_slug]
    entries = builder.page_entries([kind])
    # The section's own page, where one is public: the first parent of its items.
    item = visibility.public_pages(kind.model.objects.all()).order_by("path").first()
    parent = item.get_parent().specific if item is not None else None
    link = parent.url_in(translation.get_language(), request) if parent is not None else "/"
    return _feed_response(request, str(label), str(label), link, entries)


@require_http_methods(["GET", "HEAD"])
@rate_limited("feed")
def feed_work(request, work_id):
    from protocols_library.models import ProtocolWorkPage

    work = visibility.public_pages(ProtocolWorkPage.objects.filter(pk=work_id)).first()
    if work is None:
        raise Http404
    builder = FeedBuilder(request)
    return _feed_response(
        request,
        gettext("Versions of %(title)s") % {"title": work.title},
        gettext("New versions approved and versions entering into force, with what changed."),
        work.route_url("current", request=request),
        builder.work_entries(work),
    )


# Citations ----------------------------------------------------------------------------------


def _citation_response(request, citation, file_format, changed_at):
    if file_format not in FORMATS:
        raise Http404
    content_type, extension = FORMATS[file_format]
    content = RENDERERS[file_format](citation).encode("utf-8")
    response = _conditional(request, content, changed_at, content_type)
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{extension}"'
    return response


@require_http_methods(["GET", "HEAD"])
@rate_limited("feed")
def cite_page(request, page_id, file_format):
    from wagtail.models import Page

    page = visibility.public_pages(Page.objects.filter(pk=page_id)).specific().first()
    if page is None or not is_citable(page):
        raise Http404
    citation = citation_for_page(page, request)
    return _citation_response(request, citation, file_format, page.last_published_at)


@require_http_methods(["GET", "HEAD"])
@rate_limited("feed")
def cite_version(request, version_id, file_format):
    from protocols_library.models import ProtocolVersion

    version = (
        ProtocolVersion.objects.select_related("page", "approving_body")
        .filter(pk=version_id)
        .first()
    )
    if not visibility.is_public_version(version):
        raise Http404
    citation = citation_for_version(version, request)
    return _citation_response(request, citation, file_format, version.page.last_published_at)


# Subscriptions --------------------------------------------------------------------------------


def _public_work(work_id):
    from protocols_library.models import ProtocolWorkPage

    work = visibility.public_pages(ProtocolWorkPage.objects.filter(pk=work_id)).first()
    if work is None:
        raise Http404
    return work


def _never_cached(response):
    add_never_cache_headers(response)
    return response


# Any site may post this form, like any person may type an address: nothing happens until the
# owner of the address follows the link sent to it (double opt-in), and the view is limited.
@csrf_exempt
@require_http_methods(["POST"])
@rate_limited("subscribe")
def subscribe(request, work_id):
    work = _public_work(work_id)
    form = SubscribeForm(request.POST)
    context = {"work": work, "work_url": work.url_in(translation.get_language(), request)}
    if not form.is_valid():
        context["form"] = form
        return _never_cached(render(request, "interop/subscription_form.html", context, status=400))
    request_subscription(work, form.cleaned_data["email"], translation.get_language())
    return _never_cached(render(request, "interop/subscription_requested.html", context))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm_subscription(request, token):
    """GET asks for one click (mail scanners follow links); POST confirms."""
    from .models import Subscription

    subscription = Subscription.objects.filter(token=token).select_related("work").first()
    if subscription is None:
        return _never_cached(render(request, "interop/subscription_unknown.html", status=404))
    work = subscription.work
    context = {"work": work, "work_url": work.url_in(translation.get_language(), request)}
    if request.method == "POST":
        confirm(token)
        return _never_cached(render(request, "interop/subscription_confirmed.html", context))
    context["action"] = request.path
    return _never_cached(render(request, "interop/subscription_confirm.html", context))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """GET shows one button; POST (that button, or a mail program's one-click) removes it."""
    from .models import Subscription

    subscription = Subscription.objects.filter(token=token).select_related("work").first()
    if request.method == "POST":
        work = unsubscribe(token)
        if work is None:
            return _never_cached(render(request, "interop/subscription_unknown.html", status=404))
        context = {"work": work, "work_url": work.url_in(translation.get_language(), request)}
        return _never_cached(render(request, "interop/unsubscribed.html", context))
    if subscription is None:
        return _never_cached(render(request, "interop/subscription_unknown.html", status=404))
    work = subscription.work
    context = {
        "work": work,
        "work_url": work.url_in(translation.get_language(), request),
        "action": request.path,
    }
    return _never_cached(render(request, "interop/unsubscribe.html", context))
