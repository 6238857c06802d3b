"use strict";
/* The document view: the article with actors, event triggers, quotes and quantities highlighted;
   a click (or the tooltip on hover) shows codes, the resolved actor and the event's reason. */

/* Offsets in a record are Python str indices (code points); JavaScript strings count UTF-16 units. */
function annotations(record) {
  const names = Object.fromEntries(record.actors.map((a) => [a.id, a]));
  const out = [];
  for (const actor of record.actors) {
    for (const m of actor.mentions) out.push({ type: "actor", start: m.start, end: m.end, item: actor });
  }
  for (const ev of record.events) out.push({ type: "event", start: ev.trigger.start, end: ev.trigger.end, item: ev });
  for (const q of record.quotes) out.push({ type: "quote", start: q.start, end: q.end, item: q });
  for (const q of record.quantities) out.push({ type: "quantity", start: q.start, end: q.end, item: q });
  return { list: out.filter((a) => a.end > a.start), names };
}

function actorName(names, id) {
  const actor = names[id];
  return actor ? `${actor.name}${actor.code ? " (" + actor.code + ")" : ""}` : id;
}

function summary(ann, names) {
  const it = ann.item;
  if (ann.type === "actor") return `actor: ${it.name} — ${fmt(it.code || it.country)} ${it.role ? "(" + it.role + ")" : ""}`;
  if (ann.type === "event") return `event ${it.cameo} ${fmt(it.cameo_label)}: ${it.reason || ""}`;
  if (ann.type === "quote") return `quote by ${it.speaker ? actorName(names, it.speaker) : "unknown speaker"}`;
  return `quantity: ${it.kind} ${fmt(it.value)} ${it.unit || ""}`;
}

function details(ann, names) {
  const it = ann.item;
  const rows = [];
  const row = (k, v) => rows.push(h("dt", {}, k), h("dd", {}, fmt(v)));
  if (ann.type === "actor") {
    row("name", it.name); row("kind", it.kind); row("country", it.country); row("sector", it.sector);
    row("role", it.role); row("code", it.code); row("id", it.id); row("mentions", it.mentions.length);
  } else if (ann.type === "event") {
    row("CAMEO", `${it.cameo} ${it.cameo_label || ""}`);
    row("source", it.source.map((id) => actorName(names, id)));
    row("target", it.target.map((id) => actorName(names, id)));
    row("Goldstein", it.goldstein); row("QuadClass", it.quad_class ? `${it.quad_class} ${QUAD[it.quad_class]}` : null);
    row("PLOVER", it.plover ? [it.plover.type, it.plover.mode].filter(Boolean).join(" / ") : null);
    row("modality", it.modality); row("date", it.date); row("confidence", it.confidence);
    row("reason", it.reason);
  } else if (ann.type === "quote") {
    row("speaker", it.speaker ? actorName(names, it.speaker) : it.speaker_text);
    row("kind", it.kind); row("cue", it.cue);
  } else {
    row("kind", it.kind); row("value", it.value); row("unit", it.unit); row("qualifier", it.qualifier);
    row("about", it.about); row("change", it.change);
  }
  return h("div", { class: "ann ann-" + ann.type },
    h("h3", {}, h("span", { class: "badge hl-" + ann.type }, ann.type), " ", ann.type === "quote" ? "“" + it.text + "”" :
      (ann.type === "actor" ? it.name : it.text || (it.trigger && it.trigger.text) || "")),
    h("dl", {}, rows));
}

/* The article as text nodes and <span class="hl ..."> pieces, one piece per run of the same annotations. */
function highlightedText(text, list, names, onPick, focusId) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  for (const a of list) { cuts.add(Math.max(0, a.start)); cuts.add(Math.min(chars.length, a.end)); }
  const points = [...cuts].sort((x, y) => x - y);
  const container = h("div", { class: "article", id: "article" });
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = chars.slice(from, to).join("");
    const covering = list.filter((a) => a.start <= from && a.end >= to);
    if (!covering.length) { container.appendChild(document.createTextNode(piece)); continue; }
    const types = [...new Set(covering.map((a) => a.type))];
    const focus = focusId && covering.some((a) => a.type === "event" && a.item.id === focusId);
    const span = h("span", { class: ["hl", ...types.map((t) => "hl-" + t), focus ? "hl-focus" : ""].join(" "),
                             tabindex: 0, dataset: { types: types.join(" ") } }, piece);
    span.title = covering.map((a) => summary(a, names)).join("\n");
    span.addEventListener("click", () => onPick(span, covering));
    span.addEventListener("keydown", (e) => { if (e.key === "Enter") onPick(span, covering); });
    container.appendChild(span);
  }
  return container;
}

function commitmentList(record, names) {
  if (!record.commitments.length) return h("p", { class: "muted" }, "No commitments found.");
  return h("ul", { class: "plain commitments" }, record.commitments.map((c) => h("li", {},
    h("span", { class: "badge" }, c.kind), c.status ? h("span", { class: "badge" }, c.status) : null,
    h("strong", {}, c.what),
    h("div", { class: "muted" }, "by ", fmt(c.by.map((id) => actorName(names, id))),
      c.for.length ? ["; for ", fmt(c.for.map((id) => actorName(names, id)))] : null, c.date ? ["; ", c.date] : null),
    c.evidence.length ? h("blockquote", {}, c.evidence.map((e) => e.text).join(" … ")) : null)));
}

async function renderDocument(view, id, params) {
  let record;
  try { record = await getJSON("/documents/" + encodeURIComponent(id)); } catch (err) {
    clear(view).appendChild(errorBox(err)); return;
  }
  const doc = record.document;
  const { list, names } = annotations(record);
  const panel = h("div", { class: "detail", id: "detail" },
    h("p", { class: "muted" }, "Click a highlight to see its codes, the resolved actor or the event's reason."));
  let selected = null;
  const pick = (span, covering) => {
    if (selected) selected.classList.remove("hl-selected");
    selected = span; span.classList.add("hl-selected");
    clear(panel).append(...covering.map((a) => details(a, names)));
  };
  const titles = {};
  for (const a of list) titles[a.type] = (titles[a.type] || 0) + 1;
  const plural = { actor: "actors", event: "event triggers", quote: "quotes", quantity: "quantities" };
  const legend = h("div", { class: "legend" }, Object.entries(plural).map(([t, label]) =>
    h("span", {}, h("span", { class: "hl hl-" + t }, label), ` ${titles[t] || 0}`)));
  const article = highlightedText(doc.text, list, names, pick, params.get("event"));
  clear(view).append(
    h("p", {}, h("a", { href: "#/events" }, "← events")),
    h("h1", {}, doc.title || doc.id),
    h("p", { class: "muted meta" }, [doc.published, doc.dateline, doc.publisher, doc.url].filter(Boolean).join(" · ")),
    h("div", { class: "doc-layout" },
      h("section", { class: "card" }, legend, article,
        record.errors.length ? h("p", { class: "error" }, record.errors.map((e) => `${e.stage}: ${e.message}`).join("; ")) : null),
      h("aside", {},
        h("section", { class: "card" }, h("h2", {}, "Selected"), panel),
        h("section", { class: "card" }, h("h2", {}, `Commitments (${record.commitments.length})`),
          commitmentList(record, names)),
        h("section", { class: "card" }, h("h2", {}, `Events (${record.events.length})`),
          h("ul", { class: "plain events" }, record.events.map((ev) => h("li", {},
            h("span", { class: "quad q" + (ev.quad_class || 0) }), `${ev.cameo} ${ev.cameo_label || ""}: `,
            fmt(ev.source.map((i) => actorName(names, i))), " → ", fmt(ev.target.map((i) => actorName(names, i))),
            h("div", { class: "muted" }, ev.reason))))))));
  const focus = view.querySelector(".hl-focus");
  if (focus) focus.scrollIntoView({ block: "center" });
}
