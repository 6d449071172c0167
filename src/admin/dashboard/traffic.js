// The APIs, the live traffic (GET /journal/stream) with its detail view, and the
// violations.
'use strict';

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
  // Every entry is gone (a reset, or a secmock restarted while the page followed it,
  // whose ids start again): take whatever comes next.
  if (!api) state.lastId = 0;
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
