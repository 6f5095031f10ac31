// The HTTP API, with the token the user signed in with (kept for this tab only).
const KEY = 'evex.token';

export const token = () => sessionStorage.getItem(KEY);

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `the runtime answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 204) return null;
  const json = (r.headers.get('content-type') || '').includes('json') ? await r.json() : null;
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

// Server-Sent Events of the API, read with fetch so that the token travels in a header, never in a
// URL that proxies and browser histories keep (EventSource cannot send one). Calls onEvent with each
// event; reconnects after a pause when the stream ends; returns a function that closes it.
export function events(query, onEvent) {
  const controller = new AbortController();
  let stopped = false;
  (async () => {
    while (!stopped) {
      try {
        await readStream(`/api/v1/events/stream${query}`, controller.signal, onEvent);
      } catch (e) {
        if (stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
  return () => {
    stopped = true;
    controller.abort();
  };
}

async function readStream(path, signal, onEvent) {
  const r = await fetch(path, {
    headers: { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' },
    cache: 'no-store',
    signal,
  });
  if (!r.ok || !r.body) throw new ApiError(r.status, null);
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r/g, '');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
  }
}

// One SSE block: "event:" and "data:" lines (comments start with ':'); only messages are events.
function dispatch(block, onEvent) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (type === 'message' && data.length) onEvent(JSON.parse(data.join('\n')));
}
