// The page's frame: tabs and keys, the header (theme, size, reset, clock), the admin
// token, and starting every panel.
'use strict';

// ---- tabs and keyboard ----------------------------------------------------------------

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
