"""Keeps Wagtail's autosave out of the way of publishing and moderation.

Upstream behaviour (Wagtail 8.0): the page editor's autosave posts `FormData(form)` whenever
the form's data changes. The workflow buttons ("Approve and publish", "Request changes"...)
work by appending hidden inputs (`action-workflow-action`, `workflow-action-name`) to that same
form before submitting it, so the autosave that notices the "change" posts the workflow action
a second time, as JSON, while the real submit is still being processed. The two requests then
race: the loser saves its stale copy of the page (`live=False` for a new page, undoing the
publication) and fails with `'NoneType' object has no attribute 'on_action'`, or records the
action twice. The same holds for any autosave still in flight when an editor publishes.

Until Wagtail stops autosave from carrying workflow inputs, Quipu:
- refuses, on the server, any autosave that carries an action input, and any autosave of a
  page in moderation (a moderator's decision must act on what was submitted, with nothing
  saved beside it);
- in the browser (editorial/js/autosave-guard.js), switches autosave off as soon as an action
  is chosen and holds the real submit until an autosave already in flight has answered.
Revisit both when upgrading Wagtail: search its changelog for autosave and workflow actions.
"""

from datetime import datetime

from django.http import JsonResponse
from django.utils.translation import gettext as _

# Wagtail's autosave client stops autosaving (and shows the message) on this error code.
STOP_AUTOSAVE_CODE = "invalid_revision"
ACTION_PREFIXES = ("action-", "workflow-action-")


def is_autosave(request):
    """An autosave is a POST to an edit view that asks for JSON rather than a page."""
    return request.method == "POST" and not request.accepts("text/html")


def carries_action(request):
    return any(key.startswith(ACTION_PREFIXES) for key in request.POST)


def refusal(message):
    return JsonResponse(
        {"success": False, "error_code": STOP_AUTOSAVE_CODE, "error_message": message},
        status=400,
    )


def refuse_racing_autosave(request, page):
    """`before_edit_page`: an autosave never performs an action nor touches a page in review."""
    if not is_autosave(request):
        return None
    if carries_action(request):
        return refusal(_("Not autosaved: the page is being submitted."))
    if page.workflow_in_progress:
        return refusal(
            _(
                "Autosave is off while this page is in moderation: use “Save draft” to keep "
                "your changes."
            )
        )
    return None


def refuse_autosave_with_action(request, parent_page, page_class):
    """`before_create_page`: a new page's autosave never performs an action either."""
    if is_autosave(request) and carries_action(request):
        return refusal(_("Not autosaved: the page is being submitted."))
    return None


# History ------------------------------------------------------------------------------------
#
# Each autosave of an editing session overwrites the session's one revision, and Wagtail logs
# every overwrite as another "Draft saved" entry for that revision, under the uuid of the
# session's first autosave. The page's history view shows only the latest of them, but the site
# history report (and its exports) lists them all: a few minutes of typing left dozens of
# "Draft saved" lines pointing at one revision whose earlier contents no longer exist. Quipu
# keeps only the latest entry of each such group, with how many saves it stands for and when the
# first one was made. A "Save draft", submit or publish makes a revision of its own and is never
# merged.

EDIT_ACTION = "wagtail.edit"


def merge_autosave_log_entries(sender, instance, created, raw=False, **kwargs):
    """`post_save` of a log entry: a later save of the same revision replaces the earlier one."""
    if raw or not created or instance.action != EDIT_ACTION:
        return
    if instance.uuid is None or instance.revision_id is None:
        return
    earlier = sender.objects.filter(
        uuid=instance.uuid,
        action=EDIT_ACTION,
        revision_id=instance.revision_id,
        user_id=instance.user_id,
    ).exclude(pk=instance.pk)
    replaced = list(earlier.values_list("timestamp", "data"))
    if not replaced:
        return
    saves = 1 + sum(data.get("autosaves", 1) for _, data in replaced)
    first = min(
        [
            *(timestamp for timestamp, _ in replaced),
            *(
                datetime.fromisoformat(data["first_saved_at"])
                for _, data in replaced
                if "first_saved_at" in data
            ),
        ]
    )
    earlier.delete()
    instance.data = {**instance.data, "autosaves": saves, "first_saved_at": first.isoformat()}
    sender.objects.filter(pk=instance.pk).update(data=instance.data)


def merge_autosave_history():
    from django.db.models.signals import post_save
    from wagtail.models import ModelLogEntry, PageLogEntry

    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(
            merge_autosave_log_entries, sender=model, dispatch_uid=f"quipu-autosave-{model}"
        )
