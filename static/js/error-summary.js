/* Where focus starts on a page that answers a form (issue 24):
 * - after a failed submit, on the error summary at the top (templates/includes/error_summary.html),
 *   so keyboard and screen-reader users start from the list of what to correct; each entry links
 *   to its field;
 * - after a successful save, on the message that says so (`[data-announce]`, the status region
 *   of base.html and the portal), so it is read out instead of sitting unnoticed above the page.
 * Loaded by both base templates and again by the summary itself (for an htmx partial).
 * A file of our origin, no eval: the CSP allows nothing else. */
(function () {
  "use strict";
  function focusFirst() {
    var target = document.querySelector("[data-error-summary]") || document.querySelector("[data-announce]");
    if (target && document.activeElement !== target && !target.contains(document.activeElement)) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirst);
  } else {
    focusFirst();
  }
  // A link of the summary moves focus into its field (a fragment link alone only scrolls),
  // with the field's label in view above it.
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = field.closest("fieldset, .field") || field;
    label.scrollIntoView();
    field.focus({ preventScroll: true });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var summary = event.target && event.target.querySelector && event.target.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
