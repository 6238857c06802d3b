"use strict";
/* The dashboard's views, chosen by the URL's hash: #/events?..., #/doc/ID, #/dyad/A/B, #/map. */

const PAGE = 25;

function route() {
  const hash = location.hash.replace(/^#\/?/, "") || "events";
  const [path, query] = hash.split("?");
  return { parts: path.split("/").map(decodeURIComponent), params: new URLSearchParams(query || "") };
}

function go(path, params) { location.hash = "#/" + path + qs(params); }

function field(label, input) { return h("label", {}, label, input); }

/* -- events ------------------------------------------------------------------ */

async function renderEvents(view, params) {
  const p = Object.fromEntries(params.entries());
  const input = (name, attrs) => h("input", { name, value: p[name] || "", ...attrs });
  const quad = h("select", { name: "quad_class" }, h("option", { value: "" }, "any"),
    [1, 2, 3, 4].map((q) => h("option", { value: q, selected: p.quad_class === String(q) }, `${q} ${QUAD[q]}`)));
  const root = h("select", { name: "root" }, h("option", { value: "" }, "any"),
    Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, "0"))
      .map((r) => h("option", { value: r, selected: p.root === r }, r)));
  const dyads = h("datalist", { id: "dyad-options" });
  const form = h("form", { class: "filters", id: "event-filters" },
    field("Country", input("country", { class: "code", placeholder: "IRN", maxlength: 3 })),
    field("Dyad", input("dyad", { placeholder: "RUS-UKR", list: "dyad-options", size: 9 })),
    field("QuadClass", quad), field("CAMEO root", root),
    field("Since", input("since", { type: "date" })), field("Until", input("until", { type: "date" })),
    field("Text", input("text", { type: "search", placeholder: "words in the sentence" })),
    h("button", { type: "submit" }, "Filter"),
    h("button", { type: "button", class: "secondary", onclick: () => go("events") }, "Clear"), dyads);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    for (const k of ["country", "dyad"]) if (values[k]) values[k] = values[k].trim().toUpperCase();
    go("events", values);
  });
  const results = h("div", { id: "event-results" }, h("p", { class: "muted" }, "Loading events…"));
  clear(view).append(h("h1", {}, "Events"), form, results);
  getJSON("/relations").then((rel) => dyads.append(...rel.links.map((l) =>
    h("option", { value: `${l.a}-${l.b}` }, `${l.events} events`)))).catch(() => {});
  const offset = Number(p.offset || 0);
  const filters = { ...p, limit: PAGE, offset };
  let data;
  try { data = await getJSON("/events", filters); } catch (err) { clear(results).appendChild(errorBox(err)); return; }
  const rows = data.items.map((ev) => h("tr", { class: "link", tabindex: 0, dataset: { doc: ev.doc_id, event: ev.event_id },
      onclick: () => go("doc/" + encodeURIComponent(ev.doc_id), { event: ev.event_id }),
      onkeydown: (e) => { if (e.key === "Enter") go("doc/" + encodeURIComponent(ev.doc_id), { event: ev.event_id }); } },
    h("td", {}, fmt(ev.date || ev.published)),
    h("td", {}, fmt(ev.source), h("div", { class: "muted" }, fmt(ev.source_country))),
    h("td", {}, h("span", { class: "quad q" + (ev.quad_class || 0), title: QUAD[ev.quad_class] || "" }),
      `${ev.cameo} ${ev.label || ""}`, h("div", { class: "muted" }, ev.modality)),
    h("td", {}, fmt(ev.target), h("div", { class: "muted" }, fmt(ev.target_country))),
    h("td", {}, fmt(ev.goldstein)),
    h("td", { class: "sentence" }, fmt(ev.sentence_text))));
  const pager = h("div", { class: "pager" },
    h("button", { class: "secondary", disabled: offset === 0,
                  onclick: () => go("events", { ...p, offset: Math.max(0, offset - PAGE) }) }, "← newer"),
    h("span", { class: "muted" }, data.items.length ? `${offset + 1}–${offset + data.items.length}` : "no events match"),
    h("button", { class: "secondary", disabled: data.next_offset === null,
                  onclick: () => go("events", { ...p, offset: data.next_offset }) }, "older →"));
  clear(results).append(
    h("table", { id: "events-table" },
      h("thead", {}, h("tr", {}, ["date", "source", "event", "target", "Goldstein", "sentence"].map((c) => h("th", {}, c)))),
      h("tbody", {}, rows)),
    pager);
}

/* -- country pair ------------------------------------------------------------ */

function rowsTable(rows, columns, empty) {
  if (!rows.length) return h("p", { class: "muted" }, empty);
  return h("table", {}, h("thead", {}, h("tr", {}, columns.map(([, label]) => h("th", {}, label)))),
    h("tbody", {}, rows.map((r) => h("tr", { class: r.doc_id ? "link" : "", tabindex: r.doc_id ? 0 : null,
        onclick: () => { if (r.doc_id) go("doc/" + encodeURIComponent(r.doc_id)); } },
      columns.map(([key]) => h("td", { class: key === "sentence_text" ? "sentence" : "" }, fmt(r[key])))))));
}

async function renderDyad(view, parts, params) {
  const [a, b] = [(parts[1] || "").toUpperCase(), (parts[2] || "").toUpperCase()];
  const p = Object.fromEntries(params.entries());
  const form = h("form", { class: "filters", id: "dyad-form" },
    field("Country", h("input", { name: "a", class: "code", value: a, placeholder: "RUS", maxlength: 3, required: true })),
    field("and", h("input", { name: "b", class: "code", value: b, placeholder: "UKR", maxlength: 3, required: true })),
    field("Since", h("input", { name: "since", type: "date", value: p.since || "" })),
    field("Until", h("input", { name: "until", type: "date", value: p.until || "" })),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    go(`dyad/${v.a.trim().toUpperCase()}/${v.b.trim().toUpperCase()}`, { since: v.since, until: v.until });
  });
  const body = h("div", { id: "dyad-body" });
  clear(view).append(h("h1", {}, a && b ? `${a} and ${b}` : "Country pair"), form, body);
  if (!a || !b) {
    body.appendChild(h("p", { class: "muted" }, "Choose two countries, or pick a link on the relations map."));
    return;
  }
  let report;
  try { report = await getJSON(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { since: p.since, until: p.until }); }
  catch (err) { body.appendChild(errorBox(err)); return; }
  const side = (code) => report.quotes.filter((q) => q.speaker_country === code);
  const quoteList = (code) => h("section", { class: "card" }, h("h2", {}, `Quotes from ${code}`),
    side(code).length ? h("ul", { class: "plain" }, side(code).map((q) => h("li", {},
      h("blockquote", {}, "“", q.text, "”"),
      h("div", { class: "muted" }, `${q.speaker} · ${fmt(q.published)} · `,
        h("a", { href: "#/doc/" + encodeURIComponent(q.doc_id) }, q.title || "document")))))
      : h("p", { class: "muted" }, "No quotes."));
  body.append(
    h("h2", {}, "Cooperation and conflict by month"), timelineChart(report.timeline),
    h("h2", {}, "Latest events"),
    rowsTable(report.events, [["date", "date"], ["country1", "from"], ["country2", "to"], ["cameo", "CAMEO"],
      ["label", "event"], ["goldstein", "Goldstein"], ["num_articles", "articles"], ["sentence_text", "sentence"]],
      "No events."),
    h("h2", {}, "Agreements"),
    rowsTable(report.agreements, [["first_date", "first seen"], ["what", "what"], ["parties", "parties"],
      ["status", "status"], ["status_date", "since"], ["sentence_text", "evidence"]], "No agreements."),
    h("h2", {}, "Open targets and promises"),
    rowsTable(report.open, [["first_date", "first seen"], ["kind", "kind"], ["what", "what"], ["parties", "parties"],
      ["status", "status"], ["sentence_text", "evidence"]], "No open targets or promises."),
    h("div", { class: "two-cols" }, quoteList(a), quoteList(b)));
}

/* -- relations map ----------------------------------------------------------- */

async function renderMap(view, params) {
  const p = Object.fromEntries(params.entries());
  const form = h("form", { class: "filters", id: "map-form" },
    field("Since", h("input", { name: "since", type: "date", value: p.since || "" })),
    field("Until", h("input", { name: "until", type: "date", value: p.until || "" })),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => { e.preventDefault(); go("map", Object.fromEntries(new FormData(form).entries())); });
  const body = h("div", { id: "map-body" });
  clear(view).append(h("h1", {}, "Relations map"), form,
    h("p", { class: "muted" }, "Links: green for cooperation, red for conflict, grey for a balance of both; ",
      "thicker for more events. Click a link for the country pair."), body);
  let data;
  try { data = await getJSON("/relations", { since: p.since, until: p.until }); }
  catch (err) { body.appendChild(errorBox(err)); return; }
  body.appendChild(networkChart(data, (l) => go(`dyad/${l.a}/${l.b}`, { since: p.since, until: p.until }),
                                (n) => go("events", { country: n.id, since: p.since, until: p.until })));
}

/* -- router ------------------------------------------------------------------ */

async function render() {
  const view = document.getElementById("view");
  const { parts, params } = route();
  const name = parts[0];
  delete view.dataset.ready;
  document.querySelectorAll("nav a[data-view]").forEach((a) =>
    a.classList.toggle("active", a.dataset.view === (name === "doc" ? "events" : name)));
  try {
    if (name === "doc" && parts[1]) await renderDocument(view, parts.slice(1).join("/"), params);
    else if (name === "dyad") await renderDyad(view, parts, params);
    else if (name === "map") await renderMap(view, params);
    else await renderEvents(view, params);
    view.dataset.ready = name;
  } catch (err) {
    clear(view).appendChild(errorBox(err));
  }
}

window.addEventListener("hashchange", render);
window.addEventListener("DOMContentLoaded", render);
