// Faults and stubs: listed, added from a form, removed.
'use strict';

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
