// The dashboard's panels. Everything shown comes from the admin API (client.js); every
// text from a request is set with textContent, never parsed as HTML.
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

// ---- tabs and keyboard ----------------------------------------------------------------

const TABS = ['apis', 'traffic', 'violations', 'time', 'world', 'faults', 'stubs'];
const refreshers = {};

function showTab(name, focus) {
  state.tab = name;
  sessionStorage.setItem('secmock.tab', name);
  for (const tab of TABS) {
    const button = $('tab-' + tab);
    const selected = tab === name;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $('panel-' + tab).hidden = !selected;
  }
  if (focus) $('tab-' + name).focus();
  if (refreshers[name]) refreshers[name]().catch(failed);
}

function setUpTabs() {
  for (const tab of TABS) {
    const button = $('tab-' + tab);
    button.addEventListener('click', () => showTab(tab));
    button.addEventListener('keydown', (event) => {
      const i = TABS.indexOf(tab);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      showTab(TABS[(to + TABS.length) % TABS.length], true);
    });
  }
  document.addEventListener('keydown', (event) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement && document.activeElement.tagName);
    if (event.key === 'Escape' && !$('entry-detail').hidden) { closeDetail(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const n = Number(event.key);
    if (n >= 1 && n <= TABS.length) { showTab(TABS[n - 1], true); event.preventDefault(); }
    if (event.key === '/') { showTab('traffic'); $('filter-path').focus(); event.preventDefault(); }
  });
}

// ---- header: theme, size, reset, clock -------------------------------------------------

function setUpHeader() {
  const themes = ['auto', 'light', 'dark'];
  const applyTheme = (theme) => {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    $('toggle-theme').textContent = 'Theme: ' + theme;
  };
  let theme = localStorage.getItem('secmock.theme') || 'auto';
  applyTheme(theme);
  $('toggle-theme').addEventListener('click', () => {
    theme = themes[(themes.indexOf(theme) + 1) % themes.length];
    localStorage.setItem('secmock.theme', theme);
    applyTheme(theme);
  });
  const applySize = (large) => {
    document.documentElement.classList.toggle('large', large);
    $('toggle-size').setAttribute('aria-pressed', String(large));
  };
  applySize(localStorage.getItem('secmock.large') === '1');
  $('toggle-size').addEventListener('click', () => {
    const large = !document.documentElement.classList.contains('large');
    localStorage.setItem('secmock.large', large ? '1' : '0');
    applySize(large);
  });
  // Two presses: the first arms the button for a few seconds, the second resets.
  const reset = $('reset-all');
  let armed;
  reset.addEventListener('click', act(async () => {
    if (!armed) {
      reset.textContent = 'Confirm reset';
      reset.classList.add('armed');
      armed = setTimeout(() => { armed = null; reset.textContent = 'Reset'; reset.classList.remove('armed'); }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    reset.textContent = 'Resetting…';
    try {
      const info = await Admin.post('reset');
      toast('Reset to scenario ' + info.name, 'good');
    } finally {
      reset.textContent = 'Reset';
      reset.classList.remove('armed');
    }
    await refreshAll();
  }));
}

function showClock(clock) {
  state.clock = clock;
  const text = fmtTime(clock.now) + ' UTC';
  $('clock-now').textContent = text;
  $('time-now').textContent = text;
  const how = clock.paused ? 'paused' : clock.mode === 'manual' ? 'manual' : clock.scale === 1 ? 'real time' : '×' + clock.scale;
  $('clock-state').textContent = how;
  $('clock-state').className = 'pill ' + (clock.paused ? 'warn' : 'ok');
  $('time-mode').textContent = clock.mode === 'manual'
    ? 'Manual clock: time moves only when advanced.'
    : clock.paused ? 'Paused.' : `Running at ${clock.scale}× real time.`;
  $('clock-pause').disabled = clock.paused || clock.mode === 'manual';
  $('clock-resume').disabled = !clock.paused;
}

// ---- APIs -----------------------------------------------------------------------------

async function loadApis() {
  const [{ apis }, health] = await Promise.all([Admin.get('apis'), Admin.get('health')]);
  state.apis = apis;
  state.scope = Admin.BASE !== '/' && apis.length === 1 ? apis[0].name : null;
  $('scope').hidden = !state.scope;
  $('scope').textContent = state.scope ? 'scoped to ' + state.scope : '';
  $('scenario-name').textContent = 'scenario: ' + health.scenario;
  for (const select of [$('filter-api'), $('fault-api'), $('stub-api')]) {
    const keep = select.value;
    select.replaceChildren(...(select.id === 'filter-api' || select.id === 'fault-api'
      ? [h('option', { value: '' }, select.id === 'fault-api' ? 'every API' : 'all')] : []),
    ...apis.map((a) => h('option', { value: a.name }, a.name)));
    if (state.scope && select.id !== 'filter-api') select.value = state.scope;
    else select.value = keep;
  }
  await Promise.all(apis.map(async (api) => {
    const journal = await Admin.get('journal?limit=1&api=' + encodeURIComponent(api.name));
    state.counts[api.name] = journal.matching;
  }));
  renderApis();
}

function renderApis() {
  const cards = state.apis.map((api) => {
    const link = (href, text) => (href ? h('a', { href, target: '_blank', rel: 'noopener' }, text) : null);
    const violations = state.violationsByApi[api.name] || 0;
    return h('article', { class: 'card', dataset: { api: api.name } },
      h('header', {}, h('h2', {}, api.name), h('span', { class: 'muted' }, api.title)),
      h('dl', { class: 'stats' },
        h('div', {}, h('dt', {}, 'requests'), h('dd', { class: 'requests' }, state.counts[api.name] || 0)),
        h('div', { class: violations ? 'bad' : '' }, h('dt', {}, 'violations'), h('dd', { class: 'violations' }, violations)),
        h('div', {}, h('dt', {}, 'operations'), h('dd', {}, api.operations))),
      h('p', { class: 'url' }, h('code', {}, api.base_url), copyButton(api.base_url, api.base_url)),
      h('p', { class: 'links' }, link(api.docs_url, 'Docs'), link(api.spec_url, 'OpenAPI'),
        h('span', { class: 'muted' }, api.dialect + ' errors')),
      api.credentials.length
        ? h('details', { class: 'creds', open: true }, h('summary', {}, 'Demo credentials'),
          h('ul', {}, api.credentials.map((line) => h('li', {}, h('code', {}, line)))))
        : h('p', { class: 'muted' }, 'No credentials needed.'));
  });
  $('api-cards').replaceChildren(...cards);
}

// ---- live traffic -------------------------------------------------------------------

function filters() {
  return { api: $('filter-api').value, status: $('filter-status').value, path: $('filter-path').value.trim() };
}

function globToRegExp(glob) {
  let out = '';
  for (const c of glob) {
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + out + '$');
}

function matches(entry, f) {
  if (f.api && entry.api !== f.api) return false;
  if (f.status === 'violations' && !entry.violations.length) return false;
  if (f.status && f.status !== 'violations' && String(entry.status)[0] !== f.status) return false;
  if (f.path) {
    if (/[*?]/.test(f.path)) return globToRegExp(f.path).test(entry.path);
    return entry.path.toLowerCase().includes(f.path.toLowerCase());
  }
  return true;
}

function trafficRow(entry) {
  const notes = [];
  if (entry.violations.length) notes.push(h('span', { class: 'tag bad' }, entry.violations.length + ' violation' + (entry.violations.length > 1 ? 's' : '')));
  if (entry.fault) notes.push(h('span', { class: 'tag warn' }, entry.fault));
  if (entry.problems.length) notes.push(h('span', { class: 'tag' }, entry.problems.length + ' problem' + (entry.problems.length > 1 ? 's' : '')));
  const row = h('tr', {
    tabindex: 0, dataset: { id: entry.id, status: entry.status, api: entry.api },
    'aria-selected': String(state.selected === entry.id),
    onclick: () => openDetail(entry.id),
    onkeydown: (event) => {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); openDetail(entry.id); }
      if (event.key === 'ArrowDown' && row.nextElementSibling) { event.preventDefault(); row.nextElementSibling.focus(); }
      if (event.key === 'ArrowUp' && row.previousElementSibling) { event.preventDefault(); row.previousElementSibling.focus(); }
    },
  },
  h('td', { class: 'muted num' }, entry.id),
  h('td', { class: 'mono' }, fmtClockTime(entry.at)),
  h('td', {}, entry.api),
  h('td', { class: 'method' }, entry.method),
  h('td', { class: 'path mono' }, entry.path + (entry.query ? '?' + entry.query : '')),
  h('td', {}, h('span', { class: 'status ' + statusClass(entry.status) }, entry.status)),
  h('td', { class: 'num mono' }, (entry.latency_us / 1000).toFixed(1)),
  h('td', { class: 'notes' }, notes));
  return row;
}

function renderTraffic() {
  const f = filters();
  const rows = state.entries.filter((e) => matches(e, f)).slice(0, 500).map(trafficRow);
  $('traffic-rows').replaceChildren(...rows);
  $('traffic-empty').hidden = rows.length > 0;
  $('traffic-count').textContent = state.entries.length;
}

function addEntry(entry) {
  if (entry.id <= state.lastId) return;
  state.lastId = entry.id;
  state.entries.unshift(entry);
  if (state.entries.length > MAX_ENTRIES) state.entries.length = MAX_ENTRIES;
  state.counts[entry.api] = (state.counts[entry.api] || 0) + 1;
  $('traffic-count').textContent = state.entries.length;
  const card = document.querySelector(`.card[data-api="${CSS.escape(entry.api)}"] .requests`);
  if (card) card.textContent = state.counts[entry.api];
  if (entry.violations.length) scheduleViolations();
  if (state.viewPaused || !matches(entry, filters())) return;
  const body = $('traffic-rows');
  body.prepend(trafficRow(entry));
  while (body.children.length > 500) body.lastElementChild.remove();
  $('traffic-empty').hidden = true;
}

function cleared(api) {
  state.entries = api ? state.entries.filter((e) => e.api !== api) : [];
  for (const name of Object.keys(state.counts)) if (!api || name === api) state.counts[name] = 0;
  renderTraffic();
  renderApis();
  scheduleViolations();
}

function setLive(status, label) {
  $('live').className = 'live ' + status;
  $('live').querySelector('.label').textContent = label;
}

async function followTraffic() {
  let delay = 500;
  for (;;) {
    try {
      const from = state.lastId ? `after=${state.lastId}` : 'after=0&limit=300';
      setLive('connecting', 'connecting');
      await Admin.follow('journal/stream?' + from, () => setLive('on', 'live'), (event) => {
        if (event.event === 'entry') addEntry(event.data);
        else if (event.event === 'cleared') cleared(event.data.api);
        else if (event.event === 'lagged') toast(`The view fell behind and missed ${event.data.missed} requests; reloading.`, 'warn');
      });
      setLive('connecting', 'reconnecting');
      delay = 500;
    } catch (error) {
      setLive('off', error.status === 401 ? 'needs token' : 'offline');
      delay = Math.min(delay * 2, 8000);
    }
    // Waits before reconnecting; a new token ends the wait (see tokenChanged).
    await new Promise((resolve) => { state.reconnect = resolve; setTimeout(resolve, delay); });
  }
}

function curlFor(entry) {
  const api = state.apis.find((a) => a.name === entry.api);
  const base = api ? api.base_url : '';
  const quote = (s) => "'" + String(s).replace(/'/g, "'\\''") + "'";
  const skip = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'user-agent', 'x-secmock-journal']);
  const parts = ['curl', '-X', entry.method, quote(base + entry.path + (entry.query ? '?' + entry.query : ''))];
  let redacted = false;
  for (const [name, value] of entry.headers) {
    if (skip.has(name.toLowerCase())) continue;
    if (value.includes('[redacted]')) {
      redacted = true;
      const scheme = value.split(' ')[0];
      const prefix = value.includes(' ') ? scheme + ' ' : '';
      parts.push('-H', `"${name}: ${prefix}$SECMOCK_CREDENTIAL"`);
    } else parts.push('-H', quote(`${name}: ${value}`));
  }
  if (entry.body) parts.push('--data-raw', quote(entry.body));
  const command = parts.join(' ');
  return redacted ? '# the journal redacts credentials: set SECMOCK_CREDENTIAL to one of the demo keys\n' + command : command;
}

function headerTable(headers) {
  if (!headers.length) return h('p', { class: 'muted' }, 'none');
  return h('table', { class: 'kv' }, h('tbody', {}, headers.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', { class: 'mono' }, v)))));
}

function bodyBlock(text) {
  if (!text) return null;
  let pretty = text;
  try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* as is */ }
  return h('pre', { class: 'code' }, pretty);
}

function openDetail(id) {
  const entry = state.entries.find((e) => e.id === id);
  if (!entry) return;
  state.selected = id;
  for (const row of $('traffic-rows').children) row.setAttribute('aria-selected', String(Number(row.dataset.id) === id));
  const curl = curlFor(entry);
  const section = (title, ...content) => h('section', {}, h('h3', {}, title), ...content);
  const panel = $('entry-detail');
  panel.replaceChildren(...[
    h('header', {},
      h('h2', {}, h('span', { class: 'method' }, entry.method), ' ', h('span', { class: 'mono' }, entry.path)),
      h('button', { type: 'button', class: 'small', onclick: closeDetail, 'aria-label': 'Close the details' }, 'Close')),
    h('p', { class: 'meta' },
      h('span', { class: 'status ' + statusClass(entry.status) }, entry.status), ' ',
      entry.api, ' · ', entry.operation_id || 'no operation', ' · ', fmtTime(entry.at), ' · ',
      (entry.latency_us / 1000).toFixed(1), ' ms', entry.fault ? ' · ' + entry.fault : ''),
    section('curl', h('div', { class: 'curl' }, h('pre', { class: 'code' }, curl), copyButton(curl, 'curl command'))),
    entry.violations.length ? section('Violations', h('ul', { class: 'violations' }, entry.violations.map((v) =>
      h('li', {}, h('code', {}, v.pointer || '/'), ' ', v.message, h('br'), h('span', { class: 'muted' }, 'schema ', h('code', {}, v.schema_pointer)))))) : null,
    entry.problems.length ? section('Problems', h('ul', {}, entry.problems.map((p) => h('li', {}, p)))) : null,
    entry.near_misses.length ? section('Nearest routes', h('ul', {}, entry.near_misses.map((m) =>
      h('li', {}, h('code', {}, m.method + ' ' + m.path), ' — ', m.why)))) : null,
    section('Request', entry.query ? h('p', { class: 'mono' }, '?' + entry.query) : null, headerTable(entry.headers), bodyBlock(entry.body)),
    section('Response', headerTable(entry.response.headers), bodyBlock(entry.response.body) ||
      h('p', { class: 'muted' }, 'The body of a success is not kept in the journal.')),
  ].filter(Boolean));
  panel.hidden = false;
  panel.querySelector('button').focus();
}

function closeDetail() {
  $('entry-detail').hidden = true;
  const row = document.querySelector(`#traffic-rows tr[data-id="${state.selected}"]`);
  state.selected = null;
  if (row) { row.setAttribute('aria-selected', 'false'); row.focus(); }
}

function setUpTraffic() {
  for (const id of ['filter-api', 'filter-status']) $(id).addEventListener('change', renderTraffic);
  $('filter-path').addEventListener('input', renderTraffic);
  $('traffic-filters').addEventListener('submit', (event) => event.preventDefault());
  $('traffic-pause').addEventListener('click', () => {
    state.viewPaused = !state.viewPaused;
    $('traffic-pause').setAttribute('aria-pressed', String(state.viewPaused));
    $('traffic-pause').textContent = state.viewPaused ? 'Resume view' : 'Pause view';
    if (!state.viewPaused) renderTraffic();
  });
  $('traffic-clear').addEventListener('click', act(async () => {
    await Admin.del('journal');
    toast('Journal cleared');
  }));
}

// ---- violations -----------------------------------------------------------------------

let violationsTimer;
function scheduleViolations() {
  clearTimeout(violationsTimer);
  violationsTimer = setTimeout(() => refreshViolations().catch(failed), 300);
}

async function refreshViolations() {
  const data = await Admin.get('violations');
  state.violationsByApi = data.by_api;
  $('violations-count').textContent = data.total;
  $('violations-count').classList.toggle('bad', data.total > 0);
  $('violation-totals').replaceChildren(h('strong', {}, data.total + ' in all'),
    ...Object.entries(data.by_api).map(([api, n]) => h('span', { class: 'tag' }, `${api}: ${n}`)));
  $('violation-rows').replaceChildren(...data.violations.slice(0, 500).map((record) => {
    const v = record.violation;
    return h('tr', {},
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => { showTab('traffic'); openDetail(record.entry_id); } },
        `#${record.entry_id} ${record.method} ${record.path}`)),
      h('td', { class: 'mono' }, fmtTime(record.at)),
      h('td', {}, record.api),
      h('td', { class: 'mono small' }, v.operation_id),
      h('td', {}, h('span', { class: 'status ' + statusClass(v.status) }, v.status)),
      h('td', {}, h('code', {}, v.pointer || '/')),
      h('td', {}, h('code', {}, v.schema_pointer)),
      h('td', {}, h('span', { class: 'tag' }, v.kind), ' ', v.message));
  }));
  $('violations-empty').hidden = data.violations.length > 0;
  renderApis();
}
refreshers.violations = refreshViolations;

// ---- time -----------------------------------------------------------------------------

async function refreshTime() {
  const [clock, jobs] = await Promise.all([Admin.get('clock'), Admin.get('jobs')]);
  showClock(clock);
  const now = Date.parse(jobs.now);
  $('jobs-count').textContent = jobs.jobs.length + jobs.work.filter((w) => w.percent < 100).length;
  $('work-list').replaceChildren(...jobs.work.map((w) => h('div', {
    class: 'progress-item' + (w.percent >= 100 ? ' finished' : ''), dataset: { work: w.id, api: w.api, percent: w.percent },
  },
  h('div', { class: 'what' }, h('strong', {}, w.label), h('span', { class: 'tag' }, w.api)),
  progressBar(w.percent, w.label),
  h('div', { class: 'when muted' }, h('span', { class: 'tag ' + (w.percent >= 100 ? 'good' : 'info') }, w.status), `${w.percent.toFixed(1)} % · `,
    w.percent >= 100 ? 'ended ' + fmtTime(w.ends) : 'ends ' + fmtTime(w.ends) + ' (in ' + fmtSpan(Date.parse(w.ends) - now) + ')'))));
  $('work-empty').hidden = jobs.work.length > 0;
  $('job-list').replaceChildren(...jobs.jobs.slice(0, 200).map((j) => {
    const start = Date.parse(j.scheduled_at);
    const due = Date.parse(j.due);
    const percent = due > start ? ((now - start) / (due - start)) * 100 : 100;
    return h('div', { class: 'progress-item', dataset: { job: j.id, api: j.api } },
      h('div', { class: 'what' }, h('strong', {}, j.label), h('span', { class: 'tag' }, j.api)),
      progressBar(percent, j.label),
      h('div', { class: 'when muted' }, 'due ' + fmtTime(j.due) + ' (in ' + fmtSpan(due - now) + ')'));
  }));
  $('jobs-empty').hidden = jobs.jobs.length > 0;
}
refreshers.time = refreshTime;

async function advance(by) {
  const result = await Admin.post('clock/advance', { by });
  showClock(result.clock);
  toast(`Advanced by ${by}: ${result.jobs_run} job${result.jobs_run === 1 ? '' : 's'} ran`, 'good');
  await refreshTime();
}

function setUpTime() {
  $('advance-form').addEventListener('submit', act(() => advance($('advance-by').value.trim())));
  for (const button of document.querySelectorAll('[data-advance]')) {
    button.addEventListener('click', act(() => advance(button.dataset.advance)));
  }
  $('clock-pause').addEventListener('click', act(async () => { showClock(await Admin.post('clock/pause')); }));
  $('clock-resume').addEventListener('click', act(async () => { showClock(await Admin.post('clock/resume')); }));
}

// ---- world ----------------------------------------------------------------------------

const PREFERRED = /^(id|name|full_name|title|slug|email|status|state|scan_type|severity|kind|type|limit|used|remaining|balance|created_at)$/;

/** The collections in a snapshot: arrays of objects, counted across their parents. */
function collections(nodes, path, depth, out) {
  if (depth > 4 || !nodes.length) return out;
  const keys = new Set();
  for (const node of nodes.slice(0, 50)) for (const key of Object.keys(node)) keys.add(key);
  for (const key of keys) {
    const children = nodes.map((n) => n[key]).filter((v) => v !== undefined && v !== null);
    if (!children.length) continue;
    if (children.every(Array.isArray)) {
      const items = children.flat();
      const objects = items.filter((i) => i && typeof i === 'object' && !Array.isArray(i));
      if (objects.length && objects.length === items.length) {
        out.push({ path: path + key, count: objects.length, sample: objects.slice(0, 5) });
        collections(objects.length > 20000 ? objects.slice(0, 20000) : objects, path + key + '[].', depth + 1, out);
      }
    } else if (children.every((c) => typeof c === 'object' && !Array.isArray(c))) {
      const numbers = children.length === 1 && Object.entries(children[0]).filter(([, v]) => typeof v === 'number');
      if (numbers && numbers.length >= 2 && numbers.length === Object.keys(children[0]).length) {
        out.push({ path: path + key, values: children[0] });
      }
      collections(children, path + key + '.', depth + 1, out);
    }
  }
  return out;
}

function cell(value) {
  if (Array.isArray(value)) return value.length + ' items';
  if (value && typeof value === 'object') return '{…}';
  if (typeof value === 'string' && value.length > 48) return value.slice(0, 47) + '…';
  return value === null || value === undefined ? '' : String(value);
}

function collectionTable(c) {
  const keys = new Set();
  for (const item of c.sample) for (const key of Object.keys(item)) keys.add(key);
  const all = [...keys];
  const scalar = (k) => c.sample.some((i) => i[k] !== null && typeof i[k] !== 'object');
  const counted = (k) => c.sample.some((i) => Array.isArray(i[k]));
  const columns = [...all.filter((k) => PREFERRED.test(k) && scalar(k)), ...all.filter((k) => !PREFERRED.test(k) && counted(k))].slice(0, 7);
  if (!columns.length) columns.push(...all.filter(scalar).slice(0, 5));
  return h('table', { class: 'grid compact' },
    h('thead', {}, h('tr', {}, columns.map((k) => h('th', {}, k)))),
    h('tbody', {}, c.sample.map((item) => h('tr', {}, columns.map((k) => h('td', {}, cell(item[k])))))));
}

async function loadWorld(api, box) {
  box.replaceChildren(h('p', { class: 'muted' }, 'Reading the snapshot…'));
  const response = await Admin.raw('GET', 'state?api=' + encodeURIComponent(api));
  if (!response.ok) throw new Admin.HttpError(response.status, await response.text());
  const text = await response.text();
  const snapshot = JSON.parse(text).apis[api];
  const world = snapshot && snapshot.state !== undefined ? snapshot.state : snapshot;
  if (!world || typeof world !== 'object') {
    box.replaceChildren(h('p', { class: 'muted' }, 'This API keeps no state.'));
    return;
  }
  const found = collections([world], '', 0, []);
  const size = text.length > 1e6 ? (text.length / 1e6).toFixed(1) + ' MB' : Math.ceil(text.length / 1e3) + ' kB';
  const counted = found.filter((c) => !c.values);
  const figures = found.filter((c) => c.values);
  box.replaceChildren(
    h('dl', { class: 'stats resources' }, counted.slice(0, 12).map((c) =>
      h('div', { dataset: { collection: c.path } }, h('dt', {}, c.path.replace(/\[\]/g, '').split('.').pop()), h('dd', {}, c.count)))),
    ...figures.map((c) => h('p', { class: 'figures' }, h('strong', {}, c.path.replace(/\[\]/g, '') + ': '),
      h('span', { class: 'mono' }, Object.entries(c.values).map(([k, v]) => `${k} ${v}`).join(' · ')))),
    h('details', { class: 'browse' },
      h('summary', {}, `Browse the collections (first items of each, from a snapshot of ${size})`),
      ...counted.map((c) => h('details', { class: 'collection' },
        h('summary', {}, h('span', { class: 'mono' }, c.path), ' ', h('span', { class: 'tag' }, c.count)),
        collectionTable(c)))));
}

async function refreshWorld() {
  const [{ scenarios }, current] = await Promise.all([Admin.get('scenarios'), Admin.get('scenario')]);
  $('scenario-select').replaceChildren(...scenarios.map((s) => h('option', { value: s.name, title: s.description || '' }, s.name)));
  $('scenario-select').value = current.name;
  $('world-apis').replaceChildren(...state.apis.map((api) => {
    const box = h('div', { class: 'world-body' });
    const card = h('article', { class: 'card wide', dataset: { world: api.name } },
      h('header', {}, h('h2', {}, api.name),
        h('span', { class: 'actions' },
          h('button', { type: 'button', class: 'small', onclick: act(() => loadWorld(api.name, box)) }, 'Refresh'),
          h('button', {
            type: 'button', class: 'small danger',
            onclick: act(async () => {
              await Admin.post('reset?api=' + encodeURIComponent(api.name));
              toast(api.name + ' reset', 'good');
              await loadWorld(api.name, box);
            }),
          }, 'Reset ' + api.name))),
      box);
    loadWorld(api.name, box).catch((error) => box.replaceChildren(h('p', { class: 'bad' }, error.message)));
    return card;
  }));
}
refreshers.world = refreshWorld;

function setUpWorld() {
  $('scenario-form').addEventListener('submit', act(async () => {
    const name = $('scenario-select').value;
    const info = await Admin.put('scenario', { name });
    toast('Loaded scenario ' + info.name, 'good');
    await refreshAll();
  }));
  $('state-export').addEventListener('click', act(async () => {
    const response = await Admin.raw('GET', 'state');
    if (!response.ok) throw new Admin.HttpError(response.status, await response.text());
    const url = URL.createObjectURL(await response.blob());
    const stamp = (state.clock ? state.clock.now : new Date().toISOString()).replace(/[:.]/g, '-');
    const a = h('a', { href: url, download: `secmock-state-${stamp}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }));
  $('state-import').addEventListener('change', act(async () => {
    const file = $('state-import').files[0];
    if (!file) return;
    const result = await Admin.put('state', await file.text());
    $('state-import').value = '';
    toast('Imported: ' + result.imported.join(', '), 'good');
    await refreshAll();
  }));
}

// ---- faults ---------------------------------------------------------------------------

function describeAction(a) {
  switch (a.kind) {
    case 'status': return `answer ${a.status}` + (a.message ? ` “${a.message}”` : '');
    case 'latency': return a.ms !== undefined ? `delay ${a.ms} ms` : `delay ${a.min_ms}–${a.max_ms} ms`;
    case 'rate_limit': return `at most ${a.limit} per ${a.window_seconds} s`;
    case 'drop': return 'drop the connection';
    case 'reset': return 'reset the connection';
    default: return a.kind;
  }
}

async function refreshFaults() {
  const { faults } = await Admin.get('faults');
  $('faults-count').textContent = faults.length;
  $('faults-count').classList.toggle('warn', faults.length > 0);
  $('fault-rows').replaceChildren(...faults.map((f) => h('tr', { dataset: { fault: f.id } },
    h('td', { class: 'num' }, f.id),
    h('td', {}, f.api || 'every API'),
    h('td', { class: 'mono' }, [f.method, f.path, f.operation_id].filter(Boolean).join(' ') || 'every request'),
    h('td', {}, describeAction(f.action)),
    h('td', { class: 'num' }, f.probability === undefined ? 1 : f.probability),
    h('td', { class: 'num' }, f.times || '∞'),
    h('td', { class: 'num' }, f.fired),
    h('td', {}, h('button', {
      type: 'button', class: 'small', 'aria-label': 'Remove fault ' + f.id,
      onclick: act(async () => { await Admin.del('faults/' + f.id); await refreshFaults(); }),
    }, 'Remove')))));
  $('faults-empty').hidden = faults.length > 0;
}
refreshers.faults = refreshFaults;

function showFaultFields() {
  const kind = $('fault-kind').value;
  for (const label of document.querySelectorAll('#fault-form [data-for]')) label.hidden = label.dataset.for !== kind;
}

function setUpFaults() {
  $('fault-kind').addEventListener('change', showFaultFields);
  showFaultFields();
  $('fault-form').addEventListener('submit', act(async () => {
    const form = new FormData($('fault-form'));
    const text = (name) => (form.get(name) || '').trim();
    const number = (name) => (text(name) === '' ? undefined : Number(text(name)));
    const kind = text('kind');
    const action = { kind };
    if (kind === 'status') { action.status = number('status'); if (text('message')) action.message = text('message'); }
    if (kind === 'latency') action.ms = number('ms');
    if (kind === 'rate_limit') { action.limit = number('limit'); action.window_seconds = number('window_seconds'); }
    const fault = { action };
    if (text('api')) fault.api = text('api');
    if (text('method')) fault.method = text('method');
    if (text('path')) fault.path = text('path');
    if (number('probability') !== undefined) fault.probability = number('probability');
    if (number('times') !== undefined) fault.times = number('times');
    const rule = await Admin.post('faults', fault);
    toast(`Fault #${rule.id} added: ${describeAction(rule.action)}`, 'good');
    await refreshFaults();
  }));
  $('faults-clear').addEventListener('click', act(async () => { await Admin.del('faults'); await refreshFaults(); }));
}

// ---- stubs (GET/POST /stubs, DELETE /stubs/{id}) ---------------------------------------

async function refreshStubs() {
  const response = await Admin.raw('GET', 'stubs');
  state.stubsAvailable = response.status !== 404;
  $('stubs-unavailable').hidden = state.stubsAvailable;
  $('stubs-body').hidden = !state.stubsAvailable;
  if (!state.stubsAvailable) return;
  if (!response.ok) throw new Admin.HttpError(response.status, await response.text());
  const { stubs } = await response.json();
  $('stub-rows').replaceChildren(...stubs.map((s) => h('tr', { dataset: { stub: s.id } },
    h('td', { class: 'mono small' }, s.id),
    h('td', {}, s.api),
    h('td', { class: 'mono' }, `${s.request.method || 'any'} ${s.request.path || s.request.path_glob || '*'}`),
    h('td', {}, h('span', { class: 'status ' + statusClass(s.response.status) }, s.response.status)),
    h('td', { class: 'num' }, s.times === null || s.times === undefined ? '∞' : s.times),
    h('td', { class: 'num' }, s.hits),
    h('td', { class: 'num' }, s.priority === undefined ? '' : s.priority),
    h('td', {}, h('button', {
      type: 'button', class: 'small', 'aria-label': 'Remove stub ' + s.id,
      onclick: act(async () => { await Admin.del('stubs/' + encodeURIComponent(s.id)); await refreshStubs(); }),
    }, 'Remove')))));
  $('stubs-empty').hidden = stubs.length > 0;
}
refreshers.stubs = refreshStubs;

function setUpStubs() {
  $('stub-form').addEventListener('submit', act(async () => {
    const form = new FormData($('stub-form'));
    const text = (name) => (form.get(name) || '').trim();
    let headers = {};
    if (text('headers')) {
      try { headers = JSON.parse(text('headers')); } catch (_) { throw new Error('Headers: not a JSON object'); }
    }
    let body = text('body');
    try { body = body ? JSON.parse(body) : null; } catch (_) { /* a text body */ }
    const stub = {
      api: text('api'),
      request: { method: text('method'), path: text('path') },
      response: { status: Number(text('status')), headers, body },
    };
    if (text('times')) stub.times = Number(text('times'));
    if (text('priority')) stub.priority = Number(text('priority'));
    await Admin.post('stubs', stub);
    toast('Stub added', 'good');
    await refreshStubs();
  }));
}

// ---- start ----------------------------------------------------------------------------

async function refreshAll() {
  await loadApis();
  await Promise.all([refreshViolations(), refreshTime(), refreshFaults()]);
  if (refreshers[state.tab] && !['violations', 'time', 'faults'].includes(state.tab)) await refreshers[state.tab]();
}

function askForToken() {
  const dialog = $('token-dialog');
  if (dialog.open) return;
  dialog.showModal();
  $('token-input').focus();
}

function setUpToken() {
  Admin.onUnauthorized(askForToken);
  // A link with #token=… opened in a tab that already shows the page.
  window.addEventListener('hashchange', () => {
    if (Admin.takeTokenFromFragment()) tokenChanged();
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    Admin.setToken($('token-input').value.trim());
    tokenChanged();
  });
}

function tokenChanged() {
  if ($('token-dialog').open) $('token-dialog').close();
  if (state.reconnect) state.reconnect();
  refreshAll().catch(failed);
}

async function tick() {
  // The clock moves by itself in real and scaled modes: keep the clock and the bars current.
  try {
    if (state.tab === 'time') await refreshTime();
    else showClock(await Admin.get('clock'));
    if (state.tab === 'faults') await refreshFaults();
  } catch (_) { /* shown by the live indicator */ }
}

document.addEventListener('DOMContentLoaded', () => {
  setUpTabs();
  setUpHeader();
  setUpTraffic();
  setUpTime();
  setUpWorld();
  setUpFaults();
  setUpStubs();
  setUpToken();
  const saved = sessionStorage.getItem('secmock.tab');
  showTab(TABS.includes(saved) ? saved : 'apis');
  refreshAll().catch(failed).finally(() => {
    followTraffic();
    setInterval(tick, 1000);
  });
});
