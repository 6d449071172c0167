// What every panel uses: the DOM builder, the shared state, notices and formatting.
// Everything shown comes from the admin API (client.js); every text from a request is
// set with textContent, never parsed as HTML.
'use strict';

const $ = (id) => document.getElementById(id);

/** Builds an element: h('td', {class: 'x', onclick: f}, 'text', child, …). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const state = {
  apis: [],
  scope: null,
  entries: [], // newest first
  counts: {}, // requests per API, from the journal
  violationsByApi: {},
  selected: null,
  viewPaused: false,
  lastId: 0,
  tab: 'apis',
  stubsAvailable: true,
};
const MAX_ENTRIES = 1000;

// ---- notices -------------------------------------------------------------------------

let toastTimer;
function toast(message, kind) {
  const el = $('toast');
  el.textContent = message;
  el.className = 'toast ' + (kind || '');
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 4000);
}

function failed(error) {
  // A missing token is asked for by the token dialog, not told in a toast.
  if (error && error.status === 401) return;
  toast(error && error.message ? error.message : String(error), 'bad');
}

/** Runs an action from a button, reporting its failure. */
function act(f) {
  return (event) => {
    if (event && event.preventDefault) event.preventDefault();
    Promise.resolve().then(f).catch(failed);
  };
}

// ---- formatting ----------------------------------------------------------------------

const fmtTime = (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', '') : '–');
const fmtClockTime = (iso) => (iso ? iso.slice(11, 19) : '');
const statusClass = (status) => 's' + String(status)[0];

function fmtSpan(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}

function progressBar(percent, label) {
  const p = Math.max(0, Math.min(100, percent));
  const fill = h('span', { class: 'fill' + (p >= 100 ? ' done' : '') });
  fill.style.width = p + '%';
  return h('div', {
    class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
    'aria-valuenow': Math.round(p * 10) / 10, 'aria-label': label,
  }, fill);
}

function copyButton(text, label) {
  return h('button', {
    type: 'button', class: 'small', title: 'Copy to the clipboard',
    onclick: act(async () => {
      await navigator.clipboard.writeText(text);
      toast('Copied' + (label ? ': ' + label : ''));
    }),
  }, 'Copy');
}

// ---- panels ---------------------------------------------------------------------------

const TABS = ['apis', 'traffic', 'violations', 'time', 'world', 'faults', 'stubs'];
/** What refreshes each panel when it is shown (set by the files that own the panels). */
const refreshers = {};
