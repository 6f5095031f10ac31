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

// A URL for elements that cannot send headers (<img>, EventSource): the token goes in the query.
export function withToken(path) {
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token())}`;
}

// Server-Sent Events of the API: calls onEvent with each event; returns a function that closes it.
export function events(query, onEvent) {
  const source = new EventSource(withToken(`/api/v1/events/stream${query}`));
  source.onmessage = (m) => onEvent(JSON.parse(m.data));
  return () => source.close();
}
