"use strict";
// The report's filters: a time range (the selects, or the slider under the
// availability chart), a host, an endpoint and a status class. They read
// the per-bucket counts in the filter-data block (JSON, never run) and
// re-draw what those counts can give: the headline figures, the time
// charts and the class, code, endpoint and host tables, and, from the
// failing series beside them, who sent the selection's bad requests.
// Every other section is dimmed and says it shows the whole report. Text from a log
// only ever reaches the page through textContent and select options.
(function () {
  var bar = document.getElementById("filters");
  var block = document.getElementById("filter-data");
  if (!bar || !block || !window.echarts) return;
  var D;
  try {
    D = JSON.parse(block.textContent);
  } catch (e) {
    console.error("filters: " + e);
    return;
  }
  var nb = D.start.length;
  var sel = { from: 0, to: nb - 1, host: -1, endpoint: -1, cls: 0 };
  var recomputed = { availability: 1, classes: 1, codes: 1, endpoints: 1, hosts: 1, reference: 1, who: 1 };
  var classNames = ["invalid", "1xx", "2xx", "3xx", "4xx", "5xx"];
  var BILLION = 1000000000;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // Figures are written as the Go report writes them (report/text.go,
  // report/verdict.go), so a selection reads like a report of its own.
  function group(n) {
    var s = String(Math.abs(n)), out = "";
    for (var i = 0; i < s.length; i++) {
      if (i > 0 && (s.length - i) % 3 === 0) out += ",";
      out += s[i];
    }
    return (n < 0 ? "-" : "") + out;
  }
  function percentFloor(num, den, decimals) {
    if (den <= 0) return "n/a";
    if (num === den) return "100%";
    var q = (BigInt(num) * 10n ** BigInt(decimals + 2)) / BigInt(den);
    var s = q.toString();
    while (s.length <= decimals) s = "0" + s;
    return s.slice(0, s.length - decimals) + "." + s.slice(s.length - decimals) + "%";
  }
  function share(n, total) {
    return total <= 0 ? "0%" : (100 * n / total).toFixed(1) + "%";
  }
  function remainingText(r) {
    for (var d = 1; ; d++) {
      var scale = Math.pow(10, d), v = Math.trunc(100 * r * scale) / scale;
      if (v !== 0 || r === 0 || d === 6) {
        if (v === 0 && r < 0) return "-0." + "0".repeat(d - 1) + "1%";
        return v.toFixed(d) + "%";
      }
    }
  }
  function allowedText(a) {
    for (var d = 1; ; d++) {
      var scale = Math.pow(10, d), v = Math.floor(a * scale) / scale;
      if (v > 0 || a <= 0 || d === 4) return v.toFixed(d);
    }
  }
  function percent4(good, total) { // availabilityPercent in report/series.go
    if (total <= 0) return null;
    return Number((BigInt(good) * 1000000n) / BigInt(total)) / 1e4;
  }

  function active() {
    return sel.from !== 0 || sel.to !== nb - 1 || sel.host >= 0 || sel.endpoint >= 0 || sel.cls !== 0;
  }

  // tally sums the rows the host, endpoint and class filters keep: per
  // bucket for the charts, and over the selected range for the rest.
  function tally() {
    var t = { req: 0, bad: 0, judged: 0, classes: [0, 0, 0, 0, 0, 0], codes: {}, hosts: {}, endpoints: {}, buckets: [] };
    for (var b = 0; b < nb; b++) t.buckets.push({ req: 0, bad: 0, judged: 0, classes: [0, 0, 0, 0, 0, 0] });
    function add(m, k, n, bad, judged) {
      var x = m[k] || (m[k] = { req: 0, bad: 0, judged: 0 });
      x.req += n; x.bad += bad; x.judged += judged;
    }
    D.rows.forEach(function (r) {
      var c = D.codes[r[1]], n = r[4];
      if (sel.cls && c.class !== sel.cls) return;
      if (sel.host >= 0 && r[2] !== sel.host) return;
      if (sel.endpoint >= 0 && r[3] !== sel.endpoint) return;
      var bad = c.bad ? n : 0, judged = c.judged ? n : 0, p = t.buckets[r[0]];
      p.req += n; p.bad += bad; p.judged += judged; p.classes[c.class] += n;
      if (r[0] < sel.from || r[0] > sel.to) return;
      t.req += n; t.bad += bad; t.judged += judged; t.classes[c.class] += n;
      add(t.codes, r[1], n, bad, judged);
      if (r[2] >= 0) add(t.hosts, r[2], n, bad, judged);
      if (r[3] >= 0) add(t.endpoints, r[3], n, bad, judged);
    });
    return t;
  }

  // Cards: the originals are kept to put back on reset.
  var cards = [];
  document.querySelectorAll(".cards .card").forEach(function (c) {
    var v = c.querySelector(".value"), d = c.querySelector(".detail");
    if (!d) { d = el("div", "", "detail"); c.appendChild(d); }
    cards.push({ el: c, key: c.getAttribute("data-card"), cls: c.className, value: v.textContent, detail: d.textContent, v: v, d: d });
  });
  function tone(c, t) {
    c.el.className = c.cls.replace(/ (good|bad|warn)\b/g, "") + (t ? " " + t : "");
  }
  function drawCards(t) {
    var on = active(), met = null;
    if (D.target && t.judged > 0) met = BigInt(t.judged - t.bad) * BigInt(BILLION) >= BigInt(D.target) * BigInt(t.judged);
    cards.forEach(function (c) {
      if (!on) {
        // Only the cards a selection recomputes had their value
        // replaced: the others keep their markup (a path's <wbr>s).
        c.el.className = c.cls; c.d.textContent = c.detail;
        if (c.key) c.v.textContent = c.value;
        return;
      }
      var budget = (BILLION - D.target) * t.judged / BILLION;
      switch (c.key) {
        case "availability":
          c.v.textContent = t.judged > 0 ? percentFloor(t.judged - t.bad, t.judged, 3) : "no data";
          c.d.textContent = t.judged > 0 ? group(t.bad) + " of " + group(t.judged) + " requests were bad (" + D.rule + ")" : "no requests in the selection";
          tone(c, met === null ? "" : met ? "good" : "bad");
          break;
        case "slo":
          c.v.textContent = met === null ? "no data" : met ? "met" : "breached";
          c.d.textContent = met === null ? "no requests in the selection" :
            "burn rate " + (t.bad * BILLION / (t.judged * (BILLION - D.target))).toFixed(2) + "×";
          tone(c, met ? "good" : "bad");
          break;
        case "budget":
          var left = t.judged > 0 ? 1 - t.bad / budget : 1;
          c.v.textContent = remainingText(left);
          c.d.textContent = group(t.bad) + " of " + allowedText(budget) + " allowed bad requests";
          tone(c, left < 0 ? "bad" : left < 0.25 ? "warn" : "good");
          break;
        case "requests":
          c.v.textContent = group(t.req);
          c.d.textContent = "in the selection";
          tone(c, "");
          break;
        case "5xx":
        case "4xx":
          var n = t.classes[c.key === "5xx" ? 5 : 4];
          c.v.textContent = group(n);
          c.d.textContent = share(n, t.req) + " of requests";
          tone(c, n > 0 ? (c.key === "5xx" ? "bad" : "warn") : "");
          break;
        default:
          c.el.className = c.cls + " whole";
          c.d.textContent = c.detail + (c.detail ? " · " : "") + "whole report, not the selection";
      }
    });
  }

  // Tables: a recomputed section shows a table of the selection in place
  // of its own blocks; the others are dimmed with a note.
  function table(head, rows) {
    var wrap = el("div", null, "table-wrap"), tb = el("table"), tr = el("tr"), body = el("tbody");
    head.forEach(function (h, i) {
      var v = rows.length ? rows[0][i] : null;
      var th = el("th", h, typeof v === "number" || (v && v.num) ? "num" : null);
      th.scope = "col";
      tr.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(tr); tb.appendChild(thead);
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (v, i) {
        var td = typeof v === "number" ? el("td", group(v), "num") : el("td", null, v && v.num ? "num" : null);
        if (v && v.path) td.appendChild(pathCode(v.path));
        else if (v && v.code) td.appendChild(el("code", v.code));
        else if (v && v.text !== undefined) td.textContent = v.text;
        else if (typeof v === "string") td.textContent = v;
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    tb.appendChild(body); wrap.appendChild(tb);
    return wrap;
  }
  // pathCode writes a path as the report's tables do (report/html_paths.go):
  // a <wbr> after each '/', none after a leading or final one, so that it
  // wraps at its separators and not inside a name.
  function pathCode(text) {
    var parts = text.split(/(?<=\/)/), code = el("code", null, "path");
    if (parts.length > 1 && parts[0] === "/") parts.splice(0, 2, "/" + parts[1]);
    parts.forEach(function (p, i) {
      if (i > 0) code.appendChild(document.createElement("wbr"));
      code.appendChild(el("span", p));
    });
    return code;
  }
  function keyRows(m, names, path) {
    return Object.keys(m).map(Number).sort(function (a, b) {
      return m[b].bad - m[a].bad || m[b].req - m[a].req || (names[a] < names[b] ? -1 : 1);
    }).map(function (k) {
      var x = m[k];
      return [path ? { path: names[k] } : { code: names[k] }, x.req, x.bad, { text: x.judged > 0 ? percentFloor(x.judged - x.bad, x.judged, 3) : "—", num: true }];
    });
  }
  function sectionTable(id, t) {
    switch (id) {
      case "classes":
        return table(["Class", "Requests", "Share"], [1, 2, 3, 4, 5, 0].filter(function (c) { return c > 0 || t.classes[0] > 0; }).map(function (c) {
          return [classNames[c], t.classes[c], { text: share(t.classes[c], t.req), num: true }];
        }));
      case "codes":
        return table(["Code", "Phrase", "Class", "Requests", "Share", "Note"], Object.keys(t.codes).map(Number).sort(function (a, b) {
          return D.codes[a].code - D.codes[b].code;
        }).map(function (k) {
          var c = D.codes[k];
          return [{ text: String(c.code), num: true }, c.phrase, classNames[c.class], t.codes[k].req,
            { text: share(t.codes[k].req, t.req), num: true }, c.bad ? "counted as bad" : ""];
        }));
      case "endpoints":
        return D.endpoints && D.endpoints.length ? table(["Endpoint", "Requests", "Bad", "Availability"], keyRows(t.endpoints, D.endpoints, true)) : null;
      case "hosts":
        return D.hosts && D.hosts.length ? table(["Host", "Requests", "Bad", "Availability"], keyRows(t.hosts, D.hosts)) : null;
      case "who":
        return failingBlock();
    }
    return null;
  }

  // failingBlock is who sent the bad requests of the selection: the
  // buckets of the failing series that overlap the range (coarser than
  // the charts', so the range it counts is stated), in the class chosen.
  // It is not split by host or endpoint: with either chosen, the section
  // shows the whole report.
  var failingTables = [["Clients", "Client"], ["User agents", "User agent"], ["Referrers", "Referrer"]];
  function failingBlock() {
    var F = D.failing;
    if (!F || sel.host >= 0 || sel.endpoint >= 0) return null;
    var since = D.start[sel.from], until = D.end[sel.to], first = -1, last = -1;
    for (var b = 0; b < F.start.length; b++) {
      if (F.start[b] < until && F.end[b] > since) {
        if (first < 0) first = b;
        last = b;
      }
    }
    var all = 0, by = [{}, {}, {}];
    F.rows.forEach(function (r) {
      if (r[0] < first || r[0] > last || (sel.cls && r[1] !== sel.cls)) return;
      if (r[2] < 0) { all += r[4]; return; }
      by[r[2]][r[3]] = (by[r[2]][r[3]] || 0) + r[4];
    });
    var wrap = el("div", null, "failing-selection");
    var range = first < 0 ? "" : F.from[first] + " → " + F.to[last] + " " + D.zone;
    var snapped = first >= 0 && (F.start[first] !== since || F.end[last] !== until);
    var head = all === 0 ? "No bad requests" : group(all) + " bad request" + (all === 1 ? "" : "s");
    if (range) head += " from " + range;
    if (snapped) head += " (counted in whole buckets of " + span(F.end[first] - F.start[first]) + ": the range that holds the selection)";
    var clients = Object.keys(by[0]).filter(function (k) { return k !== "-1"; }).length;
    if (all > 0 && clients > 0) head += "; they came from " + (by[0]["-1"] ? "more than " : "") + group(clients) + " client" + (clients === 1 ? "" : "s");
    wrap.appendChild(el("p", head + ".", "intro failing-head"));
    if (all === 0) return wrap;
    by.forEach(function (m, i) {
      var keys = Object.keys(m).map(Number).sort(function (a, b) {
        return m[b] - m[a] || (a < 0) - (b < 0) || (F.keys[i][a] < F.keys[i][b] ? -1 : 1);
      });
      if (!keys.length) return;
      wrap.appendChild(el("h3", failingTables[i][0] + " with the most bad requests"));
      wrap.appendChild(table([failingTables[i][1], "Bad", "Share"], keys.slice(0, 10).map(function (k) {
        return [k < 0 ? "(other)" : { code: F.keys[i][k] }, m[k], { text: share(m[k], all), num: true }];
      })));
    });
    var lines = F.lines.filter(function (l) {
      return l.b >= first && l.b <= last && (!sel.cls || l.c === sel.cls);
    });
    if (lines.length) {
      wrap.appendChild(el("h3", "Bad lines in the selection"));
      wrap.appendChild(table(["Where", "Line"], lines.slice(0, 20).map(function (l) {
        return [{ path: l.where }, { code: l.text }];
      })));
      wrap.appendChild(el("p", "The first " + F.perBucket + " bad lines of each " + bucketName(F.end[first] - F.start[first]) +
        " the selection covers" + (lines.length > 20 ? ", the first 20 of them shown" : "") + ".", "caption"));
    }
    wrap.appendChild(el("p", "The tables by requests and the robots are the whole report's: Reset shows them.", "caption"));
    return wrap;
  }
  function bucketName(s) {
    if (s % 86400 === 0) return s === 86400 ? "day" : s / 86400 + "-day bucket";
    if (s % 3600 === 0) return s === 3600 ? "hour" : s / 3600 + "-hour bucket";
    return s === 60 ? "minute" : s / 60 + "-minute bucket";
  }
  function span(s) {
    if (s % 86400 === 0) return s === 86400 ? "a day" : s / 86400 + " days";
    if (s % 3600 === 0) return s === 3600 ? "an hour" : s / 3600 + " hours";
    return s / 60 + " minutes";
  }
  function drawSections(t) {
    document.querySelectorAll("main > section[id]").forEach(function (s) {
      if (s.id === "filters") return;
      var old = s.querySelector(":scope > .filtered");
      if (old) old.remove();
      s.classList.remove("whole");
      Array.prototype.forEach.call(s.children, function (c) {
        if (c.hasAttribute("data-hidden-by-filter")) { c.hidden = false; c.removeAttribute("data-hidden-by-filter"); }
      });
      if (!active()) return;
      var tb = recomputed[s.id] ? sectionTable(s.id, t) : null;
      if (s.id === "availability" || s.id === "reference") return;
      var note = el("div", null, "filtered");
      if (!tb) {
        s.classList.add("whole");
        note.appendChild(el("p", "Whole report: this section does not follow the selection.", "whole-note"));
      } else {
        note.appendChild(el("p", "The selection: " + statusText(), "intro"));
        note.appendChild(tb);
        Array.prototype.forEach.call(s.children, function (c) {
          // Keep the heading and the stacked classes chart, which follows the selection.
          if (c.tagName === "H2" || c.querySelector("#chart-classes")) return;
          c.hidden = true; c.setAttribute("data-hidden-by-filter", "");
        });
      }
      s.querySelector("h2").after(note);
    });
  }

  // Charts: the availability and class series follow the host, endpoint
  // and class filters; the selected range is a data zoom on both.
  var chartTotals = null;
  function series(t) {
    var avail = [], classes = [];
    for (var b = 0; b < nb; b++) {
      var p = t.buckets[b], end = D.wall[b] + (D.end[b] - D.start[b]) * 1000;
      if (b > 0 && D.start[b] !== D.end[b - 1]) {
        avail.push([D.wall[b - 1] + (D.end[b - 1] - D.start[b - 1]) * 1000, null]);
      }
      avail.push([D.wall[b], percent4(p.judged - p.bad, p.judged)]);
      classes.push([D.wall[b], p.classes[1], p.classes[2], p.classes[3], p.classes[4], p.classes[5], p.classes[0]]);
      if (b === nb - 1) avail.push([end, null]);
    }
    return { avail: avail, classes: classes };
  }
  var zooming = false;
  function drawCharts(t) {
    var s = active() ? series(t) : null;
    [["chart-availability", "avail"], ["chart-classes", "classes"]].forEach(function (x) {
      var node = document.getElementById(x[0]);
      var chart = node && echarts.getInstanceByDom(node);
      if (!chart) return;
      if (!chart.__filterSetup) {
        chart.__filterSetup = true;
        chart.__original = chart.getOption().dataset[0].source;
        chart.__yMin = chart.getOption().yAxis[0].min;
        chart.setOption({ grid: { bottom: 44 }, dataZoom: [{ type: "slider", xAxisIndex: 0, filterMode: "none", height: 20, bottom: 6 }] });
        chart.on("datazoom", function () { if (!zooming) fromZoom(chart); });
      }
      var opt = { dataset: { source: s ? s[x[1]] : chart.__original } };
      if (x[1] === "avail" && typeof chart.__yMin === "number") {
        // A selection can be far lower than the whole report: keep it on the chart.
        var low = chart.__yMin;
        if (s) s.avail.forEach(function (p) { if (p[1] !== null) low = Math.min(low, Math.floor(p[1])); });
        opt.yAxis = { min: low };
      }
      chart.setOption(opt);
      zooming = true;
      chart.dispatchAction({ type: "dataZoom", startValue: D.wall[sel.from], endValue: D.wall[sel.to] + (D.end[sel.to] - D.start[sel.to]) * 1000 - 1 });
      zooming = false;
    });
  }
  // fromZoom snaps the slider to the buckets it covers.
  function fromZoom(chart) {
    var z = chart.getOption().dataZoom[0], lo = z.startValue, hi = z.endValue, from = nb - 1, to = 0;
    for (var b = 0; b < nb; b++) {
      var end = D.wall[b] + (D.end[b] - D.start[b]) * 1000;
      if (end > lo && b < from) from = b;
      if (D.wall[b] <= hi) to = b;
    }
    if (from > to) from = to;
    select(from, to);
  }

  // The bar: range, host, endpoint and class, the status line and reset.
  function choice(label, options, value, onchange) {
    var l = el("label", label + " "), s = el("select");
    options.forEach(function (o) {
      var opt = el("option", o[1]);
      opt.value = String(o[0]);
      s.appendChild(opt);
    });
    s.value = String(value);
    s.addEventListener("change", function () { onchange(Number(s.value)); });
    l.appendChild(s);
    return { label: l, select: s };
  }
  var idx = D.start.map(function (_, i) { return i; });
  var fromSel = choice("From", idx.map(function (i) { return [i, D.from[i]]; }), 0, function (v) { select(v, Math.max(v, sel.to)); });
  var toSel = choice("to", idx.map(function (i) { return [i, D.to[i]]; }), nb - 1, function (v) { select(Math.min(sel.from, v), v); });
  fromSel.select.id = "filter-from"; toSel.select.id = "filter-to";
  var row = el("div", null, "filter-row");
  row.appendChild(fromSel.label); row.appendChild(toSel.label);
  var keySels = {};
  [["host", "Host", "All hosts", D.hosts], ["endpoint", "Endpoint", "All endpoints", D.endpoints]].forEach(function (k) {
    if (!k[3] || !k[3].length) return;
    var c = choice(k[1], [[-1, k[2]]].concat(k[3].map(function (n, i) { return [i, n]; })), -1, function (v) { sel[k[0]] = v; update(); });
    c.select.id = "filter-" + k[0];
    keySels[k[0]] = c.select;
    row.appendChild(c.label);
  });
  var clsSel = choice("Class", [[0, "All classes"], [1, "1xx"], [2, "2xx"], [3, "3xx"], [4, "4xx"], [5, "5xx"]], 0, function (v) { sel.cls = v; update(); });
  clsSel.select.id = "filter-class";
  row.appendChild(clsSel.label);
  var reset = el("button", "Reset");
  reset.type = "button"; reset.id = "filter-reset";
  reset.addEventListener("click", function () {
    sel = { from: 0, to: nb - 1, host: -1, endpoint: -1, cls: 0 };
    update();
  });
  row.appendChild(reset);
  var status = el("p", "", "filter-status");
  status.id = "filter-status";
  status.setAttribute("aria-live", "polite");
  bar.appendChild(row);
  bar.appendChild(status);
  if (D.note) bar.appendChild(el("p", D.note, "caption"));

  function statusText() {
    var p = [D.from[sel.from] + " → " + D.to[sel.to] + " " + D.zone];
    if (sel.host >= 0) p.push("host " + D.hosts[sel.host]);
    if (sel.endpoint >= 0) p.push("endpoint " + D.endpoints[sel.endpoint]);
    if (sel.cls) p.push(classNames[sel.cls]);
    return p.join(" · ");
  }
  function select(from, to) {
    sel.from = from; sel.to = to;
    update();
  }

  // A live page is replaced at every interval: its selection is kept in
  // sessionStorage across the reload, by times and names, since the
  // buckets and the lists change as lines come. A range that reached the
  // newest bucket keeps following it.
  var live = document.documentElement.hasAttribute("data-live");
  var saveKey = "slareport-filters:" + location.pathname;
  function save() {
    if (!live) return;
    try {
      sessionStorage.setItem(saveKey, JSON.stringify({
        since: D.start[sel.from], until: D.end[sel.to], newest: sel.to === nb - 1, cls: sel.cls,
        host: sel.host >= 0 ? D.hosts[sel.host] : null,
        endpoint: sel.endpoint >= 0 ? D.endpoints[sel.endpoint] : null
      }));
    } catch (e) {}
  }
  function restore() {
    if (!live) return;
    var s = null;
    try {
      s = JSON.parse(sessionStorage.getItem(saveKey));
    } catch (e) {}
    if (!s || typeof s !== "object" || typeof s.since !== "number" || typeof s.until !== "number") return;
    var from = 0, to = nb - 1;
    for (var b = 0; b < nb; b++) {
      if (D.start[b] <= s.since) from = b; // the bucket holding the start
    }
    if (s.newest !== true) {
      to = from;
      for (b = from; b < nb; b++) {
        if (D.start[b] < s.until) to = b;
      }
    }
    sel.from = from; sel.to = to;
    sel.host = typeof s.host === "string" ? D.hosts.indexOf(s.host) : -1;
    sel.endpoint = typeof s.endpoint === "string" ? D.endpoints.indexOf(s.endpoint) : -1;
    sel.cls = [1, 2, 3, 4, 5].indexOf(s.cls) >= 0 ? s.cls : 0;
  }
  function update() {
    fromSel.select.value = String(sel.from); toSel.select.value = String(sel.to);
    clsSel.select.value = String(sel.cls);
    Object.keys(keySels).forEach(function (k) { keySels[k].value = String(sel[k]); });
    status.textContent = (active() ? "Showing " : "Showing the whole report: ") + statusText();
    status.setAttribute("data-since", String(D.start[sel.from]));
    status.setAttribute("data-until", String(D.end[sel.to]));
    reset.disabled = !active();
    var t = tally();
    drawCards(t);
    drawSections(t);
    drawCharts(t);
    save();
  }
  document.addEventListener("slareport:drawn", function () { drawCharts(tally()); });
  bar.hidden = false;
  restore();
  update();
})();
