"""The admin form of a work: its versions are validated together, as one timeline."""

from wagtail.admin.forms import WagtailAdminPageForm

from .models.versions import chronology_errors


class ProtocolWorkPageForm(WagtailAdminPageForm):
    """Adds the checks that need every version at once: labels and periods in force."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._versions_checked = False
        for form in self.version_forms():
            form.instance.siblings_checked_by_form = True

    def version_forms(self):
        formset = self.formsets.get("versions") if hasattr(self, "formsets") else None
        return list(formset.forms) if formset is not None else []

    def kept_version_forms(self):
        """The valid version forms that will be saved: not deleted, not left empty."""
        formset = self.formsets["versions"]
        kept = []
        for form in formset.forms:
            if not form.is_valid():
                continue
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def is_valid(self):
        valid = super().is_valid()
        if self._versions_checked or "versions" not in getattr(self, "formsets", {}):
            return valid and not self._version_problems
        self._versions_checked = True
        forms = self.kept_version_forms()
        form_of = {id(form.instance): form for form in forms}
        problems = chronology_errors([form.instance for form in forms])
        for version, field, message in problems:
            form = form_of[id(version)]
            form.add_error(field if field in form.fields else None, message)
        self._version_problems = bool(problems)
        return valid and not problems

    _version_problems = False
