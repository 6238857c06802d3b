"use strict";
/* Inline SVG charts: the dyad timeline (QuadClass counts stacked by month, Goldstein mean as a line)
   and the relations network. Labels are SVG text nodes, set with textContent via s(). */

const QUAD_KEYS = [
  ["verbal_coop", "q1", "verbal cooperation"], ["material_coop", "q2", "material cooperation"],
  ["verbal_conflict", "q3", "verbal conflict"], ["material_conflict", "q4", "material conflict"],
];
const QUAD_COLOURS = { q1: "#8fd19e", q2: "#1e8e3e", q3: "#f4a582", q4: "#c0392b" };

function timelineChart(rows) {
  const W = 860, H = 300, M = { top: 20, right: 48, bottom: 58, left: 40 };
  const iw = W - M.left - M.right, ih = H - M.top - M.bottom;
  const chart = s("svg", { class: "chart timeline", viewBox: `0 0 ${W} ${H}`, role: "img",
                           "aria-label": "Events per month by QuadClass, with the mean Goldstein score" });
  if (!rows.length) {
    chart.appendChild(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No dated events in this period"));
    return chart;
  }
  const maxEvents = Math.max(1, ...rows.map((r) => r.events));
  const step = iw / rows.length, bar = Math.min(48, step * 0.7);
  const y = (v) => M.top + ih - (v / maxEvents) * ih;
  const g = (v) => M.top + ih / 2 - (v / 10) * (ih / 2);   // Goldstein -10..10 on the right axis
  chart.appendChild(s("line", { x1: M.left, x2: M.left + iw, y1: M.top + ih, y2: M.top + ih, stroke: "#888" }));
  for (const t of [0, Math.ceil(maxEvents / 2), maxEvents]) {
    chart.appendChild(s("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end" }, t));
    chart.appendChild(s("line", { x1: M.left, x2: M.left + iw, y1: y(t), y2: y(t), stroke: "#eee" }));
  }
  for (const t of [-10, 0, 10]) {
    chart.appendChild(s("text", { x: M.left + iw + 6, y: g(t) + 4 }, (t > 0 ? "+" : "") + t));
  }
  chart.appendChild(s("text", { x: 4, y: 12 }, "events"));
  chart.appendChild(s("text", { x: W - 4, y: 12, "text-anchor": "end" }, "Goldstein"));
  const points = [];
  rows.forEach((row, i) => {
    const x = M.left + i * step + (step - bar) / 2;
    let base = 0;
    for (const [key, cls, label] of QUAD_KEYS) {
      const n = row[key] || 0;
      if (!n) continue;
      const rect = s("rect", { class: "bar " + cls, x, width: bar, y: y(base + n), height: y(base) - y(base + n),
                               fill: QUAD_COLOURS[cls] },
                     s("title", {}, `${row.month}: ${n} ${label}`));
      chart.appendChild(rect);
      base += n;
    }
    chart.appendChild(s("text", { x: x + bar / 2, y: M.top + ih + 16, "text-anchor": "middle" }, row.month));
    if (row.goldstein_mean !== null && row.goldstein_mean !== undefined) {
      points.push([x + bar / 2, g(row.goldstein_mean), row]);
    }
  });
  if (points.length) {
    chart.appendChild(s("polyline", { class: "goldstein", fill: "none", stroke: "#12263f", "stroke-width": 2,
                                      points: points.map(([px, py]) => `${px},${py}`).join(" ") }));
    for (const [px, py, row] of points) {
      chart.appendChild(s("circle", { cx: px, cy: py, r: 4, fill: "#12263f" },
                          s("title", {}, `${row.month}: Goldstein mean ${row.goldstein_mean}, total ${row.goldstein_total}`)));
    }
  }
  let lx = M.left;
  for (const [, cls, label] of QUAD_KEYS) {
    chart.appendChild(s("rect", { x: lx, y: H - 20, width: 10, height: 10, fill: QUAD_COLOURS[cls] }));
    chart.appendChild(s("text", { x: lx + 14, y: H - 11 }, label));
    lx += 150;
  }
  chart.appendChild(s("line", { x1: lx, x2: lx + 16, y1: H - 15, y2: H - 15, stroke: "#12263f", "stroke-width": 2 }));
  chart.appendChild(s("text", { x: lx + 20, y: H - 11 }, "Goldstein mean"));
  return chart;
}

/* -1 (conflict, red) through 0 (grey) to 1 (cooperation, green). */
function balanceColour(b) {
  const mix = (a, c, t) => Math.round(a + (c - a) * t);
  const grey = [150, 150, 150], green = [30, 142, 62], red = [192, 57, 43];
  const [from, to, t] = b >= 0 ? [grey, green, b] : [grey, red, -b];
  return `rgb(${mix(from[0], to[0], t)},${mix(from[1], to[1], t)},${mix(from[2], to[2], t)})`;
}

function networkChart(data, onLink, onNode) {
  const W = 760, H = 640, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 60;
  const chart = s("svg", { class: "chart network", viewBox: `0 0 ${W} ${H}`, role: "img",
                           "aria-label": "Countries linked by the balance of cooperation and conflict" });
  if (!data.nodes.length) {
    chart.appendChild(s("text", { x: cx, y: cy, "text-anchor": "middle" }, "No events between countries in this period"));
    return chart;
  }
  const pos = {};
  data.nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / data.nodes.length - Math.PI / 2;
    pos[node.id] = [cx + R * Math.cos(angle), cy + R * Math.sin(angle), angle];
  });
  const maxEvents = Math.max(1, ...data.links.map((l) => l.events));
  for (const link of data.links) {
    const [x1, y1] = pos[link.a], [x2, y2] = pos[link.b];
    const line = s("line", { class: "link", x1, y1, x2, y2, stroke: balanceColour(link.balance),
                             "stroke-width": 1.5 + 7 * Math.sqrt(link.events / maxEvents), "stroke-linecap": "round",
                             dataset: { pair: `${link.a}-${link.b}` }, tabindex: 0,
                             onclick: () => onLink(link) },
                   s("title", {}, `${link.a}–${link.b}: ${link.events} events, ${link.cooperation} cooperation, ` +
                                  `${link.conflict} conflict; Goldstein mean ${fmt(link.goldstein_mean)}`));
    chart.appendChild(line);
  }
  for (const node of data.nodes) {
    const [x, y, angle] = pos[node.id];
    const r = 6 + Math.min(10, Math.sqrt(node.events));
    chart.appendChild(s("circle", { class: "node", cx: x, cy: y, r, dataset: { country: node.id },
                                    onclick: () => onNode(node) },
                        s("title", {}, `${node.id}: ${node.events} events with ${node.partners} partners`)));
    const lx = x + (r + 12) * Math.cos(angle), ly = y + (r + 12) * Math.sin(angle) + 4;
    chart.appendChild(s("text", { class: "node", x: lx, y: ly, "text-anchor": "middle" }, node.id));
  }
  return chart;
}
