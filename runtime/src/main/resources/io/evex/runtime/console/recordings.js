// A channel's day: recorded spans and gaps, event markers by type and the event clips, drawn as one
// SVG bar; a click on the bar plays the recording from that moment in the page, a clip plays or
// downloads. Video is fetched with the token in a header and handed to <video> as a blob, so that the
// token never sits in a URL.
import { api, token } from './api.js';
import { h, clear, clock } from './dom.js';

const DAY = 86_400_000;
const PLAY_MS = 60_000; // a click plays this much, or to the span's end
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = { 'event-area-enter': '#1f6feb', 'event-area-exit': '#6f42c1', 'event-line-crossing': '#d97706', 'event-intrusion': '#c62828', 'event-loitering': '#b45309', 'event-motion': '#9ca3af', clip: '#111827' };

export function recordingsSection(id, pastEvents) {
  const enc = encodeURIComponent(id);
  const day = h('input', { type: 'date', id: 'timeline-day', value: isoDay(Date.now()) });
  const range = h('select', { id: 'timeline-range' },
    [['day', 'The whole day'], ['1h', 'Its last hour'], ['10m', 'Its last 10 minutes']].map(([v, label]) => h('option', { value: v }, label)));
  const bar = document.createElementNS(SVG, 'svg');
  bar.setAttribute('id', 'timeline-bar');
  bar.setAttribute('viewBox', '0 0 1000 40');
  bar.setAttribute('preserveAspectRatio', 'none');
  bar.setAttribute('role', 'img');
  const summary = h('p', { class: 'muted', id: 'timeline-summary' });
  const video = h('video', { id: 'playback', controls: true, muted: true, playsinline: true });
  const playing = h('p', { class: 'muted', id: 'playback-status', role: 'status' });
  const clips = h('div', { class: 'timeline', id: 'clips' });
  let shownUrl = null;

  const play = async (from, to) => {
    playing.textContent = `Loading ${clock(from)}…`;
    try {
      const blob = await fetchBlob(`/api/v1/channels/${enc}/clip.mp4?from=${Math.round(from)}&to=${Math.round(to)}`);
      if (shownUrl) URL.revokeObjectURL(shownUrl);
      shownUrl = URL.createObjectURL(blob);
      video.src = shownUrl;
      await video.play().catch(() => {});
      playing.textContent = `Playing from ${clock(from)}`;
    } catch (e) {
      playing.textContent = e.message;
    }
  };

  const load = async () => {
    const midnight = new Date(`${day.value}T00:00:00`).getTime();
    const length = { day: DAY, '1h': 3_600_000, '10m': 600_000 }[range.value];
    const end = Math.min(midnight + DAY, Date.now());
    const start = length === DAY ? midnight : Math.max(midnight, end - length);
    const [rec, made] = await Promise.all([
      api(`/channels/${enc}/recordings?from=${start}&to=${Math.max(start, end)}`),
      api(`/channels/${enc}/clips?from=${start}&to=${start + length}`),
    ]);
    drawBar(bar, start, length, rec, pastEvents.filter((e) => e.system_timestamp >= start && e.system_timestamp < start + length), made.clips);
    bar.dataset.range = range.value; // what the bar shows now (it is drawn anew on every load)
    bar.onclick = (ev) => {
      const r = bar.getBoundingClientRect();
      const t = start + ((ev.clientX - r.left) / r.width) * length;
      // The nearest span within three pixels: a short span is a sliver on a day's bar.
      const slack = (3 / r.width) * length;
      const span = rec.spans.find((s) => s.from - slack <= t && t <= s.to + slack);
      if (!span) { playing.textContent = `Nothing recorded at ${clock(t)}`; return; }
      const from = Math.min(Math.max(t, span.from), Math.max(span.from, span.to - 5000));
      play(from, Math.min(from + PLAY_MS, span.to));
    };
    const recorded = rec.spans.reduce((sum, s) => sum + (s.to - s.from), 0);
    summary.textContent = `${rec.spans.length} recorded span(s), ${Math.round(recorded / 60000)} min, ${rec.gaps.length} gap(s), ${made.clips.length} clip(s). Click the bar to play from there.`;
    clear(clips, made.clips.map((c) => clipCard(c, play)));
  };
  day.addEventListener('change', load);
  range.addEventListener('change', load);
  load().catch((e) => (summary.textContent = e.message));
  const timer = setInterval(() => load().catch(() => {}), 15000);
  const section = h('section', { id: 'recordings' }, h('h2', {}, 'Recordings'),
    h('div', { class: 'tools' }, h('label', {}, 'Day ', day), h('label', {}, 'Show ', range)), bar, summary, video, playing, h('h2', {}, 'Event clips'), clips);
  // An event's moment (a marker, or a picture of the event timeline): from 2 s before it.
  const playAt = (t) => play(t - 2000, t + PLAY_MS - 2000);
  bar.addEventListener('click', (ev) => {
    const at = ev.target?.dataset?.at;
    if (at) { ev.stopPropagation(); playAt(Number(at)); }
  }, true);
  return { section, playAt, stop: () => { clearInterval(timer); if (shownUrl) URL.revokeObjectURL(shownUrl); } };
}

function drawBar(bar, start, length, rec, events, clips) {
  while (bar.firstChild) bar.firstChild.remove();
  const x = (t) => Math.min(1000, Math.max(0, ((t - start) / length) * 1000));
  const rect = (from, to, y, height, fill, title, cls, at) => {
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', x(from));
    r.setAttribute('width', Math.max(0.6, x(to) - x(from)));
    r.setAttribute('y', y);
    r.setAttribute('height', height);
    r.setAttribute('fill', fill);
    r.setAttribute('class', cls);
    if (at) r.dataset.at = at;
    const t = document.createElementNS(SVG, 'title');
    t.textContent = title;
    r.append(t);
    bar.append(r);
  };
  rect(start, start + length, 10, 20, '#eceff3', 'not recorded', 'gap');
  rec.spans.forEach((s) => rect(s.from, s.to, 10, 20, '#2e7d32', `recorded ${clock(s.from)}–${clock(s.to)}`, 'span'));
  events.forEach((e) => rect(e.system_timestamp, e.system_timestamp, 0, 10, COLORS[e.$id] || '#5d6676', `${e.$id} ${clock(e.system_timestamp)}: click to play`, 'marker', e.system_timestamp));
  clips.forEach((c) => rect(c.start_ms, c.end_ms, 30, 10, COLORS.clip, `clip ${clock(c.start_ms)} (${c.events.length} event(s))`, 'clip'));
  for (let i = 0; i <= 4; i++) {
    const t = document.createElementNS(SVG, 'text');
    t.setAttribute('x', Math.min(960, i * 250));
    t.setAttribute('y', 39);
    t.setAttribute('font-size', 8);
    t.textContent = clock(start + (i * length) / 4);
    bar.append(t);
  }
}

function clipCard(c, play) {
  const picture = h('img', { alt: `snapshot of clip ${c.clip_id}` });
  if (c.snapshot) fetchBlob(c.snapshot.url).then((b) => (picture.src = URL.createObjectURL(b))).catch(() => {});
  const download = h('button', { type: 'button', onclick: () => saveClip(c) }, 'Download');
  const types = [...new Set(c.events.map((e) => e.class ? `${e.type}:${e.class}` : e.type))].join(', ');
  return h('figure', { dataset: { clip: c.clip_id } }, picture,
    h('figcaption', {}, h('strong', {}, clock(c.start_ms)), ` ${Math.round(c.duration)} s`, h('br'), types, h('br'),
      h('button', { type: 'button', onclick: () => play(c.start_ms, c.end_ms) }, 'Play'), ' ', download));
}

async function saveClip(c) {
  const blob = await fetchBlob(c.video.url);
  const a = h('a', { href: URL.createObjectURL(blob), download: `${c.channel}-${c.clip_id}.mp4` });
  document.body.append(a);
  a.click();
  a.remove();
}

async function fetchBlob(path) {
  const r = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
  if (!r.ok) {
    const body = (r.headers.get('content-type') || '').includes('json') ? await r.json() : null;
    throw new Error(body?.error?.message || `the runtime answered ${r.status}`);
  }
  return r.blob();
}

function isoDay(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
