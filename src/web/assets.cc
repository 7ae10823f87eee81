#include "web/portal_pages.h"

namespace torikumi::web {

// Compiled into the binary so that one file deploys the whole server.
std::string_view StyleSheet() {
  return R"css(:root {
  --ink: #1a1a1a; --muted: #5c5c5c; --line: #c8c8c8; --paper: #ffffff; --band: #f3f5f7;
  --accent: #0b5cad; --ahead: #1b7a3a; --behind: #b3261e;
  font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
  line-height: 1.7; color: var(--ink); background: var(--paper);
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
a:focus, button:focus, select:focus, input:focus, textarea:focus, summary:focus,
input:focus-within, [tabindex]:focus {
  outline: 3px solid #f0b400; outline-offset: 2px;
}
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: .5rem; z-index: 10; }
header.site {
  display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem;
  padding: .75rem 1rem; background: var(--accent); color: #fff;
}
header.site a { color: #fff; }
header.site .brand { font-weight: bold; text-decoration: none; font-size: 1.1rem; }
header.site ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
header.site a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
main { padding: 1rem; max-width: 90rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h1 .no { color: var(--muted); font-weight: normal; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--accent); }
.filters {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem;
  background: var(--band); padding: 1rem; border-radius: 6px;
}
.filters .wide { grid-column: 1 / -1; }
.field label { display: block; font-weight: bold; font-size: .9rem; }
.field select, .field input { width: 100%; font-size: 1rem; padding: .4rem; border: 1px solid #767676; border-radius: 4px; }
.actions { display: flex; align-items: end; gap: 1rem; }
.actions button {
  font-size: 1rem; padding: .45rem 1.25rem; border: 0; border-radius: 4px;
  background: var(--accent); color: #fff; cursor: pointer;
}
.count { color: var(--muted); }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .4rem .5rem; vertical-align: top; text-align: left; }
thead th { background: var(--band); white-space: nowrap; }
table.sheet { min-width: 60rem; }
table.sheet tbody th { font-weight: normal; }
td.no { text-align: right; }
td p { margin: 0; }
td p + p { margin-top: .25rem; }
td.latest { max-width: 28rem; }
.when { display: block; font-size: .8rem; color: var(--muted); }
.entry + .entry { margin-top: .5rem; }
.continued { color: var(--muted); margin: 0; font-size: .9rem; }
.note { border-left: 3px solid var(--muted); padding-left: .5rem; margin: .25rem 0; }
.note p { margin: 0; }
.note .note-section { font-size: .9rem; font-weight: bold; }
table.months { min-width: 40rem; }
table.months tbody th { white-space: nowrap; width: 4rem; }
table.months td { width: 48%; }
table.goals td.rate { white-space: nowrap; text-align: right; }
.rating { white-space: nowrap; }
.rating .symbol { font-size: 1.2rem; margin-right: .25rem; }
.rating .label { font-size: .85rem; }
.rating.none { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .5rem 1rem; }
dl.facts div { border-left: 4px solid var(--band); padding-left: .5rem; }
dl.facts dt { font-size: .85rem; color: var(--muted); }
dl.facts dd { margin: 0; }
.breadcrumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0; }
.breadcrumbs li + li::before { content: "›"; margin-right: .5rem; color: var(--muted); }
.published { color: var(--muted); }
header.site .account { margin-left: auto; display: flex; align-items: center; gap: .75rem; }
header.site form { margin: 0; }
button.link { background: none; border: 0; color: #fff; text-decoration: underline; cursor: pointer; font: inherit; padding: 0; }
body.staff header.site { background: #2d3e50; }
.notice { border-left: 6px solid var(--ahead); background: #eef7f0; padding: .6rem .9rem; margin: 1rem 0; }
.notice.error { border-left-color: var(--behind); background: #fdeeee; }
.hint { color: var(--muted); font-size: .9rem; }
.years ul { list-style: none; display: flex; flex-wrap: wrap; gap: .75rem; padding: 0; margin: 0 0 .5rem; font-size: .9rem; }
.years [aria-current] { font-weight: bold; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; margin: .5rem 0 1rem; }
.toolbar .version { color: var(--muted); font-size: .85rem; }
a.button, form button[type=submit], .actions button {
  display: inline-block; font-size: 1rem; padding: .45rem 1.1rem; border: 0; border-radius: 4px;
  background: var(--accent); color: #fff; cursor: pointer; text-decoration: none;
}
button[value=return], button.danger { background: var(--behind); }
button[value=save] { background: #5c5c5c; }
.month-form { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin: .5rem 0; }
.month-form button { padding: .3rem .8rem; }
section.report { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem 1rem; margin: 1rem 0; }
section.report h2 { margin-top: .5rem; }
.progress-form textarea, form.edit textarea, .review-form textarea, .bulk textarea { width: 100%; font: inherit; padding: .4rem; }
.field { margin: .5rem 0; }
.field input[type=text], .field input[type=password], .field input[type=date], .field select { font-size: 1rem; padding: .35rem; max-width: 100%; }
form.edit .field input[type=text] { width: 100%; }
.entries { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
.entry-row { display: grid; grid-template-columns: 10rem 7rem 1fr; gap: .5rem; align-items: start; }
.entries .entry-row { border-top: 1px dashed var(--line); }
.entry-row .field { margin: .25rem 0; }
.entry-row .months-field input { width: 100%; }
.state { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .85rem; background: #e0e0e0; }
.state[data-state=draft] { background: #fff3c4; }
.state[data-state=submitted] { background: #d6e8ff; }
.state[data-state=returned] { background: #fdd8d5; }
.state[data-state=approved] { background: #d4f0db; }
.ended { display: inline-block; margin-left: .4rem; padding: .05rem .5rem; border-radius: 999px; font-size: .85rem; background: #444; color: #fff; }
.ending { border-left: 6px solid #444; background: #f2f2f2; padding: .6rem .9rem; margin: 1rem 0; }
.totals { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
.complete { color: var(--ahead); font-size: .9rem; }
.incomplete { color: var(--behind); font-size: .9rem; }
.deadline { font-weight: bold; }
.deadline.overdue, h3.overdue, .overdue-badge { color: var(--behind); }
.status.behind { color: var(--behind); font-weight: bold; }
table.goals td.achievement { white-space: nowrap; }
section.indicator { border-top: 1px solid var(--line); margin-top: 1rem; }
figure.indicator-chart { margin: .5rem 0; }
svg.chart { width: 100%; max-width: 40rem; height: auto; }
svg.chart .grid { stroke: var(--line); }
svg.chart .axis { font-size: 12px; fill: var(--muted); }
svg.chart .path { fill: none; stroke: var(--muted); stroke-width: 2; stroke-dasharray: 6 4; }
svg.chart polyline.actual, svg.chart line.actual { fill: none; stroke: var(--accent); stroke-width: 3; }
svg.chart circle.actual { fill: var(--accent); }
table.indicator-values td.number { text-align: right; white-space: nowrap; }
fieldset.indicator-fields, fieldset.figures { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
.overdue-badge { border: 1px solid currentColor; border-radius: .25rem; padding: 0 .3rem; font-size: .85rem; }
.account .notifications { margin-right: .75rem; }
.account .notifications .count { margin-left: .25rem; background: var(--behind); color: #fff; border-radius: .6rem; padding: 0 .45rem; font-size: .85rem; }
ul.notifications { list-style: none; padding: 0; }
li.notification { border-bottom: 1px solid #ccc; padding: .5rem 0; }
li.notification.unread .title { font-weight: bold; }
li.notification .meta, li.notification .body { font-size: .9rem; margin: .2rem 0; }
li.notification .body p { margin: 0; }
table.board-table { margin-bottom: 1rem; }
.comment { font-size: .85rem; color: var(--behind); }
.conflict { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.conflict .newer { border-left: 4px solid var(--behind); padding-left: 1rem; }
.diff del, .diff ins { display: block; text-decoration: none; padding: 0 .3rem; }
.diff del { background: #fdeeee; }
.diff del::before { content: "− "; }
.diff ins { background: #eef7f0; }
.diff ins::before { content: "＋ "; }
.diff .same { color: var(--muted); padding: 0 .3rem; }
.sr { position: absolute; left: -9999px; }
ol.history { list-style: none; padding: 0; }
ol.history > li { border-bottom: 1px solid var(--line); padding: .5rem 0; }
ol.history h2 { font-size: 1rem; border: 0; margin: .5rem 0; }
dl.changes dt { font-weight: bold; margin-top: .5rem; }
dl.changes dd { margin-left: 1rem; }
figure.chart { margin: 1rem 0 2rem; }
figure.chart svg { max-width: 48rem; width: 100%; height: auto; }
figure.chart figcaption { font-weight: bold; }
table.chart-data { max-width: 48rem; font-size: .85rem; margin-top: .5rem; }
form.inline { display: inline-flex; gap: .25rem; margin: .15rem 0; }
form.login { max-width: 24rem; }
footer.site { border-top: 1px solid var(--line); margin-top: 2rem; padding: 1rem; font-size: .9rem; }
@media (max-width: 40rem) {
  .conflict { grid-template-columns: 1fr; }
  .entry-row { grid-template-columns: 1fr; }
  main { padding: .75rem; }
  h1 { font-size: 1.25rem; }
  /* The list becomes one card per initiative, its title first. */
  table.sheet { min-width: 0; }
  table.sheet thead { position: absolute; left: -9999px; }
  table.sheet tbody, table.sheet td, table.sheet tbody th { display: block; border: 0; }
  table.sheet tr {
    display: flex; flex-direction: column; border: 1px solid var(--line);
    border-radius: 6px; margin-bottom: .75rem; padding: .25rem 0;
  }
  table.sheet tbody th.title { order: -1; font-weight: bold; }
  table.sheet td { padding: .15rem .5rem; }
  table.sheet td[data-label]::before {
    content: attr(data-label); display: block; font-size: .75rem; color: var(--muted);
  }
  td.no { text-align: left; }
  td.latest { max-width: none; }
  /* The twelve months read down the page: each month, then its plan and its progress. */
  table.months { min-width: 0; }
  table.months thead { position: absolute; left: -9999px; }
  table.months tbody, table.months tr, table.months tbody th, table.months td {
    display: block; width: auto; border: 0;
  }
  table.months tr { border-top: 1px solid var(--line); padding: .25rem 0; }
  table.months td { padding: .15rem .5rem; }
  table.months td[data-label]::before {
    content: attr(data-label); display: block; font-size: .75rem; color: var(--muted);
  }
  header.site .account { margin-left: 0; }
}
@media print {
  header.site, .filters, .skip { display: none; }
  .table-scroll { overflow: visible; }
}
)css";
}

// The pages work without it. It tells what the browser would not: that an upload is being
// read and checked, that a file is being made and how much of it has come, and it keeps a
// second click from sending the same work twice.
std::string_view WorkingScript() {
  return R"js("use strict";
(function () {
  const started = new WeakMap();

  function seconds(since) {
    return Math.floor((Date.now() - since) / 1000) + " 秒";
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1) + " MB";
  }

  // The message goes to the page's live region; the running count beside it is not read out
  // every second.
  function begin(status, message) {
    status.replaceChildren();
    const said = document.createElement("span");
    said.textContent = message;
    const count = document.createElement("span");
    count.className = "elapsed";
    count.setAttribute("aria-hidden", "true");
    status.append(said, " ", count);
    const since = Date.now();
    const timer = setInterval(function () { count.textContent = seconds(since); }, 1000);
    started.set(status, timer);
    return count;
  }

  function end(status, message) {
    clearInterval(started.get(status));
    started.delete(status);
    status.textContent = message;
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("form[data-working]")) return;
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("aria-busy", "true");
    begin(form.querySelector(".working"), form.dataset.working);
    // After the browser has taken the pressed button's value into what it sends.
    setTimeout(function () {
      form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  // Back on a page the browser kept: the work it had begun is over.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-working]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
      end(form.querySelector(".working"), "");
    });
  });

  async function download(link, status) {
    const count = begin(status, link.dataset.working);
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const part = await reader.read();
      if (part.done) break;
      chunks.push(part.value);
      received += part.value.length;
      count.textContent = megabytes(received);
    }
    const file = URL.createObjectURL(
      new Blob(chunks, { type: response.headers.get("Content-Type") || "" }));
    const save = document.createElement("a");
    save.href = file;
    const named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    save.download = link.getAttribute("download") || (named ? named[1] : "");
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(function () { URL.revokeObjectURL(file); }, 60000);
    end(status, save.download + " をダウンロードしました（" + megabytes(received) + "）。");
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-working][download]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey ||
        event.altKey || !window.fetch) {
      return;
    }
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    const status = document.getElementById(link.dataset.workingStatus);
    link.setAttribute("aria-busy", "true");
    download(link, status).catch(function () {
      // The browser shows what went wrong, as it would have without this script.
      end(status, "");
      window.location.assign(link.href);
    }).finally(function () { link.removeAttribute("aria-busy"); });
  });
})();
)js";
}

}  // namespace torikumi::web
