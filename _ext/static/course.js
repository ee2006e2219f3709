/* Wide formulas, tables, code and outputs scroll inside their own block.  When one does,
 * it becomes reachable with the keyboard (tabindex="0"), so that a reader without a mouse
 * can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable).  A ResizeObserver
 * checks each block when it is laid out, which sections below the first screen are only
 * when they come near it (content-visibility: auto).  This replaces the theme's own
 * check (pydata-sphinx-theme.js, switched off by _ext/course_site.py), which read the
 * size of every block of the page at load and after every change: a forced layout of
 * the whole chapter each time. */
(function () {
  "use strict";
  var SELECTOR = "div.math, .ic-table-box, pre, .nboutput > .output_area, .cell_output > .output, " +
    ".jp-RenderedHTMLCommon, .pst-scrollable-table-container";
  // All the reads first, then all the writes: a write between two reads would force a
  // fresh layout for every block (layout thrashing).
  function update(elements) {
    var scrolls = elements.map(function (el) {
      return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    });
    elements.forEach(function (el, i) {
      if (scrolls[i] && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-ic-scrolls", "");
      } else if (!scrolls[i] && el.hasAttribute("data-ic-scrolls")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-ic-scrolls");
      }
    });
  }
  function start() {
    if (!window.ResizeObserver) return;
    var ro = new ResizeObserver(function (entries) {
      update(entries.map(function (e) { return e.target; }));
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
