/* In-page explorers of the course website: plain JavaScript and SVG, no kernel.
 *
 * Each <div class="ic-explorer" data-ic-explorer='{"kind": ..., "config": ...}'>
 * (written by _ext/course_explorers.py from the notebook's call) becomes the explorer
 * of its kind, with the controls, presets and numbers of the ipywidgets version in
 * src/infocourse/widgets.py:
 *   entropy      ch1  binary_entropy_explorer(p)
 *   binary       ch2  binary_cross_explorer(p, q)
 *   categorical  ch3  categorical_explorer(example)
 *   trainer      ch5  equivalence_trainer(example, objective, lr, steps)
 * The arithmetic below follows the package's own code path for small inputs, term by
 * term (see infocourse/entropy.py, cross_entropy.py, _core.py kl_term, optim.py), and
 * tests/website/test_explorers.py checks every displayed number against infocourse in a
 * real browser.  Numbers: 4 decimals, nats by default, bits on request.
 * The configuration is kept in the page address (?P=0.2&Q=0.3 ...), with capitals:
 * Sphinx's search reads a lowercase ?q=.
 */
(function () {
  "use strict";

  // ------------------------------------------------------------------- words

  /* The page's language is <html lang>.  On Chinese pages, window.infocourseStrings
   * (explorers-zh_CN.js, written by the Chinese build from the code-literal catalogue
   * locale/zh_CN/LC_MESSAGES/infocourse.po) maps each English message to Chinese;
   * `make gettext` extracts every tr("...") below into that catalogue. */
  var ZH = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  var STRINGS = ZH ? (window.infocourseStrings || {}) : {};
  var SEP = ZH ? "" : " ";          // between two sentences
  var COMMA = ZH ? "\u3001" : ", ";  // between the items of a list
  var SEMI = ZH ? "\uff1b" : "; ";   // between the parts of a text alternative

  /** tr("P has {n} weights", {n: 3}): the message in the page's language, with values. */
  function tr(message, values) {
    var text = Object.prototype.hasOwnProperty.call(STRINGS, message) ? STRINGS[message] : message;
    return text.replace(/\{(\w+)\}/g, function (m, k) {
      return values && Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function unitWord(u) { return u === "bits" ? tr("bits") : tr("nats"); }

  // ------------------------------------------------------------------ numbers

  var LN2 = Math.log(2);

  function toUnit(nats, unit) {
    return unit === "bits" ? nats / LN2 : nats;
  }

  /** infocourse._core.finish_scalar: rounding noise below 0 (and -0) is 0. */
  function finish(v, unit) {
    if (!(v > 0)) v = 0;
    return toUnit(v, unit) + 0;
  }

  /** H(P) = -sum P log P, with 0 log 0 = 0 (infocourse.entropy). */
  function entropy(p, unit) {
    var h = 0;
    for (var i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
    return finish(h, unit);
  }

  /** H(P, Q) = -sum P log Q; +inf where Q = 0 < P (infocourse.cross_entropy). */
  function crossEntropy(p, q, unit) {
    var h = 0;
    for (var i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        if (q[i] === 0) return Infinity;
        h -= p[i] * Math.log(q[i]);
      }
    }
    return finish(h, unit);
  }

  /** One term P log(P/Q), accurate when Q is close to P (infocourse._core.kl_term). */
  function klTerm(p, q) {
    if (p === 0) return 0;
    if (q === 0) return Infinity;
    var d = p - q;
    if (Math.abs(d) <= 0.5 * q) return p * Math.log1p(d / q);
    return p * (Math.log(p) - Math.log(q));
  }

  /** D_KL(P‖Q) = sum P log(P/Q) (infocourse.kl_divergence). */
  function kl(p, q, unit) {
    var s = 0;
    for (var i = 0; i < p.length; i++) s += klTerm(p[i], q[i]);
    return finish(s, unit);
  }

  /** The terms of D_KL(P‖Q), outcome by outcome (infocourse.kl_terms). */
  function klTerms(p, q, unit) {
    return p.map(function (pi, i) { return toUnit(klTerm(pi, q[i]), unit) + 0; });
  }

  /** The terms -P log Q of H(P, Q) (infocourse.widgets.categorical_view). */
  function crossEntropyTerms(p, q, unit) {
    return p.map(function (pi, i) {
      if (!(pi > 0)) return 0;
      return toUnit(q[i] > 0 ? -pi * Math.log(q[i]) : Infinity, unit) + 0;
    });
  }

  /** s(x) = -log P(x); +inf for an impossible outcome (infocourse.surprise). */
  function surprise(prob, unit) {
    if (prob === 0) return Infinity;
    return toUnit(-Math.log(prob), unit) + 0;
  }

  function binaryEntropy(p, unit) {
    return entropy([p, 1 - p], unit);
  }

  function sum(xs) {
    var s = 0;
    for (var i = 0; i < xs.length; i++) s += xs[i];
    return s;
  }

  /** Weights to probabilities (infocourse.normalize). */
  function normalize(w) {
    var total = sum(w);
    return w.map(function (x) { return x / total; });
  }

  function softmax(z) {
    var m = Math.max.apply(null, z);
    var e = z.map(function (v) { return Math.exp(v - m); });
    var s = sum(e);
    return e.map(function (v) { return v / s; });
  }

  /** Gradient descent on the logits of Q towards P (infocourse.gradient_descent). */
  function gradientDescent(p, q0, objective, lr, steps) {
    var z = q0.map(function (v) { return Math.log(v); });
    var path = [z];
    for (var t = 0; t < steps; t++) {
      var q = softmax(z);
      var g;
      if (objective === "cross_entropy") {
        g = q.map(function (qi, i) { return qi - p[i]; });
      } else {
        var d = p.map(function (pi, i) { return pi > 0 ? -pi / q[i] : 0; });
        var qd = 0;
        for (var i = 0; i < q.length; i++) qd += q[i] * d[i];
        g = q.map(function (qi, j) { return qi * (d[j] - qd); });
      }
      z = z.map(function (v, i) { return v - lr * g[i]; });
      path.push(z);
    }
    var qs = path.map(softmax);
    return {
      q: qs,
      ce: qs.map(function (q) { return crossEntropy(p, q); }),
      kl: qs.map(function (q) { return kl(p, q); }),
    };
  }

  /** A number as Python prints it with f"{x:.{digits}f}" (round half to even on the
   *  exact binary value, "-" kept for negative values that round to zero), or "+∞". */
  function fmt(x, digits) {
    if (digits === undefined) digits = 4;
    if (x === Infinity) return "+∞";
    if (x === -Infinity) return "-∞";
    if (typeof x !== "number" || x !== x) return "?";
    var negative = x < 0 || Object.is(x, -0);
    var exact = Math.abs(x).toFixed(100); // the exact decimal expansion of the double
    var point = exact.indexOf(".");
    var whole = exact.slice(0, point);
    var frac = exact.slice(point + 1);
    var kept = frac.slice(0, digits);
    var rest = frac.slice(digits);
    var up = false;
    if (rest[0] > "5") up = true;
    else if (rest[0] === "5") {
      up = /[1-9]/.test(rest.slice(1)) ||
        (parseInt((whole + kept).slice(-1), 10) % 2 === 1); // a tie: to even
    }
    var n = BigInt(whole + kept);
    if (up) n += 1n;
    var s = n.toString();
    if (digits > 0) {
      s = s.padStart(digits + 1, "0");
      s = s.slice(0, s.length - digits) + "." + s.slice(s.length - digits);
    }
    return (negative ? "-" : "") + s;
  }

  // ----------------------------------------------------------------- parsing

  /** A typed number: {value} or {error} (a sentence naming the field). */
  function parseNumber(text, name) {
    var t = String(text).trim().replace(/\u2212/g, "-");
    if (t === "") return { error: tr("{name}: the field is empty; type a number.", { name: name }) };
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
      return { error: tr("{name}: “{text}” is not a number.", { name: name, text: text.trim() }) };
    }
    var v = Number(t);
    if (!isFinite(v)) return { error: tr("{name}: {value} is too large.", { name: name, value: t }) };
    return { value: v };
  }

  /** A probability on the 0.01 grid of the sliders, between lo and hi. */
  function parseProbability(text, name, lo, hi) {
    var r = parseNumber(text, name);
    if (r.error) return r;
    if (r.value < lo || r.value > hi) {
      return { error: tr("{name} must be between {lo} and {hi}, got {value}.",
        { name: name, lo: lo.toFixed(2), hi: hi.toFixed(2), value: r.value }) };
    }
    var snapped = Math.round(r.value * 100) / 100;
    var note = Math.abs(snapped - r.value) > 1e-12 ?
      tr("{name} is set in steps of 0.01: {value} was rounded to {rounded}.",
        { name: name, value: r.value, rounded: snapped.toFixed(2) }) : "";
    return { value: snapped, note: note };
  }

  function parseWeight(text, name) {
    var r = parseNumber(text, name);
    if (r.error) return r;
    if (r.value < 0) return { error: tr("{name}: a weight cannot be negative (got {value}).", { name: name, value: r.value }) };
    return { value: r.value + 0 };
  }

  // --------------------------------------------------------------- the address

  function readParams() {
    try { return new URLSearchParams(window.location.search); } catch (e) { return new URLSearchParams(""); }
  }

  /** Write our keys into the address (other keys, e.g. Sphinx's ?highlight=, stay). */
  function writeParams(values) {
    var params = readParams();
    Object.keys(values).forEach(function (k) {
      if (values[k] === null || values[k] === undefined) params.delete(k);
      else params.set(k, values[k]);
    });
    var query = params.toString().replace(/%2C/gi, ",");
    try {
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    } catch (e) { /* some file:// setups refuse; the explorer works all the same */ }
  }

  function cleanNumber(x) {
    return String(+x.toPrecision(12));
  }

  // --------------------------------------------------------------------- DOM

  var uid = 0;
  function nextId(prefix) { uid += 1; return "ic-" + prefix + "-" + uid; }

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === "text") el.textContent = attrs[k];
      else if (k === "html") el.innerHTML = attrs[k];
      else el.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  var SVGNS = "http://www.w3.org/2000/svg";
  function s(tag, attrs, text) {
    var el = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  var COLORS = { blue: "#0072B2", orange: "#E69F00", vermillion: "#D55E00", green: "#009E73",
    black: "currentColor", sky: "#56B4E9" };

  /** A value shown in the page: <span data-ic-key=...>0.5004</span>. */
  function valueSpan(key) {
    return h("span", { class: "ic-value", "data-ic-key": key });
  }

  function setValue(root, key, text) {
    var el = root.querySelector('[data-ic-key="' + key + '"]');
    if (el) el.textContent = text;
  }

  /** A labelled row of the results: "H(P, Q) = <value> nats". */
  function resultRow(labelHtml, key, withUnit) {
    return h("div", { class: "ic-result" }, [
      h("span", { class: "ic-result-label", html: labelHtml + " = " }),
      valueSpan(key),
      withUnit === false ? null : h("span", { class: "ic-unit", "data-ic-unit": "" }),
    ]);
  }

  var NAMES = {
    HP: "H(P)", HQ: "H(Q)", HPQ: "H(P, Q)",
    KLPQ: "D<sub>KL</sub>(P\u2016Q)", KLQP: "D<sub>KL</sub>(Q\u2016P)", Hb: "H<sub>b</sub>(p)",
  };

  function unitControl(explorer) {
    var name = nextId("units");
    var fs = h("fieldset", { class: "ic-units" }, [h("legend", { text: tr("Units") })]);
    ["nats", "bits"].forEach(function (u) {
      var id = name + "-" + u;
      fs.appendChild(h("span", { class: "ic-radio" }, [
        h("input", { type: "radio", name: name, id: id, value: u, checked: u === explorer.unit }),
        h("label", { for: id, text: u === "nats" ? tr("nats (natural log)") : tr("bits (log base 2)") }),
      ]));
    });
    fs.addEventListener("change", function (ev) {
      explorer.unit = ev.target.value === "bits" ? "bits" : "nats";
      explorer.changed();
    });
    return fs;
  }

  /** A slider with a typed field next to it, both labelled by one visible label. */
  function sliderControl(opts) {
    var id = nextId("slider");
    var labelId = id + "-label";
    var errId = id + "-err";
    var range = h("input", { type: "range", id: id, min: opts.min, max: opts.max, step: opts.step,
      value: opts.value });
    var typed = h("input", { type: "text", inputmode: "decimal", class: "ic-typed", id: id + "-typed",
      "aria-labelledby": labelId + " " + id + "-typed-hint", autocomplete: "off", spellcheck: "false",
      size: 6, value: opts.format(opts.value) });
    var err = h("p", { class: "ic-message", id: errId, "aria-live": "polite" });
    var box = h("div", { class: "ic-control ic-slider" }, [
      h("label", { for: id, id: labelId, html: opts.label }),
      h("div", { class: "ic-slider-row" }, [range, typed,
        h("span", { class: "ic-sr", id: id + "-typed-hint", text: tr("(type a value)") })]),
      err,
    ]);
    function message(text, isError) {
      err.textContent = text || "";
      err.className = "ic-message" + (text ? (isError ? " ic-error" : " ic-note") : "");
      if (isError) { typed.setAttribute("aria-invalid", "true"); typed.setAttribute("aria-describedby", errId); }
      else { typed.removeAttribute("aria-invalid"); if (text) typed.setAttribute("aria-describedby", errId); else typed.removeAttribute("aria-describedby"); }
    }
    range.addEventListener("input", function () {
      var v = Number(range.value);
      typed.value = opts.format(v);
      message("");
      opts.onChange(v);
    });
    typed.addEventListener("input", function () {
      var r = opts.parse(typed.value);
      if (r.error) { message(r.error + SEP + tr("Showing the last valid value."), true); return; }
      range.value = r.value;
      message(r.note || "", false);
      opts.onChange(r.value);
    });
    typed.addEventListener("change", function () {
      var r = opts.parse(typed.value);
      if (!r.error) typed.value = opts.format(r.value);
    });
    return {
      el: box, range: range, typed: typed, message: message,
      set: function (v) { range.value = v; typed.value = opts.format(v); },
    };
  }

  function selectControl(label, options, value, onChange) {
    var id = nextId("select");
    var sel = h("select", { id: id });
    options.forEach(function (o) {
      sel.appendChild(h("option", { value: o[0], text: o[1], selected: o[0] === value }));
    });
    sel.addEventListener("change", function () { onChange(sel.value); });
    return { el: h("div", { class: "ic-control" }, [h("label", { for: id, html: label }), sel]), select: sel };
  }

  // ------------------------------------------------------------------ charts

  var W = 360, H = 230, M = { l: 52, r: 12, t: 12, b: 44 };

  function ticks(lo, hi, n) {
    var span = hi - lo || 1;
    var step = Math.pow(10, Math.floor(Math.log10(span / n)));
    [1, 2, 2.5, 5, 10].some(function (m) { if (span / (step * m) <= n) { step *= m; return true; } return false; });
    var out = [];
    for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * span; v += step) out.push(+v.toFixed(10));
    return out;
  }

  function tickLabel(v) {
    return String(+v.toFixed(6));
  }

  function axes(svg, x, y, xlabel, ylabel, xt, yt) {
    var g = s("g", { class: "ic-axes" });
    yt.forEach(function (v) {
      g.appendChild(s("line", { x1: M.l, x2: W - M.r, y1: y(v), y2: y(v), class: "ic-grid" }));
      g.appendChild(s("text", { x: M.l - 6, y: y(v) + 4, "text-anchor": "end" }, tickLabel(v)));
    });
    (xt || []).forEach(function (v) {
      g.appendChild(s("line", { x1: x(v), x2: x(v), y1: H - M.b, y2: H - M.b + 4, class: "ic-tick" }));
      g.appendChild(s("text", { x: x(v), y: H - M.b + 16, "text-anchor": "middle" }, tickLabel(v)));
    });
    g.appendChild(s("line", { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b, class: "ic-axis" }));
    g.appendChild(s("line", { x1: M.l, x2: M.l, y1: M.t, y2: H - M.b, class: "ic-axis" }));
    g.appendChild(s("text", { x: (M.l + W - M.r) / 2, y: H - 6, "text-anchor": "middle", class: "ic-label" }, xlabel));
    g.appendChild(s("text", { x: 12, y: (M.t + H - M.b) / 2, "text-anchor": "middle", class: "ic-label",
      transform: "rotate(-90 12 " + (M.t + H - M.b) / 2 + ")" }, ylabel));
    svg.appendChild(g);
  }

  function newSvg() {
    return s("svg", { viewBox: "0 0 " + W + " " + H, class: "ic-chart", role: "img", focusable: "false" });
  }

  /** Lines (and markers) on linear axes. */
  function lineChart(o) {
    var svg = newSvg();
    var x = function (v) { return M.l + (v - o.x[0]) / (o.x[1] - o.x[0]) * (W - M.l - M.r); };
    var y = function (v) { return H - M.b - (v - o.y[0]) / (o.y[1] - o.y[0]) * (H - M.t - M.b); };
    axes(svg, x, y, o.xlabel, o.ylabel, o.xticks || ticks(o.x[0], o.x[1], 5), ticks(o.y[0], o.y[1], 4));
    (o.lines || []).forEach(function (l) {
      var d = l.points.map(function (pt, i) { return (i ? "L" : "M") + x(pt[0]).toFixed(2) + " " + y(pt[1]).toFixed(2); }).join("");
      svg.appendChild(s("path", { d: d, fill: "none", stroke: l.color, "stroke-width": l.width || 2,
        "stroke-dasharray": l.dash || "none", class: "ic-line" }));
    });
    (o.markers || []).forEach(function (m) {
      var cx = x(m.x), cy = y(m.y);
      svg.appendChild(m.shape === "square" ?
        s("rect", { x: cx - 5, y: cy - 5, width: 10, height: 10, fill: m.color, class: "ic-marker" }) :
        s("circle", { cx: cx, cy: cy, r: 5.5, fill: m.color, class: "ic-marker" }));
    });
    return svg;
  }

  /** Grouped bars, with an optional note (e.g. "+∞") over some groups. */
  function barChart(o) {
    var svg = newSvg();
    var all = [0];
    o.series.forEach(function (se) { se.values.forEach(function (v) { if (isFinite(v)) all.push(v); }); });
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (o.y) { lo = Math.min(lo, o.y[0]); hi = Math.max(hi, o.y[1]); }
    if (hi - lo < 1e-9) hi = lo + 1;
    var pad = (hi - lo) * 0.08;
    if (lo < 0) lo -= pad;
    hi += o.y ? 0 : pad;
    var y = function (v) { return H - M.b - (v - lo) / (hi - lo) * (H - M.t - M.b); };
    axes(svg, null, y, o.xlabel || "", o.ylabel, [], ticks(lo, hi, 4));
    var n = o.labels.length, k = o.series.length;
    var gw = (W - M.l - M.r) / n, bw = Math.min(28, gw * 0.8 / k);
    o.labels.forEach(function (lab, i) {
      var gx = M.l + gw * (i + 0.5);
      o.series.forEach(function (se, j) {
        var v = se.values[i];
        if (!isFinite(v)) return;
        var bx = gx - bw * k / 2 + bw * j;
        var top = y(Math.max(v, 0)), bottom = y(Math.min(v, 0));
        svg.appendChild(s("rect", { x: bx.toFixed(2), y: top.toFixed(2), width: (bw - 1).toFixed(2),
          height: Math.max(0, bottom - top).toFixed(2), fill: se.color, class: "ic-bar" }));
      });
      var short = lab.length > 9 && n > 4 ? lab.slice(0, 8) + "\u2026" : lab;
      svg.appendChild(s("text", { x: gx, y: H - M.b + 16, "text-anchor": "middle", class: "ic-tick-label" }, short));
      if (o.notes && o.notes[i]) {
        svg.appendChild(s("text", { x: gx, y: y(0) - 8, "text-anchor": "middle", class: "ic-note-text" }, o.notes[i]));
      }
    });
    if (lo < 0) svg.appendChild(s("line", { x1: M.l, x2: W - M.r, y1: y(0), y2: y(0), class: "ic-axis" }));
    return svg;
  }

  function legend(items) {
    return h("ul", { class: "ic-legend" }, items.map(function (it) {
      return h("li", {}, [h("span", { class: "ic-swatch ic-swatch-" + (it.shape || "bar"),
        style: "--ic-c:" + it.color, "aria-hidden": "true" }), h("span", { html: it.label })]);
    }));
  }

  /** A chart slot: <figure> with the SVG (role=img, aria-label = its text alternative). */
  function chartSlot(caption) {
    var fig = h("figure", { class: "ic-figure" });
    var holder = h("div", { class: "ic-svg" });
    var leg = h("div", { class: "ic-legend-holder" });
    fig.appendChild(holder);
    fig.appendChild(leg);
    if (caption) fig.appendChild(h("figcaption", { html: caption }));
    return {
      el: fig,
      draw: function (svg, alt, legendItems) {
        svg.setAttribute("aria-label", alt);
        svg.setAttribute("data-ic-alt", "");
        holder.replaceChildren(svg);
        leg.replaceChildren(legend(legendItems || []));
      },
    };
  }

  function curve(unit) {
    var pts = [];
    for (var i = 0; i <= 200; i++) pts.push([i / 200, binaryEntropy(i / 200, unit)]);
    return pts;
  }

  // --------------------------------------------------------------- explorers

  function Explorer(root, data) {
    this.root = root;
    this.data = data;
    this.params = readParams();
    this.unit = this.params.get("units") === "bits" ? "bits" : "nats";
    this.notices = [];
  }

  Explorer.prototype.frame = function (title, intro) {
    var id = nextId("title");
    this.root.replaceChildren();
    this.root.setAttribute("role", "group");
    this.root.setAttribute("aria-labelledby", id);
    this.root.appendChild(h("p", { class: "ic-title", id: id, html: title }));
    if (intro) this.root.appendChild(h("p", { class: "ic-intro", html: intro }));
    this.notice = h("p", { class: "ic-message", "aria-live": "polite" });
    this.root.appendChild(this.notice);
    this.controls = h("div", { class: "ic-controls" });
    this.root.appendChild(this.controls);
    this.results = h("div", { class: "ic-results", "aria-live": "polite" });
    this.root.appendChild(this.results);
    this.charts = h("div", { class: "ic-charts" });
    this.root.appendChild(this.charts);
  };

  /** A problem with the page address: say it, and use the default. */
  Explorer.prototype.addressProblem = function (text) {
    this.notices.push(text);
  };

  Explorer.prototype.showNotices = function () {
    if (this.notices.length) {
      this.notice.textContent = tr("The page address could not be used: {problems} Showing the default values instead.",
        { problems: this.notices.join(SEP) });
      this.notice.className = "ic-message ic-error";
    }
  };

  Explorer.prototype.unitText = function () {
    var u = this.unit;
    this.root.querySelectorAll("[data-ic-unit]").forEach(function (el) { el.textContent = " " + unitWord(u); });
  };

  // ---- chapter 1: binary entropy

  function entropyExplorer(ex) {
    var cfg = ex.data.config;
    var p = Number(cfg.p);
    var fromUrl = ex.params.get("P");
    if (fromUrl !== null) {
      var r = parseProbability(fromUrl, "P", 0, 1);
      if (r.error) ex.addressProblem(r.error); else p = r.value;
    }
    ex.frame(tr("Explorer: the entropy of a coin"),
      tr("Move the slider (or type a value) for the probability of heads; the curve shows H<sub>b</sub>(p) = −p log p − (1 − p) log(1 − p) for every p."));
    var slider = sliderControl({
      label: tr("p = P(heads)"), min: 0, max: 1, step: 0.01, value: p,
      format: function (v) { return v.toFixed(2); },
      parse: function (t) { return parseProbability(t, "p", 0, 1); },
      onChange: function (v) { p = v; ex.changed(); },
    });
    ex.controls.appendChild(slider.el);
    ex.controls.appendChild(unitControl(ex));
    ex.results.appendChild(h("div", { class: "ic-result" }, ["P = (", valueSpan("p"), ", ", valueSpan("1-p"), ")"]));
    ex.results.appendChild(resultRow(tr("entropy H(P) = {name}", { name: NAMES.Hb }), "H"));
    ex.results.appendChild(resultRow(tr("surprise of heads s(heads) = −log p"), "s_heads"));
    ex.results.appendChild(resultRow(tr("surprise of tails s(tails) = −log(1 − p)"), "s_tails"));
    var why = h("p", { class: "ic-message ic-note" });
    ex.results.appendChild(why);
    var chart = chartSlot();
    ex.charts.appendChild(chart.el);

    ex.changed = function (initial) {
      var u = ex.unit, r = ex.root;
      var H = binaryEntropy(p, u), sh = surprise(p, u), st = surprise(1 - p, u);
      setValue(r, "p", fmt(p, 2));
      setValue(r, "1-p", fmt(1 - p, 2));
      setValue(r, "H", fmt(H));
      setValue(r, "s_heads", fmt(sh));
      setValue(r, "s_tails", fmt(st));
      why.textContent = p === 0 || p === 1 ?
        tr("s = +∞ for the side that has probability 0: an impossible outcome would be infinitely surprising. It never happens, so it adds nothing to H(P) (0 log 0 = 0).") : "";
      ex.unitText();
      var top = u === "bits" ? 1 : Math.log(2);
      chart.draw(lineChart({
        x: [0, 1], y: [0, u === "bits" ? 1.05 : 0.75],
        xlabel: tr("p = P(heads)"), ylabel: tr("H_b(p) ({unit})", { unit: unitWord(u) }),
        lines: [{ points: curve(u), color: COLORS.blue }],
        markers: [{ x: p, y: H, color: COLORS.vermillion }],
      }), tr("The binary entropy curve in {unit}: 0 at p = 0, highest ({top} {unit}) at p = 0.50 and 0 again at p = 1. A circle marks p = {p}, where H_b(p) = {H} {unit}.",
        { unit: unitWord(u), top: fmt(top), p: fmt(p, 2), H: fmt(H) }), [
        { color: COLORS.blue, label: tr("binary entropy H<sub>b</sub>(p)"), shape: "line" },
        { color: COLORS.vermillion, label: "P = (p, 1 \u2212 p)", shape: "dot" }]);
      if (!initial) writeParams({ P: fmt(p, 2), units: u === "bits" ? "bits" : null });
    };
    ex.showNotices();
    ex.changed(true);
  }

  // ---- chapter 2: two coins

  function binaryExplorer(ex) {
    var cfg = ex.data.config;
    var v = { P: Number(cfg.p), Q: Number(cfg.q) };
    ["P", "Q"].forEach(function (k) {
      var t = ex.params.get(k);
      if (t === null) return;
      var r = parseProbability(t, k, 0.01, 0.99);
      if (r.error) ex.addressProblem(r.error); else v[k] = r.value;
    });
    if (ex.notices.length) { v.P = Number(cfg.p); v.Q = Number(cfg.q); }
    ex.frame(tr("Explorer: two binary distributions P and Q"),
      tr("P = (p, 1 − p) is the reference, Q = (q, 1 − q) the model. Move either slider; the numbers and both charts follow."));
    function control(key, label) {
      return sliderControl({
        label: label, min: 0.01, max: 0.99, step: 0.01, value: v[key],
        format: function (x) { return x.toFixed(2); },
        parse: function (t) { return parseProbability(t, key.toLowerCase(), 0.01, 0.99); },
        onChange: function (x) { v[key] = x; ex.changed(); },
      });
    }
    ex.controls.appendChild(control("P", tr("p = P(outcome 1)")).el);
    ex.controls.appendChild(control("Q", tr("q = Q(outcome 1)")).el);
    ex.controls.appendChild(unitControl(ex));
    ex.results.appendChild(h("div", { class: "ic-result" }, ["P = (", valueSpan("p"), ", ", valueSpan("1-p"),
      "), Q = (", valueSpan("q"), ", ", valueSpan("1-q"), ")"]));
    ex.results.appendChild(resultRow(tr("entropy {name}", { name: NAMES.HP }), "HP"));
    ex.results.appendChild(resultRow(tr("cross-entropy {name}", { name: NAMES.HPQ }), "HPQ"));
    ex.results.appendChild(resultRow(tr("KL divergence {name}", { name: NAMES.KLPQ }), "KLPQ"));
    ex.results.appendChild(resultRow(tr("reverse KL divergence {name}", { name: NAMES.KLQP }), "KLQP"));
    ex.results.appendChild(resultRow(tr("entropy of the model {name}", { name: NAMES.HQ }), "HQ"));
    var bars = chartSlot(), line = chartSlot();
    ex.charts.appendChild(bars.el);
    ex.charts.appendChild(line.el);

    ex.changed = function (initial) {
      var u = ex.unit, r = ex.root;
      var P = [v.P, 1 - v.P], Q = [v.Q, 1 - v.Q];
      var HP = entropy(P, u), HQ = entropy(Q, u);
      setValue(r, "p", fmt(P[0], 2)); setValue(r, "1-p", fmt(P[1], 2));
      setValue(r, "q", fmt(Q[0], 2)); setValue(r, "1-q", fmt(Q[1], 2));
      setValue(r, "HP", fmt(HP));
      setValue(r, "HPQ", fmt(crossEntropy(P, Q, u)));
      setValue(r, "KLPQ", fmt(kl(P, Q, u)));
      setValue(r, "KLQP", fmt(kl(Q, P, u)));
      setValue(r, "HQ", fmt(HQ));
      ex.unitText();
      bars.draw(barChart({ labels: [tr("outcome {i}", { i: 1 }), tr("outcome {i}", { i: 2 })], y: [0, 1],
        series: [{ values: P, color: COLORS.blue }, { values: Q, color: COLORS.orange }],
        ylabel: tr("probability") }),
        tr("Bars of the probabilities of outcome 1 and outcome 2: P = ({p1}, {p2}) and Q = ({q1}, {q2}).",
          { p1: fmt(P[0], 2), p2: fmt(P[1], 2), q1: fmt(Q[0], 2), q2: fmt(Q[1], 2) }),
        [{ color: COLORS.blue, label: tr("reference P") }, { color: COLORS.orange, label: tr("model Q") }]);
      line.draw(lineChart({ x: [0, 1], y: [0, u === "bits" ? 1.05 : 0.75],
        xlabel: tr("probability of outcome 1"), ylabel: tr("H_b ({unit})", { unit: unitWord(u) }),
        lines: [{ points: curve(u), color: COLORS.sky }],
        markers: [{ x: P[0], y: HP, color: COLORS.vermillion }, { x: Q[0], y: HQ, color: COLORS.orange, shape: "square" }] }),
        tr("The binary entropy curve in {unit}, with a circle at p = {p} (H(P) = {HP} {unit}) and a square at q = {q} (H(Q) = {HQ} {unit}).",
          { unit: unitWord(u), p: fmt(P[0], 2), HP: fmt(HP), q: fmt(Q[0], 2), HQ: fmt(HQ) }),
        [{ color: COLORS.sky, label: tr("binary entropy H<sub>b</sub>"), shape: "line" },
          { color: COLORS.vermillion, label: "P: H(P)", shape: "dot" },
          { color: COLORS.orange, label: "Q: H(Q)", shape: "square" }]);
      if (!initial) writeParams({ P: fmt(v.P, 2), Q: fmt(v.Q, 2), units: u === "bits" ? "bits" : null });
    };
    ex.showNotices();
    ex.changed(true);
  }

  // ---- chapter 3: categorical distributions from weights

  var MAX_OUTCOMES = 6;

  function sameWeights(a, b) {
    return a.length === b.length && a.every(function (x, i) { return Math.abs(x - b[i]) < 1e-12; });
  }

  function categoricalExplorer(ex) {
    var examples = ex.data.examples;
    var byKey = {};
    examples.forEach(function (e) { byKey[e.key] = e; });
    var start = byKey[ex.data.config.example] || examples[0];
    var state = { preset: start.key, labels: start.labels.slice(), n: start.labels.length,
      P: [], Q: [], text: { P: [], Q: [] } };
    function fill(e) {
      state.labels = e.labels.slice();
      state.n = e.labels.length;
      for (var i = 0; i < MAX_OUTCOMES; i++) {
        state.P[i] = i < e.p.length ? e.p[i] : 1;
        state.Q[i] = i < e.q.length ? e.q[i] : 1;
      }
    }
    fill(start);
    // The address: ?P=0.6,0.3,0.1&Q=0.3,0.3,0.4 (weights; &example=weather for the names)
    var pText = ex.params.get("P"), qText = ex.params.get("Q"), exText = ex.params.get("example");
    if (exText !== null && !byKey[exText]) {
      ex.addressProblem(tr("example={value} is not one of {choices}.", { value: exText, choices: examples.map(function (e) { return e.key; }).join(", ") }));
    } else if (exText !== null) { fill(byKey[exText]); state.preset = exText; }
    if (pText !== null || qText !== null) {
      var lists = {}, bad = false;
      [["P", pText], ["Q", qText]].forEach(function (pair) {
        if (bad) return;
        if (pair[1] === null) { ex.addressProblem(pair[0] === "Q" ? tr("it sets P but not Q.") : tr("it sets Q but not P.")); bad = true; return; }
        var parts = pair[1].split(",");
        var out = [];
        parts.forEach(function (t, i) {
          if (bad) return;
          var r = parseWeight(t, tr("{which} weight {i}", { which: pair[0], i: i + 1 }));
          if (r.error) { ex.addressProblem(r.error); bad = true; } else out.push(r.value);
        });
        if (!bad && (out.length < 2 || out.length > MAX_OUTCOMES)) {
          ex.addressProblem(tr("{which} has {n} weights; an explorer has 2 to {max} outcomes.", { which: pair[0], n: out.length, max: MAX_OUTCOMES }));
          bad = true;
        }
        if (!bad && !(sum(out) > 0)) { ex.addressProblem(tr("the {which} weights add up to 0.", { which: pair[0] })); bad = true; }
        lists[pair[0]] = out;
      });
      if (!bad && lists.P.length !== lists.Q.length) {
        ex.addressProblem(tr("P has {n} weights and Q {m}; they must have as many.", { n: lists.P.length, m: lists.Q.length }));
        bad = true;
      }
      if (bad) { fill(start); state.preset = start.key; }
      else {
        var named = exText !== null && byKey[exText] ? byKey[exText] : null;
        var match = examples.filter(function (e) { return sameWeights(e.p, lists.P) && sameWeights(e.q, lists.Q); })[0];
        if (named && !(sameWeights(named.p, lists.P) && sameWeights(named.q, lists.Q))) match = null;
        if (match) { fill(match); state.preset = match.key; }
        else {
          state.preset = "";
          if (!named) state.labels = [];
          state.n = lists.P.length;
          for (var i = 0; i < MAX_OUTCOMES; i++) {
            state.P[i] = i < state.n ? lists.P[i] : 1;
            state.Q[i] = i < state.n ? lists.Q[i] : 1;
          }
        }
      }
    }
    for (var i = 0; i < MAX_OUTCOMES; i++) { state.text.P[i] = cleanNumber(state.P[i]); state.text.Q[i] = cleanNumber(state.Q[i]); }

    function names() {
      var out = [];
      for (var i = 0; i < state.n; i++) out.push(i < state.labels.length ? state.labels[i] : tr("outcome {i}", { i: i + 1 }));
      return out;
    }

    ex.frame(tr("Explorer: where the cross-entropy and the KL divergence come from"),
      tr("Choose an example or type weights for P (the reference) and Q (the model); each is divided by its total, so weights need not add up to 1."));
    var preset = selectControl(tr("example"), examples.map(function (e) { return [e.key, e.title]; }).concat([["", tr("custom")]]),
      state.preset, function (key) {
        if (!key) return;
        fill(byKey[key]); state.preset = key;
        for (var i = 0; i < MAX_OUTCOMES; i++) { state.text.P[i] = cleanNumber(state.P[i]); state.text.Q[i] = cleanNumber(state.Q[i]); }
        rebuild(); ex.changed();
      });
    var countOptions = [];
    for (var c = 2; c <= MAX_OUTCOMES; c++) countOptions.push([String(c), String(c)]);
    var count = selectControl(tr("number of outcomes"), countOptions, String(state.n), function (val) {
      state.n = Number(val);
      edited();
      rebuild(); ex.changed();
    });
    ex.controls.appendChild(preset.el);
    ex.controls.appendChild(count.el);
    var grid = h("div", { class: "ic-weights" });
    ex.controls.appendChild(grid);
    var messageId = nextId("weights-msg");
    var weightMessage = h("p", { class: "ic-message", id: messageId, "aria-live": "polite" });
    ex.controls.appendChild(weightMessage);
    ex.controls.appendChild(unitControl(ex));

    var problems = {};
    function edited() {
      if (state.preset) { state.preset = ""; preset.select.value = ""; }
    }
    function showProblems() {
      var list = Object.keys(problems).sort().map(function (k) { return problems[k]; });
      var n = state.n, totals = "";
      var Pw = state.P.slice(0, n), Qw = state.Q.slice(0, n);
      if (!list.length) {
        if (!(sum(Pw) > 0)) totals = tr("The {which} weights add up to 0: give at least one outcome a positive weight.", { which: "P" });
        else if (!(sum(Qw) > 0)) totals = tr("The {which} weights add up to 0: give at least one outcome a positive weight.", { which: "Q" });
      }
      var all = list.concat(totals ? [totals] : []);
      weightMessage.textContent = all.length ? all.join(SEP) + SEP + tr("The numbers below are for the last valid weights.") : "";
      weightMessage.className = "ic-message" + (all.length ? " ic-error" : "");
      return all.length === 0;
    }

    function rebuild() {
      grid.replaceChildren();
      problems = {};
      var labs = names();
      for (var i = 0; i < state.n; i++) {
        ["P", "Q"].forEach(function (which) {
          var id = nextId("w");
          var name = tr("{which} weight, {label}", { which: which, label: labs[i] });
          var input = h("input", { type: "text", inputmode: "decimal", id: id, value: state.text[which][i],
            autocomplete: "off", spellcheck: "false", size: 7, "data-ic-weight": which + i });
          (function (idx) {
            function check() {
              state.text[which][idx] = input.value;
              var r = parseWeight(input.value, name);
              if (r.error) {
                problems[which + idx] = r.error;
                input.setAttribute("aria-invalid", "true");
                input.setAttribute("aria-describedby", messageId);
              } else {
                delete problems[which + idx];
                input.removeAttribute("aria-invalid");
                input.removeAttribute("aria-describedby");
                state[which][idx] = r.value;
              }
            }
            check();
            input.addEventListener("input", function () { check(); edited(); ex.changed(); });
          })(i);
          grid.appendChild(h("div", { class: "ic-control ic-weight" }, [h("label", { for: id, text: name }), input]));
        });
      }
      count.select.value = String(state.n);
    }
    rebuild();

    var totals = h("div", {}, []);
    totals.appendChild(resultRow(tr("entropy {name}", { name: NAMES.HP }), "HP"));
    totals.appendChild(resultRow(tr("cross-entropy {name}", { name: NAMES.HPQ }), "HPQ"));
    totals.appendChild(resultRow(tr("KL divergence {name}", { name: NAMES.KLPQ }), "KLPQ"));
    ex.results.appendChild(totals);
    var why = h("p", { class: "ic-message ic-note" });
    ex.results.appendChild(why);
    var tableBox = h("div", { class: "ic-table-box" });
    ex.results.appendChild(tableBox);
    var left = chartSlot(), right = chartSlot();
    ex.charts.appendChild(left.el);
    ex.charts.appendChild(right.el);
    var last = null;

    ex.changed = function (initial) {
      var u = ex.unit, r = ex.root;
      var ok = showProblems();
      if (ok) last = { labels: names(), P: normalize(state.P.slice(0, state.n)), Q: normalize(state.Q.slice(0, state.n)) };
      if (!last) return;
      var labs = last.labels, P = last.P, Q = last.Q;
      var ce = crossEntropyTerms(P, Q, u), kt = klTerms(P, Q, u);
      setValue(r, "HP", fmt(entropy(P, u)));
      setValue(r, "HPQ", fmt(crossEntropy(P, Q, u)));
      setValue(r, "KLPQ", fmt(kl(P, Q, u)));
      var ruled = labs.filter(function (lab, i) { return P[i] > 0 && Q[i] === 0; });
      why.textContent = ruled.length ?
        tr("+∞: Q gives probability 0 to {outcomes}, which P says can happen; its surprise −log Q(x) is infinite, and so are H(P, Q) and D_KL(P‖Q).",
          { outcomes: ruled.join(COMMA) }) : "";
      ex.unitText();
      var table = h("table", { class: "ic-table" }, [
        h("caption", { text: tr("Outcome by outcome (terms in {unit})", { unit: unitWord(u) }) }),
        h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: tr("outcome x") }), h("th", { scope: "col", text: "P(x)" }),
          h("th", { scope: "col", text: "Q(x)" }), h("th", { scope: "col", text: "\u2212P(x) log Q(x)" }),
          h("th", { scope: "col", text: "P(x) log(P(x)/Q(x))" })])]),
      ]);
      var body = h("tbody");
      labs.forEach(function (lab, i) {
        body.appendChild(h("tr", {}, [h("th", { scope: "row", text: lab }),
          h("td", { "data-ic-key": "P" + i, text: fmt(P[i]) }), h("td", { "data-ic-key": "Q" + i, text: fmt(Q[i]) }),
          h("td", { "data-ic-key": "ce" + i, text: fmt(ce[i]) }), h("td", { "data-ic-key": "kl" + i, text: fmt(kt[i]) })]));
      });
      table.appendChild(body);
      table.appendChild(h("tfoot", {}, [h("tr", {}, [h("th", { scope: "row", text: tr("sum") }), h("td", { text: "1" }), h("td", { text: "1" }),
        h("td", { html: "= H(P, Q)" }), h("td", { html: "= D<sub>KL</sub>(P\u2016Q)" })])]));
      tableBox.replaceChildren(table);
      left.draw(barChart({ labels: labs, y: [0, 1], ylabel: tr("probability"),
        series: [{ values: P, color: COLORS.blue }, { values: Q, color: COLORS.orange }] }),
        tr("Grouped bars of P and Q per outcome: {bars}.", { bars: labs.map(function (lab, i) {
          return tr("{label} P {p}, Q {q}", { label: lab, p: fmt(P[i]), q: fmt(Q[i]) }); }).join(SEMI) }),
        [{ color: COLORS.blue, label: tr("reference P") }, { color: COLORS.orange, label: tr("model Q") }]);
      var finite = ce.map(function (c, i) { return isFinite(c) && isFinite(kt[i]); });
      right.draw(barChart({ labels: labs, ylabel: tr("contribution ({unit})", { unit: unitWord(u) }),
        series: [{ values: ce.map(function (c, i) { return finite[i] ? c : NaN; }), color: COLORS.green },
          { values: kt.map(function (c, i) { return finite[i] ? c : NaN; }), color: COLORS.vermillion }],
        notes: finite.map(function (f) { return f ? "" : "+\u221e (Q = 0)"; }) }),
        tr("Each outcome's contribution to the cross-entropy and to the KL divergence, in {unit}: {terms}.", { unit: unitWord(u),
          terms: labs.map(function (lab, i) { return tr("{label} cross-entropy term {ce}, KL term {kl}", { label: lab, ce: fmt(ce[i]), kl: fmt(kt[i]) }); }).join(SEMI) }),
        [{ color: COLORS.green, label: tr("term of H(P, Q): −P log Q") },
          { color: COLORS.vermillion, label: tr("term of D<sub>KL</sub>(P‖Q): P log(P/Q)") }]);
      if (!initial && ok) {
        writeParams({ P: state.P.slice(0, state.n).map(cleanNumber).join(","), Q: state.Q.slice(0, state.n).map(cleanNumber).join(","),
          example: state.preset || null, units: u === "bits" ? "bits" : null });
      }
    };
    ex.showNotices();
    ex.changed(true);
  }

  // ---- chapter 5: the equivalence trainer

  var OBJECTIVES = [["cross_entropy", tr("cross-entropy H(P, Q)")], ["kl", tr("KL divergence D_KL(P‖Q)")]];

  function trainerExplorer(ex) {
    var cfg = ex.data.config, examples = ex.data.examples, byKey = {};
    examples.forEach(function (e) { byKey[e.key] = e; });
    var v = { example: byKey[cfg.example] ? cfg.example : examples[0].key, objective: cfg.objective,
      lr: Number(cfg.lr), steps: Number(cfg.steps) };
    var t;
    if ((t = ex.params.get("example")) !== null) {
      if (byKey[t]) v.example = t; else ex.addressProblem(tr("example={value} is not one of {choices}.", { value: t, choices: Object.keys(byKey).join(", ") }));
    }
    if ((t = ex.params.get("objective")) !== null) {
      if (t === "cross_entropy" || t === "kl") v.objective = t; else ex.addressProblem(tr("objective must be cross_entropy or kl, got {value}.", { value: t }));
    }
    if ((t = ex.params.get("lr")) !== null) {
      var r = parseNumber(t, "lr");
      if (r.error || r.value < 0.05 || r.value > 2 || Math.abs(Math.round(r.value * 20) - r.value * 20) > 1e-9) {
        ex.addressProblem(r.error || tr("lr (the learning rate) must be one of 0.05, 0.10, ..., 2.00, got {value}.", { value: t }));
      } else v.lr = Math.round(r.value * 20) / 20;
    }
    if ((t = ex.params.get("steps")) !== null) {
      if (/^\d+$/.test(t) && Number(t) <= 200) v.steps = Number(t);
      else ex.addressProblem(tr("steps must be a whole number from 0 to 200, got {value}.", { value: t }));
    }
    if (ex.notices.length) v = { example: cfg.example, objective: cfg.objective, lr: Number(cfg.lr), steps: Number(cfg.steps) };

    ex.frame(tr("Explorer: gradient descent on Q, with either loss"),
      tr("Q starts at the example's model and moves towards P by gradient descent on its logits. Switch the objective: the path of Q does not change, and the gap between the two curves stays H(P)."));
    var preset = selectControl(tr("target P"), examples.map(function (e) { return [e.key, e.title]; }), v.example,
      function (key) { v.example = key; ex.changed(); });
    var goal = selectControl(tr("objective"), OBJECTIVES, v.objective, function (o) { v.objective = o; ex.changed(); });
    var lrBox = rangeReadout(tr("learning rate η"), 0.05, 2, 0.05, v.lr, function (x) { return x.toFixed(2); },
      function (x) { v.lr = Math.round(x * 20) / 20; ex.changed(); });
    var stepBox = rangeReadout(tr("steps taken"), 0, 200, 1, v.steps, function (x) { return String(x); },
      function (x) { v.steps = Math.round(x); ex.changed(); });
    [preset.el, goal.el, lrBox.el, stepBox.el].forEach(function (el) { ex.controls.appendChild(el); });
    var buttons = h("div", { class: "ic-buttons" });
    [[tr("Step +1"), 1, tr("one more gradient-descent step")], [tr("Step +10"), 10, tr("ten more gradient-descent steps")],
      [tr("Reset"), 0, tr("back to the starting model Q")]].forEach(function (b) {
      var btn = h("button", { type: "button", class: "ic-button", title: b[2], text: b[0] });
      btn.addEventListener("click", function () {
        v.steps = b[1] ? Math.min(200, v.steps + b[1]) : 0;
        stepBox.set(v.steps);
        ex.changed();
      });
      buttons.appendChild(btn);
    });
    ex.controls.appendChild(buttons);
    ex.controls.appendChild(unitControl(ex));
    var afterSteps = tr("after {n} steps:").split("{n}");
    ex.results.appendChild(h("div", { class: "ic-result" }, [afterSteps[0], valueSpan("step"), afterSteps[1]]));
    ex.results.appendChild(resultRow(tr("cross-entropy {name}", { name: NAMES.HPQ }), "HPQ"));
    ex.results.appendChild(resultRow(tr("KL divergence {name}", { name: NAMES.KLPQ }), "KLPQ"));
    ex.results.appendChild(resultRow(tr("gap H(P, Q) − {name}", { name: NAMES.KLPQ }), "gap"));
    ex.results.appendChild(resultRow(tr("entropy {name}", { name: NAMES.HP }), "HP"));
    ex.results.appendChild(h("div", { class: "ic-result" }, [
      tr("largest |H(P, Q) − D_KL(P‖Q) − H(P)| along the path below 10⁻¹²: "), valueSpan("exact")]));
    var tableBox = h("div", { class: "ic-table-box" });
    ex.results.appendChild(tableBox);
    var left = chartSlot(), right = chartSlot();
    ex.charts.appendChild(left.el);
    ex.charts.appendChild(right.el);

    ex.changed = function (initial) {
      var u = ex.unit, r = ex.root, e = byKey[v.example];
      preset.select.value = v.example;
      goal.select.value = v.objective;
      var run = gradientDescent(e.p, e.q, v.objective, v.lr, v.steps);
      var n = v.steps, HPn = entropy(e.p);
      var ce = run.ce.map(function (x) { return toUnit(x, u); }), klc = run.kl.map(function (x) { return toUnit(x, u); });
      var HP = entropy(e.p, u);
      var worst = 0;
      for (var i = 0; i <= n; i++) worst = Math.max(worst, Math.abs(run.ce[i] - run.kl[i] - HPn));
      var Qn = run.q[n];
      setValue(r, "step", String(n));
      setValue(r, "HPQ", fmt(ce[n]));
      setValue(r, "KLPQ", fmt(klc[n]));
      setValue(r, "gap", fmt(toUnit(run.ce[n] - run.kl[n], u)));
      setValue(r, "HP", fmt(HP));
      setValue(r, "exact", worst < 1e-12 ? tr("yes") : tr("no"));
      ex.unitText();
      var table = h("table", { class: "ic-table" }, [
        h("caption", { text: tr("P and the model Q after {n} steps", { n: n }) }),
        h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: tr("outcome x") }), h("th", { scope: "col", text: "P(x)" }),
          h("th", { scope: "col", text: tr("Q(x) at the start") }), h("th", { scope: "col", text: tr("Q(x) now") })])]),
      ]);
      var body = h("tbody");
      e.labels.forEach(function (lab, i) {
        body.appendChild(h("tr", {}, [h("th", { scope: "row", text: lab }), h("td", { "data-ic-key": "P" + i, text: fmt(e.p[i]) }),
          h("td", { "data-ic-key": "Q0_" + i, text: fmt(e.q[i]) }), h("td", { "data-ic-key": "Q" + i, text: fmt(Qn[i]) })]));
      });
      table.appendChild(body);
      tableBox.replaceChildren(table);
      var ymax = Math.max.apply(null, ce.concat([HP])) * 1.08;
      var pts = function (arr) { return arr.map(function (y, i) { return [i, y]; }); };
      left.draw(lineChart({ x: [0, Math.max(n, 1)], y: [0, ymax], xlabel: tr("gradient-descent step"), ylabel: tr("loss ({unit})", { unit: unitWord(u) }),
        lines: [{ points: pts(ce), color: COLORS.blue }, { points: pts(klc), color: COLORS.orange, dash: "7 3 2 3" },
          { points: [[0, HP], [Math.max(n, 1), HP]], color: "currentColor", dash: "4 3", width: 1 }],
        markers: n === 0 ? [{ x: 0, y: ce[0], color: COLORS.blue }, { x: 0, y: klc[0], color: COLORS.orange, shape: "square" }] : [] }),
        tr("The cross-entropy and the KL divergence over {n} gradient-descent steps on the {title} example, in {unit}: the cross-entropy goes from {ce0} to {ce} and stays exactly H(P) = {HP} above the KL divergence, which goes from {kl0} to {kl}.",
          { n: n, title: e.title, unit: unitWord(u), ce0: fmt(ce[0]), ce: fmt(ce[n]), HP: fmt(HP), kl0: fmt(klc[0]), kl: fmt(klc[n]) }),
        [{ color: COLORS.blue, label: tr("cross-entropy H(P, Q)"), shape: "line" },
          { color: COLORS.orange, label: tr("KL divergence D<sub>KL</sub>(P‖Q)"), shape: "dashdot" },
          { color: "currentColor", label: tr("entropy H(P)"), shape: "dash" }]);
      right.draw(barChart({ labels: e.labels, y: [0, 1], ylabel: tr("probability"),
        series: [{ values: e.p, color: COLORS.blue }, { values: Qn, color: COLORS.orange }] }),
        tr("Bars of P and of the model Q after {n} steps: {bars}.", { n: n, bars: e.labels.map(function (lab, i) {
          return tr("{label} P {p}, Q {q}", { label: lab, p: fmt(e.p[i]), q: fmt(Qn[i]) }); }).join(SEMI) }),
        [{ color: COLORS.blue, label: tr("target P") }, { color: COLORS.orange, label: tr("model Q after {n} steps", { n: n }) }]);
      if (!initial) {
        writeParams({ example: v.example, objective: v.objective, lr: v.lr.toFixed(2), steps: String(v.steps),
          units: u === "bits" ? "bits" : null });
      }
    };
    ex.showNotices();
    ex.changed(true);
  }

  /** A slider with its value shown next to it. */
  function rangeReadout(label, min, max, step, value, format, onChange) {
    var id = nextId("range");
    var range = h("input", { type: "range", id: id, min: min, max: max, step: step, value: value });
    var out = h("output", { for: id, class: "ic-readout", text: format(value) });
    range.addEventListener("input", function () { out.textContent = format(Number(range.value)); onChange(Number(range.value)); });
    return {
      el: h("div", { class: "ic-control ic-slider" }, [h("label", { for: id, html: label }),
        h("div", { class: "ic-slider-row" }, [range, out])]),
      range: range,
      set: function (x) { range.value = x; out.textContent = format(x); },
    };
  }

  var KINDS = { entropy: entropyExplorer, binary: binaryExplorer, categorical: categoricalExplorer,
    trainer: trainerExplorer };

  function start() {
    document.querySelectorAll(".ic-explorer[data-ic-explorer]").forEach(function (root) {
      var data;
      try { data = JSON.parse(root.getAttribute("data-ic-explorer")); } catch (e) { return; }
      var build = KINDS[data.kind];
      if (!build) return;
      (data.examples || []).forEach(function (e) {
        e.title = tr(e.title);
        e.labels = e.labels.map(function (lab) { return tr(lab); });
      });
      var ex = new Explorer(root, data);
      build(ex);
      root.classList.add("ic-ready");
    });
  }

  // For the browser tests and for curious readers: the arithmetic, by name.
  window.infocourseExplorers = { entropy: entropy, crossEntropy: crossEntropy, kl: kl, klTerms: klTerms,
    crossEntropyTerms: crossEntropyTerms, surprise: surprise, binaryEntropy: binaryEntropy,
    normalize: normalize, softmax: softmax, gradientDescent: gradientDescent, fmt: fmt };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
