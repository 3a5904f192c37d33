from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running a site: backup and restore (manage.py backup, manage.py restore)."""

    name = "operations"
    verbose_name = _("Operations")
