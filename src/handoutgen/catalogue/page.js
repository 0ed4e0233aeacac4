// The catalogue page's behaviour: filter by title, language and layout; flag review dates that
// have passed by the reader's own day (the page may be opened months after it was built); copy
// a PDF's file path for attaching it to an email. Plain JavaScript, no external files.
(() => {
  "use strict";
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  // Case and accents ignored: "mieloma" finds "Mieloma", "tieng viet" finds "Tiếng Việt".
  // đ has a stroke, not a combining mark, so it is folded by hand.
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

  const form = $("#filters");
  const query = $("#q");
  const language = $("#language");
  const layout = $("#layout");
  const summary = $("#summary");
  const empty = $("#empty");
  const handouts = $$(".handout").map((card) => ({
    card,
    text: fold([card.dataset.handout, ...$$(".title", card).map((t) => t.textContent)].join("\n")),
    table: $("table", card),
    missing: $(".missing", card),
    rows: $$("tr.version", card).map((row) => ({
      row, language: row.dataset.language, english: row.dataset.english, pdfs: $$("li[data-layout]", row),
    })),
  }));

  const plural = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

  function filter() {
    const words = fold(query.value).split(/\s+/).filter(Boolean);
    const languages = new Set();
    let cards = 0; // with rows to show
    let visible = 0; // with rows or a note
    let pdfs = 0;
    for (const handout of handouts) {
      const matches = words.every((word) => handout.text.includes(word));
      let rows = 0;
      for (const { row, language: tag, pdfs: items } of handout.rows) {
        let shown = 0;
        for (const item of items) {
          item.hidden = Boolean(layout.value) && item.dataset.layout !== layout.value;
          shown += !item.hidden;
        }
        row.hidden = !matches || shown === 0 || (Boolean(language.value) && tag !== language.value);
        if (!row.hidden) {
          rows += 1;
          pdfs += shown;
          languages.add(tag);
        }
      }
      // A handout the search finds but that lacks the chosen language stays in view with a note,
      // so the nurse knows the topic exists and in which languages.
      const lacking = matches && words.length > 0 && Boolean(language.value)
        && !handout.rows.some((r) => r.language === language.value);
      handout.missing.hidden = !lacking;
      if (lacking) {
        const wanted = language.selectedOptions[0].dataset.english;
        handout.missing.textContent = `Not available in ${wanted} yet. Available in ${handout.rows.map((r) => r.english).join(", ")}.`;
      }
      handout.table.hidden = rows === 0;
      handout.card.hidden = rows === 0 && !lacking;
      cards += rows > 0;
      visible += !handout.card.hidden;
    }
    const filtered = words.length > 0 || language.value || layout.value;
    const found = `${plural(languages.size, "language")}, ${plural(pdfs, "PDF")}.`;
    summary.textContent = filtered ? `Showing ${cards} of ${plural(handouts.length, "handout")}: ${found}`
      : `${plural(cards, "handout")} in ${found}`;
    empty.hidden = visible > 0 || handouts.length === 0;
  }

  function localDay() {
    const now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  }

  function flagOverdue() {
    const today = localDay();
    let overdue = 0;
    for (const row of $$("tr.version")) {
      const past = row.dataset.reviewBy < today;
      row.classList.toggle("is-overdue", past);
      $(".overdue", row).hidden = !past;
      overdue += past;
    }
    $("#overdue-summary").hidden = overdue === 0;
    $("#overdue-count").textContent = `${plural(overdue, "language version")} ${overdue === 1 ? "is" : "are"} past the review date.`;
  }

  // The path a mail program's "attach" dialog accepts: a local or shared-drive path for a page
  // opened from disk (file:///C:/..., file://server/share/...), else the PDF's address.
  function filePath(name) {
    const url = new URL(name, document.baseURI);
    if (url.protocol !== "file:") return url.href;
    const path = decodeURIComponent(url.pathname);
    if (url.host) return `\\\\${url.host}${path.replace(/\//g, "\\")}`;
    if (/^\/[A-Za-z]:\//.test(path)) return path.slice(1).replace(/\//g, "\\");
    return path;
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard API (some browsers on file:// pages): copy through a selected text field.
      const field = Object.assign(document.createElement("textarea"), { value: text, readOnly: true });
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.append(field);
      field.select();
      const copied = document.execCommand("copy");
      field.remove();
      if (!copied) throw new Error("copy refused");
    }
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button.copy");
    if (!button) return;
    const label = $(".label", button);
    const path = filePath(button.dataset.file);
    button.dataset.path = path;
    try {
      await copy(path);
      label.textContent = "Copied";
      summary.textContent = `Copied the file path: ${path}`;
    } catch {
      label.textContent = "Copy failed";
      summary.textContent = `Could not copy. The file path is ${path}`;
    }
    setTimeout(() => { label.textContent = "Copy path"; }, 2500);
  });

  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", filter);
  form.addEventListener("reset", () => setTimeout(filter));
  $("#clear").addEventListener("click", () => { form.reset(); query.focus(); });
  // "/" jumps to the search box, as on many sites, unless the reader is typing somewhere.
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && !event.target.closest("input, select, textarea")) {
      event.preventDefault();
      query.focus();
    }
  });

  flagOverdue();
  filter();
})();
