/* After a failed submit, move focus to the error summary at the top of the page
 * (templates/includes/error_summary.html), so keyboard and screen-reader users start
 * from the list of what to correct; each entry links to its field. */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
