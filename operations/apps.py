from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running a site: backup and restore (manage.py backup, manage.py restore), health checks
    (/healthz, /readyz, the status panel for administrators), request and task logs, and the
    anonymous page cache."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from . import page_cache, request_log

        request_log.connect_task_log()
        page_cache.connect()
