// Talking to the admin API that served this page: URLs relative to the page's folder (the
// same page works on the admin port, under /__secmock/ on an API's port, and in a world,
// /w/NAME/ or /w/NAME/__secmock/), the admin token, JSON calls,
// and a reader for GET /journal/stream over fetch() (which, unlike EventSource, can send
// the Authorization header, so the token never goes in a URL).
'use strict';

const Admin = (() => {
  const TOKEN_KEY = 'secmock.adminToken';
  // The page is always served as a folder (`…/`): its admin API is that folder.
  const BASE = location.pathname.replace(/[^/]*$/, '');

  // A token given in the fragment (#token=…, never sent to a server) is kept for this
  // tab and removed from the address bar, so it is not bookmarked or shared by accident.
  function takeTokenFromFragment() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (!fragment.has('token')) return false;
    sessionStorage.setItem(TOKEN_KEY, fragment.get('token'));
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
    return true;
  }
  takeTokenFromFragment();

  class HttpError extends Error {
    constructor(status, body) {
      const detail = body && (body.detail || body.title || body.error || (typeof body === 'string' ? body : ''));
      super(detail ? `${status}: ${detail}` : `HTTP ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  let onUnauthorized = () => {};

  function headers(extra) {
    const h = Object.assign({ accept: 'application/json' }, extra || {});
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) h.authorization = 'Bearer ' + token;
    return h;
  }

  async function call(method, path, body, options) {
    const init = { method, headers: headers(), cache: 'no-store' };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(BASE + path, init);
    if (response.status === 401) onUnauthorized();
    if (options && options.raw) return response;
    const text = await response.text();
    let parsed = text;
    try { parsed = text ? JSON.parse(text) : null; } catch (_) { /* not JSON */ }
    if (!response.ok) throw new HttpError(response.status, parsed);
    return parsed;
  }

  // Reads a server-sent event stream, calling onOpen() once it is answered and
  // onEvent({event, id, data}) for each event (data parsed as JSON). Resolves when the
  // stream ends; rejects on an HTTP error.
  async function follow(path, onOpen, onEvent) {
    const response = await fetch(BASE + path, { headers: headers({ accept: 'text/event-stream' }), cache: 'no-store' });
    if (response.status === 401) onUnauthorized();
    if (!response.ok || !response.body) throw new HttpError(response.status, await response.text().catch(() => ''));
    onOpen();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = { event: 'message', id: null, data: '' };
        for (const line of block.split('\n')) {
          if (!line || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.event = value;
          else if (field === 'id') event.id = value;
          else if (field === 'data') event.data += (event.data ? '\n' : '') + value;
        }
        if (!event.data) continue;
        try { event.data = JSON.parse(event.data); } catch (_) { /* keep the text */ }
        onEvent(event);
      }
    }
  }

  return {
    BASE,
    HttpError,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    del: (path) => call('DELETE', path),
    raw: (method, path) => call(method, path, undefined, { raw: true }),
    follow,
    setToken: (token) => sessionStorage.setItem(TOKEN_KEY, token),
    takeTokenFromFragment,
    hasToken: () => !!sessionStorage.getItem(TOKEN_KEY),
    onUnauthorized: (f) => { onUnauthorized = f; },
  };
})();
