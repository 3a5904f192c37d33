// The scheduling dialog's date pickers ("Go-live date", "Expiry date") close once a day is
// picked, so they no longer hide the dialog's "Save schedule" button.
//
// Wagtail 8 opens the picker under the field, inside the dialog: at laptop sizes it then covers
// the expiry field and the save button, and it stayed open after a day was picked (it closed
// only on a time or a click elsewhere), so the button could not be reached. Wagtail's own date
// chooser asks for `closeOnDateSelect` only in a branch that 8.0 no longer takes (it tests for
// `window.dateTimePickerTranslations`, which nothing defines). The mouse wheel over the field no
// longer changes the date either (`scrollInput`), as that branch intended.
//
// The dialog's fields are created when the dialog is moved into the edit form, after this
// script runs, so the options are set on each field just before its picker first opens.
// Revisit when upgrading Wagtail: see `initDateTimeChooser` in
// wagtailadmin/js/date-time-chooser.js.
(() => {
  const FIELDS = [
    "#schedule-publishing-dialog input[name=go_live_at]",
    "#schedule-publishing-dialog input[name=expire_at]",
  ].join(", ");
  const OPTIONS = { closeOnDateSelect: true, scrollInput: false };
  const configured = new WeakSet();

  const configure = (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || configured.has(input)) return;
    if (!input.matches(FIELDS)) return;
    const jQuery = window.jQuery;
    if (!jQuery?.fn?.datetimepicker) return;
    jQuery(input).datetimepicker("setOptions", OPTIONS);
    configured.add(input);
  };

  // Capture: before the picker's own handlers open it.
  for (const type of ["mousedown", "touchstart", "focusin"]) {
    document.addEventListener(type, configure, { capture: true });
  }
})();
