"""The subscriptions report in the Wagtail admin: counts for administrators, addresses only
for people who hold the permission to see them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

COUNTS_PERMISSION = "interop.view_subscription"
ADDRESSES_PERMISSION = "interop.view_subscriber_addresses"


def subscriptions_report(request):
    from protocols_library.models import ProtocolWorkPage

    if not request.user.has_perm(COUNTS_PERMISSION):
        raise PermissionDenied
    from .models import Subscription

    counts = (
        Subscription.objects.values("work_id")
        .annotate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            pending=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by()
    )
    by_work = {row["work_id"]: row for row in counts}
    works = ProtocolWorkPage.objects.filter(pk__in=by_work).order_by("title")
    rows = [
        {
            "work": work,
            "confirmed": by_work[work.pk]["confirmed"],
            "pending": by_work[work.pk]["pending"],
        }
        for work in works
    ]
    return TemplateResponse(
        request,
        "interop/admin/subscriptions.html",
        {
            "rows": rows,
            "may_see_addresses": request.user.has_perm(ADDRESSES_PERMISSION),
        },
    )


def subscription_addresses(request, work_id):
    from protocols_library.models import ProtocolWorkPage

    if not request.user.has_perm(ADDRESSES_PERMISSION):
        raise PermissionDenied
    from .models import Subscription

    work = get_object_or_404(ProtocolWorkPage, pk=work_id)
    subscriptions = Subscription.objects.filter(work=work).order_by("email")
    return TemplateResponse(
        request,
        "interop/admin/subscription_addresses.html",
        {"work": work, "subscriptions": subscriptions},
    )
