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
        for field, messages in self.instance.approval_errors().items():
            for message in messages:
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
                elif field not in self.fields:
                    self.add_error(None, message)
