// The event history (the store behind GET /api/v1/events): filters, pages newest first, the
// pictures events carried, a link to the recording of each moment, and counts per hour as SVG bars.
import { api, token } from './api.js';
import { h, clear, clock } from './dom.js';

const HOUR = 3_600_000;
const SVG = 'http://www.w3.org/2000/svg';
const TYPES = ['', 'event-area-enter', 'event-area-exit', 'event-line-crossing', 'event-intrusion', 'event-loitering',
  'event-occupancy', 'event-motion', 'best-crop', 'crop', 'clip', 'metadata', 'channel-status'];

export async function historyPage(main) {
  const { channels } = await api('/channels');
  const field = (label, input) => h('label', {}, label, input);
  const channel = h('select', { name: 'channel', id: 'history-channel' },
    h('option', { value: '' }, 'every channel'), channels.map((c) => h('option', { value: c.id }, c.id)));
  const type = h('select', { name: 'type', id: 'history-type' }, TYPES.map((t) => h('option', { value: t }, t || 'every type')));
  const zone = h('input', { name: 'zone', id: 'history-zone', placeholder: 'any' });
  const line = h('input', { name: 'line', id: 'history-line', placeholder: 'any' });
  const cls = h('input', { name: 'class', id: 'history-class', placeholder: 'any' });
  const since = h('input', { type: 'datetime-local', name: 'from', id: 'history-from' });
  const until = h('input', { type: 'datetime-local', name: 'to', id: 'history-to' });
  const list = h('div', { class: 'history', id: 'history-list' });
  const more = h('button', { type: 'button', id: 'history-more', hidden: true }, 'Older events');
  const status = h('p', { class: 'muted', id: 'history-status', role: 'status' });
  const chart = document.createElementNS(SVG, 'svg');
  chart.setAttribute('id', 'history-chart');
  chart.setAttribute('viewBox', '0 0 960 140');
  chart.setAttribute('role', 'img');
  const chartTitle = h('h2', {}, 'Events per hour, the last 24 hours');
  let next = null;
  let shown = [];

  const query = () => {
    const q = new URLSearchParams({ limit: '50' });
    for (const [k, el] of [['channel', channel], ['type', type], ['zone', zone], ['line', line], ['class', cls]]) {
      if (el.value.trim()) q.set(k, el.value.trim());
    }
    if (since.value) q.set('from', String(new Date(since.value).getTime()));
    if (until.value) q.set('to', String(new Date(until.value).getTime()));
    return q;
  };
  let asked = 0; // only the newest search shows: an older answer arriving late is dropped
  const load = async (append) => {
    const q = query();
    if (append && next) q.set('cursor', next);
    const mine = ++asked;
    status.textContent = 'Loading…';
    try {
      const page = await api(`/events?${q}`);
      if (mine !== asked) return;
      if (!append) { clear(list); shown = []; }
      page.events.forEach((e) => list.append(row(e)));
      shown = shown.concat(page.events);
      next = page.next;
      more.hidden = !next || page.events.length === 0;
      status.textContent = `${shown.length} event(s) shown${next ? '' : ', the oldest reached'}.`;
    } catch (e) {
      status.textContent = e.message;
    }
  };
  const drawChart = async () => {
    const now = Date.now();
    const from = Math.floor(now / HOUR) * HOUR - 23 * HOUR;
    const q = new URLSearchParams({ bucket: '1h', from: String(from), to: String(now) });
    for (const [k, el] of [['channel', channel], ['type', type], ['zone', zone]]) {
      if (el.value.trim()) q.set(k, el.value.trim());
    }
    try {
      const stats = await api(`/events/stats?${q}`);
      bars(chart, stats.buckets);
      chartTitle.textContent = `Events per hour, the last 24 hours${channel.value ? `, ${channel.value}` : ''}${zone.value ? `, zone ${zone.value}` : ''}`;
    } catch (e) {
      chartTitle.textContent = e.message;
    }
  };
  const search = (ev) => { ev?.preventDefault(); next = null; load(false); drawChart(); };
  more.addEventListener('click', () => load(true));
  const form = h('form', { class: 'filters', id: 'history-filters', onsubmit: search },
    field('Channel', channel), field('Type', type), field('Zone', zone), field('Line', line), field('Class', cls),
    field('From', since), field('To', until), h('button', { type: 'submit', class: 'primary', id: 'history-search' }, 'Search'));
  clear(main, h('h1', {}, 'Events'), form, chartTitle, chart, status, list, more);
  search();
  return () => {};
}

function row(e) {
  const picture = h('img', { alt: e.image ? `${e.object_class || ''} ${e.ref_tracking_id || ''}` : '', hidden: !e.image?.url });
  if (e.image?.url) {
    fetch(e.image.url, { headers: { Authorization: `Bearer ${token()}` } })
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => { if (b) picture.src = URL.createObjectURL(b); })
      .catch(() => {});
  }
  const what = [e.zone && `zone ${e.zone}`, e.line && `line ${e.line}`, e.object_class || e.object?.class, e.tracking_id]
    .filter(Boolean).join(', ');
  const at = e.system_timestamp;
  return h('article', { class: 'event', dataset: { type: e.$id, id: e.event_id } }, picture,
    h('div', {}, h('strong', {}, e.$id), ' ', h('span', { class: 'muted' }, e.channel), h('br'),
      `${new Date(at).toLocaleDateString()} ${clock(at)}`, what ? ` — ${what}` : '', h('br'),
      h('a', { href: `#/channel/${encodeURIComponent(e.channel)}?at=${at}`, class: 'play' }, 'Recording of this moment')));
}

function bars(svg, buckets) {
  while (svg.firstChild) svg.firstChild.remove();
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const w = 960 / Math.max(1, buckets.length);
  buckets.forEach((b, i) => {
    const height = (b.count / max) * 110;
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', i * w + 1);
    r.setAttribute('y', 115 - height);
    r.setAttribute('width', Math.max(1, w - 2));
    r.setAttribute('height', height);
    r.setAttribute('fill', '#1f6feb');
    r.setAttribute('class', 'bar');
    r.dataset.count = b.count;
    const t = document.createElementNS(SVG, 'title');
    t.textContent = `${clock(b.start)}: ${b.count} event(s)${b.occupancy_max != null ? `, at most ${b.occupancy_max} inside` : ''}`;
    r.append(t);
    svg.append(r);
    if (i % 3 === 0) {
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', i * w + 2);
      label.setAttribute('y', 134);
      label.setAttribute('font-size', 11);
      label.textContent = new Date(b.start).getHours() + 'h';
      svg.append(label);
    }
  });
}
