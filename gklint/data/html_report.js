/* gklint HTML report: hover notes, click to open them in the text, sortable index.
   Holds no data: finding numbers come from data-f attributes, notes are cloned DOM nodes. */
(function () {
  "use strict";
  var doc = document, tip = doc.getElementById("tip");
  var slice = Array.prototype.slice;

  // How many findings are marked in each report's text (read by tests and tools).
  var total = 0;
  slice.call(doc.querySelectorAll("section.report")).forEach(function (s) {
    var n = s.querySelectorAll(".src a.pin").length;
    s.setAttribute("data-marks-rendered", String(n));
    total += n;
  });
  doc.body.setAttribute("data-marks-rendered", String(total));

  function notesOf(el) {
    var s = el.closest("section.report");
    if (!s) return [];
    return (el.getAttribute("data-f") || "").split(" ").map(function (k) {
      return k ? doc.getElementById(s.id + "f" + k) : null;
    }).filter(Boolean);
  }
  function isOpen(n) { return n.offsetParent !== null && !tip.contains(n); }
  function markOf(e) {
    var t = e.target;
    return t && t.closest ? t.closest(".src mark.m, .src a.pin") : null;
  }

  var current = null, timer = 0;
  function show(el) {
    var notes = notesOf(el);
    // Nothing to float when the notes are already open under the line.
    if (!notes.length || notes.every(isOpen)) return;
    clearTimeout(timer);
    current = el;
    tip.replaceChildren.apply(tip, notes.map(function (n) {
      var c = n.cloneNode(true);
      c.removeAttribute("id");
      return c;
    }));
    tip.hidden = false;
    var r = el.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var width = doc.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, width - w - 8));
    var top = r.bottom + 6;
    if (top + h > window.innerHeight && r.top - h - 6 > 0) top = r.top - h - 6;
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }
  function hide() { tip.hidden = true; current = null; }
  function hideSoon() { clearTimeout(timer); timer = setTimeout(hide, 300); }

  doc.addEventListener("mouseover", function (e) {
    var m = markOf(e);
    if (m) { if (m !== current) show(m); else clearTimeout(timer); }
    else if (tip.contains(e.target)) clearTimeout(timer);
  });
  doc.addEventListener("mouseout", function (e) {
    if (markOf(e) || tip.contains(e.target)) hideSoon();
  });
  doc.addEventListener("focusin", function (e) { var m = markOf(e); if (m) show(m); });
  doc.addEventListener("focusout", function (e) { if (markOf(e)) hideSoon(); });
  doc.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });

  // A click on a mark opens (or closes) its notes under the line, instead of jumping.
  doc.addEventListener("click", function (e) {
    var m = markOf(e);
    if (!m) return;
    e.preventDefault();
    var notes = notesOf(m);
    var open = !notes.every(isOpen);
    notes.forEach(function (n) {
      n.classList.toggle("open", open);
      n.classList.toggle("shut", !open); // also over :target and "展开全部"
    });
    hide();
  });
  // Arriving at a mark from the list (#r1m3) opens its note too.
  function openTarget() {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (err) { return; }
    var el = id ? doc.getElementById(id) : null;
    if (el && el.matches(".src a.pin")) notesOf(el).forEach(function (n) {
      n.classList.add("open");
      n.classList.remove("shut");
    });
    hide();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // The index: click a numeric column head to sort by it (errors first), again to reverse.
  var idx = doc.querySelector("table.idx");
  if (!idx) return;
  var heads = slice.call(idx.tHead.rows[0].cells);
  function value(row, i) { return Number(row.cells[i].getAttribute("data-v")); }
  heads.forEach(function (th, i) {
    if (!th.hasAttribute("data-sort")) return;
    th.tabIndex = 0;
    th.classList.add("sortable");
    function sort() {
      var desc = th.getAttribute("aria-sort") !== "descending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      var body = idx.tBodies[0];
      slice.call(body.rows).sort(function (a, b) {
        return (desc ? value(b, i) - value(a, i) : value(a, i) - value(b, i)) || value(a, 0) - value(b, 0);
      }).forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
})();
