"""The web review's templates, stylesheet and script.

Templates are Jinja2 with autoescaping on for every template, so anything from a report (a
value, a name, the source text) is escaped wherever it is put; nothing is marked `|safe`. The
script and the stylesheet are served as files (`/static/…`) and the pages send a
Content-Security-Policy that allows scripts from the server only: even a report text that got
past the escaping could not run inline script or an `onerror=` handler.

Keys (the script): a accept, e edit (type, Enter saves), r reject, s skip, j next, k previous,
u undo the last decision of this session, Escape leaves the edit box. Buttons and links do the
same with the mouse.
"""

from __future__ import annotations

from jinja2 import DictLoader, Environment, StrictUndefined

from pipeline.export.queue import REPORT_KINDS
from pipeline.trust.checks import CHECK_KINDS

CSS = """
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; color: #1d1d1d; }
header { position: sticky; top: 0; background: #f6f7f9; border-bottom: 1px solid #d9dde3;
         padding: .5rem 1.25rem; display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; align-items: center; }
header h1 { font-size: 1.05rem; margin: 0; }
header h1 a { color: inherit; text-decoration: none; }
#progress { font-variant-numeric: tabular-nums; }
#progress b { font-weight: 600; }
header form { display: flex; gap: .4rem; flex-wrap: wrap; margin: 0; }
header input, header select { font: inherit; padding: .1rem .3rem; max-width: 11rem; }
main { padding: 1rem 1.25rem 3rem; max-width: 72rem; }
table { border-collapse: collapse; width: 100%; }
#queue td:nth-child(5) { max-width: 20rem; overflow-wrap: anywhere; }
#queue td:nth-child(2) { max-width: 14rem; overflow-wrap: anywhere; }
th, td { border-bottom: 1px solid #e3e6ea; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { font-weight: 600; background: #fafbfc; }
td.num { font-variant-numeric: tabular-nums; text-align: right; }
.why { display: inline-block; background: #fff1d6; border: 1px solid #e9b85c; border-radius: 3px;
       padding: 0 .3rem; margin: 0 .2rem .1rem 0; font-size: .85em; }
.why.check { background: #fde2e1; border-color: #d9605a; }
.why.report { background: #e8defa; border-color: #8b67d1; }
.tag { color: #666; font-size: .85em; }
.value { font-size: 1.35rem; font-weight: 600; margin: .3rem 0 .8rem; }
.context { white-space: pre-wrap; background: #fbfbf8; border: 1px solid #e4e2d8; padding: .75rem;
           border-radius: 4px; }
mark { background: #ffd54d; padding: 0 .1rem; }
.actions { display: flex; gap: .6rem; flex-wrap: wrap; align-items: center; margin: 1rem 0; }
.actions form { margin: 0; display: flex; gap: .4rem; }
button { font: inherit; padding: .25rem .8rem; cursor: pointer; border: 1px solid #9aa3ad;
         border-radius: 4px; background: #fff; }
button:disabled { opacity: .45; cursor: default; }
button kbd, a kbd { font-size: .8em; color: #555; }
#edit-value { font: inherit; width: 16rem; padding: .2rem .4rem; }
.error { color: #a11; font-weight: 600; }
.notice { color: #2d6a2d; }
.nav { display: flex; gap: 1rem; margin: .5rem 0; }
.report-text { white-space: pre-wrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 .5rem; }
dt { color: #555; } dd { margin: 0; }
"""

SCRIPT = """
(function () {
  "use strict";
  function click(selector) {
    var el = document.querySelector(selector);
    if (el && !el.disabled) { el.click(); return true; }
    return false;
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      if (e.key === "Escape") t.blur();
      return;
    }
    var done = false;
    if (e.key === "a") done = click('button[value="accept"]');
    else if (e.key === "r") done = click('button[value="reject"]');
    else if (e.key === "s") done = click('button[value="skip"]');
    else if (e.key === "j" || e.key === "Enter") done = click('a[rel="next"]');
    else if (e.key === "k") done = click('a[rel="prev"]');
    else if (e.key === "u") done = click("#undo button");
    else if (e.key === "e") {
      var input = document.getElementById("edit-value");
      if (input && !input.disabled) { input.focus(); input.select(); done = true; }
    }
    if (done) e.preventDefault();
  });
})();
"""

_BASE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{% block title %}Review{% endblock %} · {{ run }}</title>
<link rel="stylesheet" href="/static/review.css"></head>
<body>
<header>
  <h1><a href="/?{{ filter_query }}">Review · {{ run }}</a></h1>
  <span id="progress"><b id="decided">{{ progress.decided }}</b> decided ·
    <b id="remaining">{{ progress.remaining }}</b> remaining{% if progress.skipped %} ·
    {{ progress.skipped }} skipped{% endif %} · {{ progress.total }} in the queue</span>
  <form method="get" action="/" id="filters">
    <input name="report" placeholder="report" value="{{ filters.report }}" size="14">
    <select name="why"><option value="">any reason</option>
      {% for k in choices.why %}<option{% if k == filters.why %} selected{% endif %}>{{ k }}</option>{% endfor %}
    </select>
    <select name="field"><option value="">any field</option>
      {% for k in choices.field %}<option{% if k == filters.field %} selected{% endif %}>{{ k }}</option>{% endfor %}
    </select>
    <select name="agency"><option value="">any agency</option>
      {% for k in choices.agency %}<option{% if k == filters.agency %} selected{% endif %}>{{ k }}</option>{% endfor %}
    </select>
    <button type="submit">filter</button>
  </form>
  {% if undo %}<form method="post" action="/undo" id="undo">
    <input type="hidden" name="token" value="{{ token }}">
    <input type="hidden" name="back" value="{{ filter_query }}">
    <button type="submit" title="undo: {{ undo }}">undo <kbd>u</kbd></button></form>{% endif %}
</header>
<main>{% block main %}{% endblock %}</main>
<script src="/static/review.js"></script>
</body></html>
"""

_WHY = """{% macro why(row) -%}
{%- for k in row.why %}<span class="why {{ kind_class(k) }}">{{ k }}</span>{% endfor -%}
{%- endmacro %}"""

_QUEUE = """{% extends "base.html" %}{% from "macros.html" import why %}
{% block title %}Queue{% endblock %}
{% block main %}
{% if rows %}
<p class="nav">{% if rows %}<a rel="next" href="/item/{{ rows[0].id }}?{{ filter_query }}">start with the first
  <kbd>j</kbd></a>{% endif %}
  {% if offset > 0 %}<a href="/?{{ page_query(offset - limit) }}">← previous page</a>{% endif %}
  {% if more %}<a href="/?{{ page_query(offset + limit) }}">next page →</a>{% endif %}</p>
<table id="queue"><thead><tr><th>#</th><th>report</th><th>record</th><th>field</th><th>value</th>
  <th>why</th><th>confidence</th></tr></thead><tbody>
{% for row in rows %}<tr data-id="{{ row.id }}">
  <td class="num">{{ offset + loop.index }}</td>
  <td><a href="/item/{{ row.id }}?{{ filter_query }}">{{ row.field.report }}</a></td>
  <td>{{ row.field.record }}</td><td>{{ row.field.field or "(whole record)" }}</td>
  <td>{{ row.display }}</td>
  <td>{{ why(row) }}{% if row.skipped %} <span class="tag">skipped</span>{% endif %}</td>
  <td class="num">{{ "%.2f"|format(row.field.confidence) }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p id="empty">Nothing left to review{% if filter_query %} with these filters{% endif %}.
Run <code>pipeline export {{ run_dir }}</code> to apply the decisions to the exports.</p>{% endif %}
{% endblock %}"""

_ITEM = """{% extends "base.html" %}{% from "macros.html" import why %}
{% block title %}{{ row.field.path }}{% endblock %}
{% block main %}
<p class="nav">
  {% if prev %}<a rel="prev" href="/item/{{ prev.id }}?{{ filter_query }}">← previous <kbd>k</kbd></a>{% endif %}
  {% if next %}<a rel="next" href="/item/{{ next.id }}?{{ filter_query }}">next <kbd>j</kbd> →</a>{% endif %}
  <a href="/?{{ filter_query }}">queue</a></p>
{% if notice %}<p class="notice">{{ notice }}</p>{% endif %}
<dl>
  <dt>report</dt><dd id="report">{{ row.field.report }}{% if row.title %} — {{ row.title }}{% endif %}</dd>
  <dt>agency</dt><dd>{{ row.agency or "—" }}</dd>
  <dt>record</dt><dd>{{ row.field.record }}</dd>
  <dt>path</dt><dd id="path">{{ row.field.path }}</dd>
  <dt>why</dt><dd id="why">{{ why(row) }}{% if row.decided %} <span class="tag">already decided</span>
    {% elif row.skipped %} <span class="tag">skipped before</span>{% endif %}</dd>
  {% if row.message %}<dt>check</dt><dd>{{ row.message }}</dd>{% endif %}
  {% if not row.report_level %}<dt>confidence</dt><dd>{{ "%.2f"|format(row.field.confidence) }}</dd>{% endif %}
  {% for reason in row.field.reasons %}<dt>{% if loop.first %}reasons{% endif %}</dt><dd>{{ reason }}</dd>{% endfor %}
</dl>
<div class="value" id="value">{{ row.display or "(empty)" }}</div>
{% if context %}<div class="context" id="context">…{{ context.before }}<mark>{{ context.match }}</mark>{{ context.after }}…</div>
{% else %}<p class="tag" id="context">{{ problem }}</p>{% endif %}
<p><a id="whole" href="/report/{{ row.id }}?{{ filter_query }}#span">whole report</a></p>
<div class="actions">
  <form method="post" action="/decide" id="decide">
    <input type="hidden" name="token" value="{{ token }}"><input type="hidden" name="id" value="{{ row.id }}">
    <input type="hidden" name="path" value="{{ row.field.path }}"><input type="hidden" name="back" value="{{ filter_query }}">
    <button type="submit" name="decision" value="accept">accept <kbd>a</kbd></button>
    <button type="submit" name="decision" value="reject"{% if not can_reject %} disabled{% endif %}>reject <kbd>r</kbd></button>
    <button type="submit" name="decision" value="skip">skip <kbd>s</kbd></button>
  </form>
  <form method="post" action="/decide" id="edit">
    <input type="hidden" name="token" value="{{ token }}"><input type="hidden" name="id" value="{{ row.id }}">
    <input type="hidden" name="path" value="{{ row.field.path }}"><input type="hidden" name="back" value="{{ filter_query }}">
    <input type="hidden" name="decision" value="edit">
    <input id="edit-value" name="value" value="{{ typed }}" placeholder="new value (e)" autocomplete="off"
      {% if not can_edit %}disabled{% endif %}>
    <button type="submit"{% if not can_edit %} disabled{% endif %}>save edit <kbd>e</kbd></button>
  </form>
</div>
{% if error %}<p class="error" id="error">{{ error }}</p>{% endif %}
{% if row.report_level %}<p class="tag">A report-level item: accept once you have checked the report has no
  more indicators than were read (the values themselves are edited field by field).</p>{% endif %}
{% endblock %}"""

_REPORT = """{% extends "base.html" %}
{% block title %}{{ row.field.report }}{% endblock %}
{% block main %}
<p class="nav"><a href="/item/{{ row.id }}?{{ filter_query }}">← back to the item</a></p>
<h2>{{ row.field.report }}{% if row.title %} — {{ row.title }}{% endif %}</h2>
<p class="tag">{{ row.source_path }}</p>
{% if text is none %}<p class="tag">{{ problem }}</p>
{% else %}<div class="report-text context">{{ text.before }}{% if text.match is not none %}<mark id="span">{{ text.match }}</mark>{% endif %}{{ text.after }}</div>{% endif %}
{% endblock %}"""

_MESSAGE = """{% extends "base.html" %}
{% block main %}<p class="error">{{ message }}</p><p><a href="/?{{ filter_query }}">back to the queue</a></p>
{% endblock %}"""


def kind_class(kind: str) -> str:
    """CSS class of a reason badge: report-level, failed check, or low confidence."""
    return "report" if kind in REPORT_KINDS else "check" if kind in CHECK_KINDS else ""


TEMPLATES = Environment(
    loader=DictLoader(
        {
            "base.html": _BASE,
            "macros.html": _WHY,
            "queue.html": _QUEUE,
            "item.html": _ITEM,
            "report.html": _REPORT,
            "message.html": _MESSAGE,
        }
    ),
    autoescape=True,
    undefined=StrictUndefined,
)
TEMPLATES.globals["kind_class"] = kind_class
