/* Wide formulas and tables scroll sideways inside their own block (course.css).  When
 * one does, it becomes reachable with the keyboard (tabindex="0"), so that a reader
 * without a mouse can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable).
 * A ResizeObserver checks each block when it is laid out, which sections below the first
 * screen are only when they come near it (content-visibility: auto). */
(function () {
  "use strict";
  var SELECTOR = "div.math, .ic-table-box";
  function check(el) {
    if (el.scrollWidth > el.clientWidth + 1) {
      if (!el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-ic-scrolls", "");
      }
    } else if (el.hasAttribute("data-ic-scrolls")) {
      el.removeAttribute("tabindex");
      el.removeAttribute("data-ic-scrolls");
    }
  }
  function start() {
    if (!window.ResizeObserver) return;
    var ro = new ResizeObserver(function (entries) {
      entries.forEach(function (e) { check(e.target); });
    });
    function watch(root) {
      if (root.matches && root.matches(SELECTOR)) ro.observe(root);
      if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(function (el) { ro.observe(el); });
    }
    watch(document);
    new MutationObserver(function (records) {
      records.forEach(function (r) { r.addedNodes.forEach(watch); });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
