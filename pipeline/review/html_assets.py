"""The inline CSS and JavaScript of the static review pages (no network: everything is in the page).

The script renders report text with `textContent` only, never `innerHTML`, so text from a report
(`<script>…`) stays text. With `#selftest` in the URL it checks itself — counts the marked cells,
clicks each of them (so every marked snippet is rendered once), clicks the first again, waits
300 ms (an injected `<img onerror>` would fire by then) — and writes what it saw as JSON into
`<pre id="selftest">`, for the headless-browser test (`chromium --dump-dom`).
"""

from __future__ import annotations

CSS = """
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0 24rem 2rem 1.5rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; } h3 { font-size: 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .2rem .45rem; vertical-align: top; }
th { background: #f3f3f3; text-align: left; }
td[data-snippet] { cursor: pointer; }
td.low { background: #ffe1b3; outline: 2px solid #e08a00; }
td.selected { box-shadow: inset 0 0 0 2px #1b5fc1; }
#evidence { position: fixed; top: 0; right: 0; width: 22rem; height: 100vh; overflow: auto;
  padding: 1rem; background: #fafafa; border-left: 1px solid #ccc; box-sizing: border-box; }
#evidence-text { white-space: pre-wrap; word-break: break-all; }
#evidence-text mark { background: #ffd54d; font-weight: bold; }
#evidence-reasons { padding-left: 1.1rem; }
.legend .low { padding: 0 .3rem; }
"""

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("snippets").textContent);
  var text = document.getElementById("evidence-text");
  var where = document.getElementById("evidence-where");
  var reasons = document.getElementById("evidence-reasons");
  function show(cell) {
    var s = data[cell.getAttribute("data-snippet")];
    if (!s) { return; }
    var selected = document.querySelector("td.selected");
    if (selected) { selected.classList.remove("selected"); }
    cell.classList.add("selected");
    where.textContent = s.label;
    reasons.textContent = "";
    s.reasons.forEach(function (reason) {
      var item = document.createElement("li");
      item.textContent = reason;
      reasons.appendChild(item);
    });
    text.textContent = "";
    if (s.match === null) { text.textContent = s.note; return; }
    text.appendChild(document.createTextNode("\\u2026" + s.before));
    var mark = document.createElement("mark");
    mark.textContent = s.match;
    text.appendChild(mark);
    text.appendChild(document.createTextNode(s.after + "\\u2026"));
  }
  document.addEventListener("click", function (event) {
    var cell = event.target.closest ? event.target.closest("td[data-snippet]") : null;
    if (cell) { show(cell); }
  });
  if (window.location.hash === "#selftest") {
    var low = document.querySelectorAll("td.low");
    Array.prototype.forEach.call(low, function (cell) { cell.click(); });
    var first = low.length ? low[0] : null;
    if (first) { first.click(); }
    window.setTimeout(function () {
      var mark = document.querySelector("#evidence-text mark");
      document.getElementById("selftest").textContent = JSON.stringify({
        low: low.length,
        clicked: first ? first.getAttribute("data-path") : null,
        evidence: text.textContent,
        mark: mark ? mark.textContent : null,
        injected: typeof window.__injected !== "undefined",
        title: document.title
      });
    }, 300);
  }
})();
"""
