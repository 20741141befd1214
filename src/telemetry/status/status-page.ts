/**
 * GET / on the telemetry address: one self-contained page (inline CSS, inline script, an SVG
 * chart drawn in the browser; nothing fetched but /status.json from the same origin). Every value
 * is written with textContent, never as HTML. Kept as a string here so it ships with the code.
 * The script avoids template literals so that this file can hold it in one.
 */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tracecore status</title>
<style>
:root { --bg:#f4f5f7; --card:#fff; --ink:#1d2330; --mute:#6b7383; --line:#e3e6eb; --ok:#1f9d55; --warn:#d97706; --bad:#dc2626; --info:#2563eb; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; align-items:center; gap:12px; padding:12px 20px; background:#1d2330; color:#fff; }
header h1 { font-size:17px; margin:0; letter-spacing:.3px; }
header .meta { color:#aab2c0; font-size:12px; margin-left:auto; }
main { display:grid; grid-template-columns: repeat(12, 1fr); gap:14px; padding:16px 20px; max-width:1400px; margin:0 auto; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; min-width:0; }
section h2 { font-size:12px; text-transform:uppercase; letter-spacing:.6px; color:var(--mute); margin:0 0 8px; }
.c3 { grid-column: span 3; } .c4 { grid-column: span 4; } .c5 { grid-column: span 5; } .c7 { grid-column: span 7; } .c8 { grid-column: span 8; } .c12 { grid-column: span 12; }
@media (max-width: 900px) { .c3, .c4, .c5, .c7, .c8 { grid-column: span 12; } }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; color:#fff; background:var(--mute); }
.ok { background:var(--ok); } .warn { background:var(--warn); } .bad { background:var(--bad); } .info { background:var(--info); }
.big { font-size:20px; font-weight:600; }
.row { display:flex; align-items:center; gap:8px; margin:4px 0; flex-wrap:wrap; }
.err { color:var(--bad); font-size:12px; word-break:break-word; }
.mute { color:var(--mute); font-size:12px; }
table { width:100%; border-collapse:collapse; font-size:13px; }
th { text-align:left; color:var(--mute); font-weight:600; font-size:12px; border-bottom:1px solid var(--line); padding:4px 6px; }
td { border-bottom:1px solid var(--line); padding:4px 6px; vertical-align:top; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
td.obj { max-width:0; width:24%; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
td.time { white-space:nowrap; font-variant-numeric:tabular-nums; color:#3b4252; }
#problems { display:flex; gap:6px; flex-wrap:wrap; }
td.note { color:#3b4252; max-width:0; width:48%; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.hint { display:inline-block; padding:0 6px; border-radius:4px; font-size:12px; color:#fff; white-space:nowrap; }
.bar { height:8px; background:var(--line); border-radius:4px; overflow:hidden; min-width:80px; }
.bar > div { height:100%; background:var(--info); }
.legend { display:flex; flex-wrap:wrap; gap:6px 14px; margin-top:6px; font-size:12px; }
.legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; vertical-align:-1px; }
#banner { display:none; grid-column: span 12; background:#fde8e8; color:var(--bad); border:1px solid #f5b5b5; border-radius:8px; padding:8px 12px; }
#finding-list { max-height:280px; overflow:auto; }
.finding { border-left:4px solid var(--bad); padding:4px 8px; margin:6px 0; background:#fff6f6; border-radius:4px; }
.empty { color:var(--mute); font-style:italic; }
svg text { font-size:10px; fill:var(--mute); }
</style>
</head>
<body>
<header><h1>tracecore</h1><span id="ready" class="badge">…</span><span id="problems"></span><span class="meta" id="meta"></span></header>
<main>
<div id="banner"></div>
<section class="c4" id="receivers"><h2>Receiver</h2><div id="receiver-list" class="empty">waiting for data…</div></section>
<section class="c3" id="leader"><h2>Leadership</h2><div id="leader-body" class="empty">…</div></section>
<section class="c5" id="findings"><h2>Firing findings</h2><div id="finding-list" class="empty">none firing</div></section>
<section class="c12" id="rate"><h2 id="rate-title">Events per second by hint</h2><div id="chart"></div><div class="legend" id="legend"></div></section>
<section class="c12" id="exporters"><h2>Exporters</h2><table><thead><tr><th>exporter</th><th>health</th><th>queue</th><th class="num">sent</th><th class="num">failed attempts</th><th class="num">dropped</th></tr></thead><tbody id="exporter-rows"></tbody></table></section>
<section class="c12" id="events"><h2>Last 50 events</h2><table><thead><tr><th>time</th><th>hint</th><th>type</th><th>reason</th><th>object</th><th>note</th><th class="num">count</th></tr></thead><tbody id="event-rows"></tbody></table></section>
</main>
<script>
"use strict";
var FIXED = { pod_evicted:"#b91c1c", oom_killed:"#7f1d1d", node_pressure:"#ea580c", node_unhealthy:"#c2410c", image_pull_failure:"#7c3aed", backoff:"#2563eb", probe_failure:"#0891b2", schedule_failure:"#d97706", create_failure:"#a16207", mount_failure:"#059669", volume_attach_failure:"#047857", job_failed:"#db2777", hook_failure:"#be185d", kill_failure:"#9333ea", network_not_ready:"#0f766e", none:"#b8bfcc" };
var PALETTE = ["#dc2626","#ea580c","#d97706","#65a30d","#059669","#0891b2","#2563eb","#7c3aed","#c026d3","#db2777","#9f1239","#854d0e","#166534","#1e40af","#6d28d9","#0f766e","#b45309","#4d7c0f"];
var colors = {};
function colorOf(hint) {
  if (FIXED[hint]) return FIXED[hint];
  if (!colors[hint]) { var h = 0; for (var i = 0; i < hint.length; i++) h = (h * 31 + hint.charCodeAt(i)) >>> 0; colors[hint] = PALETTE[h % PALETTE.length]; }
  return colors[hint];
}
function el(tag, attrs, text) {
  var e = document.createElement(tag);
  if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function svg(tag, attrs) {
  var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  return e;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function clock(iso) { var d = new Date(iso); return d.toLocaleTimeString([], { hour12: false }); }
var serverNow = Date.now();
/** Relative to the agent's clock (the snapshot's time), not the browser's. */
function ago(iso) { var s = Math.max(0, Math.round((serverNow - new Date(iso).getTime()) / 1000)); return s < 90 ? s + " s ago" : Math.round(s / 60) + " min ago"; }
var STATE_CLASS = { watching: "ok", listing: "info", starting: "info", standby: "info", stopped: "", degraded: "bad", paused: "warn" };
var HEALTH_CLASS = { ok: "ok", failing: "bad", dropping: "bad" };

function renderReceivers(list) {
  var box = document.getElementById("receiver-list");
  clear(box); box.className = "";
  if (list.length === 0) { box.className = "empty"; box.textContent = "no receiver"; return; }
  list.forEach(function (r) {
    var row = el("div", { "class": "row", "data-receiver": r.id, "data-state": r.state });
    row.appendChild(el("span", { "class": "big" }, r.id));
    row.appendChild(el("span", { "class": "badge " + (STATE_CLASS[r.state] || "") }, r.state));
    if (r.state !== r.phase) row.appendChild(el("span", { "class": "mute" }, r.phase));
    box.appendChild(row);
    if (r.paused) box.appendChild(el("div", { "class": "mute" }, "paused by backpressure: the exporters are not keeping up; the watch resumes when there is room"));
    if (r.lastError) box.appendChild(el("div", { "class": r.degraded ? "err" : "mute" }, (r.degraded ? "last error " : "recovered; last error ") + ago(r.lastError.at) + ": " + r.lastError.message));
  });
}
function renderLeader(l) {
  var box = document.getElementById("leader-body");
  clear(box); box.className = "";
  var row = el("div", { "class": "row", "data-role": l.role });
  row.appendChild(el("span", { "class": "badge " + (l.role === "follower" ? "info" : "ok") }, l.role === "standalone" ? "single replica" : l.role));
  box.appendChild(row);
  if (l.holder) box.appendChild(el("div", null, "lease holder: " + l.holder));
  box.appendChild(el("div", { "class": "mute" }, "since " + clock(l.since)));
}
function renderFindings(list) {
  var box = document.getElementById("finding-list");
  clear(box);
  box.className = list.length === 0 ? "empty" : "";
  if (list.length === 0) { box.textContent = "none firing"; return; }
  list.forEach(function (f) {
    var d = el("div", { "class": "finding", "data-finding": f.kind });
    var head = el("div", { "class": "row" });
    head.appendChild(el("span", { "class": "badge bad" }, f.kind));
    head.appendChild(el("strong", null, f.subject));
    head.appendChild(el("span", { "class": "mute" }, f.count + "× since " + clock(f.since)));
    d.appendChild(head);
    d.appendChild(el("div", null, f.summary));
    box.appendChild(d);
  });
}
/** Empties a table body; with no rows to come, puts one row saying so. */
function resetRows(id, count, columns, emptyText) {
  var body = document.getElementById(id);
  clear(body);
  if (count === 0) { var tr = el("tr"); tr.appendChild(el("td", { colspan: String(columns), "class": "empty" }, emptyText)); body.appendChild(tr); }
  return body;
}
function renderExporters(list) {
  var body = resetRows("exporter-rows", list.length, 6, "no exporter metrics");
  list.forEach(function (x) {
    var tr = el("tr", { "data-exporter": x.id, "data-health": x.health });
    tr.appendChild(el("td", null, x.id));
    var h = el("td"); h.appendChild(el("span", { "class": "badge " + HEALTH_CLASS[x.health] }, x.health === "failing" ? "failing: endpoint not accepting" : x.health)); tr.appendChild(h);
    var q = el("td"); var fill = x.queue.capacity > 0 ? x.queue.size / x.queue.capacity : 0;
    var bar = el("div", { "class": "bar", title: x.queue.size + " / " + x.queue.capacity }); var inner = el("div"); inner.style.width = Math.min(100, fill * 100).toFixed(1) + "%";
    if (fill > 0.8) inner.style.background = "var(--bad)"; else if (fill > 0.5) inner.style.background = "var(--warn)";
    bar.appendChild(inner); q.appendChild(bar); q.appendChild(el("span", { "class": "mute" }, x.queue.size + " / " + x.queue.capacity)); tr.appendChild(q);
    tr.appendChild(el("td", { "class": "num" }, x.sent)); tr.appendChild(el("td", { "class": "num" }, x.failed)); tr.appendChild(el("td", { "class": "num" }, x.dropped));
    body.appendChild(tr);
  });
}
function renderEvents(list) {
  var body = resetRows("event-rows", list.length, 7, "no events yet");
  list.forEach(function (e) {
    var tr = el("tr", { "data-hint": e.hint || "" });
    tr.appendChild(el("td", { "class": "time", title: e.time }, clock(e.time)));
    var h = el("td"); if (e.hint) { var s = el("span", { "class": "hint" }, e.hint); s.style.background = colorOf(e.hint); h.appendChild(s); } tr.appendChild(h);
    tr.appendChild(el("td", null, e.type || ""));
    tr.appendChild(el("td", null, e.reason || ""));
    var o = e.object, obj = (o.kind || "?") + " " + (o.namespace ? o.namespace + "/" : "") + (o.name || ""); tr.appendChild(el("td", { "class": "obj", title: obj }, obj));
    tr.appendChild(el("td", { "class": "note", title: e.note }, e.note));
    tr.appendChild(el("td", { "class": "num" }, e.count));
    body.appendChild(tr);
  });
}
function renderChart(rate, startedAt) {
  var box = document.getElementById("chart"), legend = document.getElementById("legend");
  clear(box); clear(legend);
  var all = rate.total.length, up = (rate.end - new Date(startedAt).getTime() / 1000) / rate.bucketSeconds;
  var n = Math.min(all, Math.max(12, Math.ceil(up) + 1)), first = all - n;
  var minutes = n * rate.bucketSeconds / 60;
  document.getElementById("rate-title").textContent = "Events per second by hint, last " + (minutes >= 15 ? "15 minutes" : minutes < 2 ? Math.round(minutes * 60) + " seconds (since start)" : Math.round(minutes) + " minutes (since start)");
  var W = Math.max(320, box.clientWidth || 1000), H = 170, L = 34, B = 18;
  var max = 0; for (var m = first; m < all; m++) if (rate.total[m] > max) max = rate.total[m];
  var perSec = max / rate.bucketSeconds, top = 1;
  while (top < perSec) top = [1, 2, 5].indexOf(top / Math.pow(10, Math.floor(Math.log10(top)))) === 1 ? top * 2.5 : top * 2;
  var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", height: H, role: "img", "aria-label": "events per second by hint" });
  var bw = (W - L) / n, points = 0;
  for (var g = 0; g <= 2; g++) {
    var y = (H - B) - (H - B - 6) * g / 2;
    root.appendChild(svg("line", { x1: L, x2: W, y1: y, y2: y, stroke: "#e3e6eb" }));
    var t = svg("text", { x: L - 4, y: y + 3, "text-anchor": "end" }); t.textContent = String(top * g / 2); root.appendChild(t);
  }
  for (var i = 0; i < n; i++) {
    var yb = H - B;
    rate.byHint.forEach(function (s) {
      var v = s.counts[first + i]; if (!v) return;
      var h = (H - B - 6) * (v / rate.bucketSeconds) / top;
      yb -= h;
      var r = svg("rect", { x: (L + i * bw).toFixed(2), y: yb.toFixed(2), width: Math.max(1, bw - 1).toFixed(2), height: h.toFixed(2), fill: colorOf(s.hint), "class": "point" });
      var tt = svg("title", {}); tt.textContent = s.hint + ": " + (v / rate.bucketSeconds).toFixed(1) + "/s"; r.appendChild(tt);
      root.appendChild(r); points++;
    });
  }
  [0, 1, 2, 3].forEach(function (k) {
    var back = minutes * (3 - k) / 3, label = k === 3 ? "now" : "-" + (back >= 2 ? Math.round(back) + " min" : Math.round(back * 60) + " s");
    var t = svg("text", { x: L + (W - L) * k / 3 - (k === 3 ? 2 : 0), y: H - 4, "text-anchor": k === 3 ? "end" : k === 0 ? "start" : "middle" }); t.textContent = label; root.appendChild(t);
  });
  root.setAttribute("data-points", String(points));
  box.appendChild(root);
  rate.byHint.forEach(function (s) {
    var item = el("span"); var sw = el("i"); sw.style.background = colorOf(s.hint); item.appendChild(sw);
    item.appendChild(document.createTextNode(s.hint + " " + s.total)); legend.appendChild(item);
  });
}
function renderProblems(s) {
  var box = document.getElementById("problems");
  clear(box);
  s.receivers.forEach(function (r) { if (r.degraded || r.paused) box.appendChild(el("span", { "class": "badge " + (r.degraded ? "bad" : "warn") }, r.id + " " + r.state)); });
  s.exporters.forEach(function (x) { if (x.health !== "ok") box.appendChild(el("span", { "class": "badge bad" }, x.id + " " + x.health)); });
  if (s.findings.length > 0) box.appendChild(el("span", { "class": "badge bad" }, s.findings.length + (s.findings.length === 1 ? " finding" : " findings") + " firing"));
}
function render(s) {
  serverNow = new Date(s.generatedAt).getTime();
  var ready = document.getElementById("ready");
  ready.textContent = s.ready ? "ready" : "not ready"; ready.className = "badge " + (s.ready ? "ok" : "warn");
  document.getElementById("meta").textContent = "v" + s.version + " · up since " + clock(s.startedAt) + " · " + s.eventsSeen + " events seen · updated " + clock(s.generatedAt);
  renderReceivers(s.receivers); renderLeader(s.leader); renderFindings(s.findings);
  renderProblems(s); renderChart(s.rate, s.startedAt); renderExporters(s.exporters); renderEvents(s.events);
}
function refresh() {
  var banner = document.getElementById("banner");
  var ctl = new AbortController(); var timer = setTimeout(function () { ctl.abort(); }, 5000);
  fetch("status.json", { cache: "no-store", signal: ctl.signal })
    .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(function (s) { banner.style.display = "none"; render(s); })
    .catch(function (e) { banner.style.display = "block"; banner.textContent = "cannot reach the agent (" + e.message + "); showing the last data received"; })
    .finally(function () { clearTimeout(timer); setTimeout(refresh, 2000); });
}
refresh();
</script>
</body>
</html>
`;
