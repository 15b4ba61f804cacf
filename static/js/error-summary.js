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
  // A table wider than the screen scrolls inside its .table-scroll box; a box that does
  // scroll becomes a named Tab stop so it can be scrolled by keyboard too (WCAG 2.1.1).
  function scrollRegions() {
    var boxes = document.querySelectorAll(".table-scroll");
    var used = {};
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        // its name: the table's caption, else its section's name or heading, else the page title;
        // a number keeps two names apart; a group, not a landmark, inside named sections
        var caption = box.querySelector("caption");
        var named = box.parentElement && box.parentElement.closest("[aria-label]");
        var section = box.closest("section, .card, main");
        var heading = section && section.querySelector("h1, h2, h3");
        var name = ((caption && caption.textContent) || (named && named.getAttribute("aria-label")) ||
                    (heading && heading.textContent) || document.title).trim();
        used[name] = (used[name] || 0) + 1;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", used[name] > 1 ? name + " (" + used[name] + ")" : name);
      } else if (!scrolls && box.getAttribute("role") === "group") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  function onLoad() {
    focusFirst();
    scrollRegions();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
  window.addEventListener("resize", scrollRegions);
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
    scrollRegions();
    var summary = event.target && event.target.querySelector && event.target.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
