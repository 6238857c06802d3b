"use strict";
/* Small DOM helpers. Every string child becomes a text node and attributes are set one by one:
   article text is never parsed as HTML, so a document holding <script> is shown as text. */

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/* Attributes that load or navigate: only same-page (#...), same-site (/...) and http(s) addresses are kept. */
const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href", "poster"]);

function safeUrl(value) {
  const text = String(value).trim();
  if (text.startsWith("#") || (text.startsWith("/") && !text.startsWith("//"))) return text;
  return /^https?:\/\//i.test(text) ? text : "#";
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    const name = key.toLowerCase();
    if (name.startsWith("on")) {
      if (typeof value === "function") el.addEventListener(name.slice(2), value);  /* never an attribute */
    } else if (key === "dataset") Object.assign(el.dataset, value);
    else if (URL_ATTRS.has(name)) el.setAttribute(key, safeUrl(value));
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/* A query string from an object, leaving out empty values. */
function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const text = q.toString();
  return text ? "?" + text : "";
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function getJSON(path, params) {
  const response = await fetch(path + qs(params), { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) throw new ApiError(response.status, (body && body.message) || response.statusText);
  return body;
}

function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, err && err.message ? err.message : String(err));
}

function fmt(value, digits) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "number" && digits !== undefined) return value.toFixed(digits);
  if (Array.isArray(value)) return value.join(", ") || "—";
  return String(value);
}

const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
