// The preview page: lists the PDFs of the last build, their problems, and the pages of one PDF.
// The server tells it (Server-Sent Events) when a build starts and ends; it then fetches /state
// again. Every text from the handouts is set as text, never as markup.
"use strict";

let state = null;
let shown = -1;  // the build number on screen

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  node.append(...children.filter(child => child !== null));
  return node;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

async function refresh() {
  const response = await fetch("/state", { cache: "no-store" });
  state = await response.json();
  shown = state.number;
  render();
}

// The PDF chosen in the address (#name), else the one the last save made, else the first.
function selected() {
  const chosen = decodeURIComponent(location.hash.slice(1));
  return state.pdfs.find(p => p.name === chosen && chosen)
    || state.pdfs.find(p => state.changed.includes(p.source))
    || state.pdfs[0] || null;
}

function render() {
  if (state.number === 0) return;
  const status = document.getElementById("status");
  const { built, unchanged, failed } = state.counts;
  const after = state.changed.length ? ` after saving ${state.changed.join(", ")}` : "";
  status.textContent = `Built at ${state.finished}${after}: ${built} built, ${unchanged} unchanged, ${failed} failed.`;
  status.className = failed || state.problems.length ? "failed" : "";
  const catalogue = document.getElementById("catalogue");
  catalogue.hidden = !state.catalogue;
  document.body.dataset.build = String(state.number);  // for anyone waiting for a build to show
  const current = selected();
  renderList(current);
  renderProblems();
  renderPages(current);
}

function renderList(current) {
  const handouts = new Map();
  for (const pdf of state.pdfs) {
    if (!handouts.has(pdf.handout)) handouts.set(pdf.handout, []);
    handouts.get(pdf.handout).push(pdf);
  }
  const items = [...handouts].map(([handout, pdfs]) => el("li", { "data-handout": handout },
    el("h3", {}, handout),
    el("ul", {}, ...pdfs.map(pdf => {
      const problems = pdf.status === "failed" ? el("span", { class: "badge failed" }, plural(pdf.errors.length, "error"))
        : pdf.warnings.length ? el("span", { class: "badge warnings" }, plural(pdf.warnings.length, "warning")) : null;
      const fresh = pdf.status === "built" && state.number > 1 ? el("span", { class: "badge built" }, "rebuilt") : null;
      return el("li", {},
        el("a", { href: `#${encodeURIComponent(pdf.name || pdf.source)}`, class: "pdf", "data-name": pdf.name,
                  "aria-current": pdf === current ? "true" : null },
          `${pdf.language} · ${pdf.layout}`, problems, fresh,
          pdf.title ? el("span", { class: "title", lang: pdf.language, dir: "auto" }, pdf.title) : null));
    }))));
  document.getElementById("pdfs").replaceChildren(...items);
}

// A problem: where and what, then its hint ("did you mean …") and the other places it involves
// (the source item a translation lacks), each on a line of its own.
function renderProblems() {
  const seen = new Set();
  const key = d => [d.where, d.message, d.hint, ...d.related.map(r => r.where)].join("\n");
  const all = [...state.problems, ...state.pdfs.flatMap(p => [...p.errors, ...p.warnings])]
    .filter(d => !seen.has(key(d)) && seen.add(key(d)))
    .sort((a, b) => (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1));
  document.getElementById("problems").replaceChildren(...all.map(d => el("li", { class: d.severity },
    el("span", { class: "severity" }, d.severity === "error" ? "Error" : "Warning"),
    d.where ? el("code", {}, d.where) : null, d.where ? ": " : "", d.message,
    d.hint ? el("p", { class: "hint" }, el("span", { class: "label" }, "Hint: "), d.hint) : null,
    d.related.length ? el("ul", { class: "related" }, ...d.related.map(r => el("li", {},
      el("span", { class: "label" }, `${r.note}: `), el("code", {}, r.where)))) : null)));
  document.getElementById("no-problems").hidden = all.length > 0;
}

function renderPages(pdf) {
  const heading = document.getElementById("viewing");
  const note = document.getElementById("viewing-note");
  const pages = document.getElementById("pages");
  if (!pdf) {
    heading.textContent = "No PDF yet";
    note.textContent = "";
    pages.replaceChildren();
    return;
  }
  heading.textContent = pdf.title || pdf.name || pdf.source;
  heading.lang = pdf.language;
  heading.dir = "auto";
  if (pdf.status === "failed") {
    note.textContent = `${pdf.source} in the ${pdf.layout} layout failed: ${plural(pdf.errors.length, "error")}, listed under Problems.`;
    pages.replaceChildren();
    pages.dataset.key = "";
    return;
  }
  note.textContent = `${pdf.name}: ${plural(pdf.pages, "page")}, from ${pdf.source}.`;
  const key = `${pdf.name} ${pdf.version}`;
  if (pages.dataset.key === key) return;  // the same PDF as on screen: keep it, and the scroll position
  pages.dataset.key = key;
  const name = encodeURIComponent(pdf.name);
  if (state.images) {
    pages.replaceChildren(...Array.from({ length: pdf.pages }, (_, i) => el("img", {
      src: `/pages/${name}/${i + 1}.png?v=${pdf.version}`, alt: `Page ${i + 1} of ${pdf.pages} of ${pdf.name}`,
      loading: i < 2 ? "eager" : "lazy" })));
  } else {  // no page images on this server: the browser's own PDF viewer
    pages.replaceChildren(el("iframe", { src: `/output/${name}?v=${pdf.version}`, title: pdf.name }));
  }
}

function connect() {
  const events = new EventSource("/events");
  events.onmessage = event => {
    const message = JSON.parse(event.data);
    if (message.building) {
      const status = document.getElementById("status");
      status.textContent = "Rebuilding…";
      status.className = "building";
    } else if (message.number !== shown) {
      refresh();
    }
  };
  events.onerror = () => {
    if (events.readyState === EventSource.CLOSED) return;
    document.getElementById("status").textContent = "The preview has stopped (generate.py --serve is not running). Waiting for it…";
  };
}

window.addEventListener("hashchange", () => state && render());
refresh();
connect();
