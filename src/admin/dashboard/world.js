// Time (the clock, the APIs' timed work and the scheduled jobs) and the world (each
// API's resources from its snapshot, scenarios, export and import).
'use strict';

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
      // Counters (a quota's plan and use, a limit table): objects of numbers only.
      const counters = (o) => Object.keys(o).length >= 2 && Object.values(o).every((v) => typeof v === 'number');
      if (children.every(counters)) out.push({ path: path + key, values: children.slice(0, 4) });
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

/** A collection's last name, with its parent's where another collection has the same. */
function shortName(path, all) {
  const parts = path.replace(/\[\]/g, '').split('.');
  const last = parts[parts.length - 1];
  const clash = all.filter((c) => c.path.replace(/\[\]/g, '').split('.').pop() === last).length > 1;
  return clash && parts.length > 1 ? parts.slice(-2).join(' ') : last;
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
      h('div', { dataset: { collection: c.path }, title: c.path }, h('dt', {}, shortName(c.path, counted)), h('dd', {}, c.count)))),
    ...figures.map((c) => h('p', { class: 'figures' }, h('strong', {}, c.path.replace(/\[\]/g, '') + ': '),
      h('span', { class: 'mono' }, c.values.map((v) => Object.entries(v).map(([k, n]) => `${k} ${n}`).join(' · ')).join('  │  ')))),
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
