// Keeps Wagtail 8's autosave from racing the editor's real submit (see editorial/autosave.py).
//
// Wagtail's workflow buttons append hidden inputs to the edit form before submitting it, and
// its autosave posts the whole form whenever the form's data changes: the workflow action was
// then sent twice. Here autosave stops as soon as an action is chosen, and a submit waits for
// an autosave already in flight to answer, so the server sees one request at a time.
(() => {
  const ACTION_INPUTS = ["action-workflow-action", "workflow-action-name"];

  const autosaveOf = (form) =>
    window.wagtail?.app?.getControllerForElementAndIdentifier(form, "w-autosave") || null;

  const stopAutosave = (form) => {
    form.setAttribute("data-w-autosave-active-value", "false");
  };

  const guard = (form) => {
    // The workflow buttons add their inputs just before submitting, with or without a dialog.
    new MutationObserver((mutations) => {
      const added = mutations.flatMap((mutation) => [...mutation.addedNodes]);
      if (added.some((node) => ACTION_INPUTS.includes(node.name))) stopAutosave(form);
    }).observe(form, { childList: true });

    form.addEventListener(
      "click",
      (event) => {
        const button = event.target.closest("button");
        if (!button || button.form !== form || button.type !== "submit") return;
        stopAutosave(form);
        const pending = autosaveOf(form)?.submitPromise;
        if (!pending) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        pending.finally(() => button.click());
      },
      { capture: true },
    );
  };

  const start = () => document.querySelectorAll("form[data-edit-form]").forEach(guard);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
