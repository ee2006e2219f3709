// Used by test_math.py: opens every folded block, then measures every formula.
// OPEN_EVERYTHING
() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('button.toggle-button').forEach(b => {
    if (b.getAttribute('aria-expanded') !== 'true') b.click();
  });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  // Sections below the screen are laid out lazily (content-visibility: auto): lay them
  // all out now, as they are when a reader scrolls to them.
  const s = document.createElement('style');
  s.textContent = 'section { content-visibility: visible !important; }';
  document.head.appendChild(s);
}
// MEASURE
() => {
  const TOL = 1;
  const out = [];
  const union = (a, r) => !a ? {l: r.left, r: r.right, t: r.top, b: r.bottom}
      : {l: Math.min(a.l, r.left), r: Math.max(a.r, r.right), t: Math.min(a.t, r.top), b: Math.max(a.b, r.bottom)};
  function drawn(html) {            // the ink of the formula: its glyphs and its lines
    let box = null;
    const walker = document.createTreeWalker(html, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    while (walker.nextNode()) {
      const t = walker.currentNode;
      if (!t.textContent.trim()) continue;
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) box = union(box, r);
    }
    html.querySelectorAll('svg, .frac-line, .rule, .overline-line, .underline-line, .hline').forEach(e => {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) box = union(box, r);
    });
    return box;
  }
  const tex = k => { const a = k.querySelector('annotation'); return a ? a.textContent.trim() : k.textContent.slice(0, 60); };
  document.querySelectorAll('.katex').forEach(k => {
    const html = k.querySelector('.katex-html');
    if (!html) { out.push({tex: tex(k), why: 'no drawn formula'}); return; }
    if (k.closest('.katex-error, .katex .katex-error') || html.querySelector('.katex-error')) {
      out.push({tex: tex(k), why: 'KaTeX error'}); return;
    }
    let box = drawn(html);
    if (!box) {
      if (k.getClientRects().length === 0) return;   // not displayed at all (e.g. a hidden tab)
      out.push({tex: tex(k), why: 'nothing drawn'}); return;
    }
    const drawer = k.closest('.bd-sidebar-primary, .bd-sidebar-secondary');
    if (drawer) {   // a closed drawer (phone layout) is off the screen on purpose
      const d = drawer.getBoundingClientRect();
      if (d.right <= 0 || d.left >= document.documentElement.clientWidth) return;
    }
    const display = !!k.closest('.katex-display');
    if (!display) {       // an inline formula fits its line's block
      let block = k.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      if (block) {
        const r = block.getBoundingClientRect();
        const cs = getComputedStyle(block);
        const right = r.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
        if (box.r > right + TOL && !['auto', 'scroll'].includes(cs.overflowX)) {
          out.push({tex: tex(k), why: `inline formula overflows its block by ${(box.r - right).toFixed(1)} px`});
          return;
        }
      }
    }
    for (let el = k.parentElement; el && el !== document.documentElement; el = el.parentElement) {
      const cs = getComputedStyle(el);
      if (cs.display.startsWith('inline') && cs.display !== 'inline-block') continue;  // overflow does not apply
      const r = el.getBoundingClientRect();
      const inner = {l: r.left + el.clientLeft, t: r.top + el.clientTop,
                     r: r.left + el.clientLeft + el.clientWidth, b: r.top + el.clientTop + el.clientHeight};
      for (const [axis, lo, hi] of [['X', 'l', 'r'], ['Y', 't', 'b']]) {
        const ov = cs['overflow' + axis];
        if (ov === 'hidden' || ov === 'clip') {
          if (box[lo] < inner[lo] - TOL || box[hi] > inner[hi] + TOL) {
            out.push({tex: tex(k), why: `cut by <${el.tagName.toLowerCase()} class="${el.className}"> (overflow-${axis.toLowerCase()}: ${ov}): ` +
              `drawn ${box[lo].toFixed(1)}..${box[hi].toFixed(1)}, visible ${inner[lo].toFixed(1)}..${inner[hi].toFixed(1)}`});
            return;
          }
        } else if (ov === 'auto' || ov === 'scroll') {
          // A scrolling block reaches what lies after its start edge, never what lies before
          // it (a centred or row-reverse flex item wider than the block overflows there).
          const start = inner[lo] - (axis === 'X' ? el.scrollLeft : el.scrollTop);
          if (box[lo] < start - TOL) {
            out.push({tex: tex(k), why: `starts ${(start - box[lo]).toFixed(1)} px before the start of ` +
              `<${el.tagName.toLowerCase()} class="${el.className}"> (overflow-${axis.toLowerCase()}: ${ov}), out of scrolling reach`});
            return;
          }
          box = Object.assign({}, box, {[lo]: Math.max(box[lo], inner[lo]), [hi]: Math.min(box[hi], inner[hi])});
        }
      }
    }
    const vw = document.documentElement.clientWidth;
    if (box.l < -TOL || box.r > vw + TOL) {
      const where = [];
      for (let el = k.parentElement; el && where.length < 6; el = el.parentElement) where.push(el.tagName.toLowerCase() + '.' + el.className);
      out.push({tex: tex(k), why: `outside the screen: ${box.l.toFixed(1)}..${box.r.toFixed(1)} of ${vw}, in ${where.join(' < ')}`});
    }
  });
  return {count: document.querySelectorAll('.katex').length, problems: out};
}
