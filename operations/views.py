"""/healthz and /readyz: for load balancers, orchestrators and monitoring.

Neither is cached, rate-limited or logged as a visit (successful probes are left out of the
request log); both answer GET and HEAD, in JSON.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks


@never_cache
@require_safe
def healthz(request):
    """The process is alive and answers; asks nothing of the database or any other part."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Every part this server depends on, and 503 when a required one is down."""
    report = run_checks()
    response = JsonResponse(report.public(), status=503 if report.down else 200)
    # Logged once, by the request log; Django would add an error line of its own per probe.
    response._has_been_logged = True
    return response
