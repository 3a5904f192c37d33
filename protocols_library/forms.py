"""The admin form of a version: a draft may be incomplete, an approval may not."""

from wagtail.admin.forms import WagtailAdminModelForm


class ProtocolVersionForm(WagtailAdminModelForm):
    """Checks the approval rules when the version is published or submitted for moderation.

    Saving a draft defers them (Wagtail's deferred validation), so an editor can save a
    version before its instrument, dates or files exist; "Publish", "Submit" and a
    moderator's "Approve" check them all.
    """

    def _post_clean(self):
        super()._post_clean()
        if self.is_deferred_validation:
            return
        documents = self.documents_to_save()
        for field, messages in self.instance.approval_errors(documents).items():
            for message in messages:
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
                elif field not in self.fields:
                    self.add_error(None, message)

    def documents_to_save(self):
        """The version's files as this form will save them, or None to read its own rows."""
        formset = getattr(self, "formsets", {}).get("files")
        if formset is None:
            return None
        formset.is_valid()
        return [
            form.cleaned_data["document"]
            for form in formset.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("document")
            and not form.cleaned_data.get("DELETE")
        ]
