// One channel: its live video (or pictures, where the browser cannot play the codec) with tracks,
// zones and lines drawn on top, the zone editor, the events arriving live, and a timeline of past
// events with the objects' pictures.
import { api, events, token } from './api.js';
import { livePicture } from './live-picture.js';
import { LiveConnection } from './live-video.js';
import { h, clear, clock } from './dom.js';
import { RulesEditor, isPolygon } from './rules.js';
import { recordingsSection } from './recordings.js';

const QUIET = new Set(['track', 'statistics']);

export async function channelPage(main, id, at) {
  const enc = encodeURIComponent(id);
  const [info, rules, past] = await Promise.all([
    api(`/channels/${enc}`),
    api(`/channels/${enc}/rules`),
    api(`/events?channel=${enc}&limit=300`),
  ]);
  const img = h('img', { id: 'live', alt: `live picture of ${id}`, hidden: true });
  const video = h('video', { id: 'live-video', muted: true, autoplay: true, playsinline: true, 'aria-label': `live video of ${id}` });
  let stopPicture = () => {};
  const pictures = () => {
    if (!img.hidden) return;
    video.hidden = true;
    img.hidden = false;
    stopPicture = livePicture(img, id, 960, 60);
  };
  const connection = new LiveConnection({ token: token() });
  const player = connection.watch(id, video, (state) => {
    video.dataset.state = state;
    if (state === 'unsupported' || state === 'refused') pictures(); // a codec this browser cannot play
  });
  const canvas = h('canvas', {
    id: 'rules-canvas', tabindex: 0,
    'aria-label': 'Zones and lines. Click a shape to select it; drag its corners; double-click an edge of a zone to add a corner; Tab walks the corners; arrow keys move the corner or shape (Shift: faster); Delete removes the corner or shape; while drawing, Enter finishes and Escape cancels.',
  });
  const options = h('div', { id: 'rule-options' });
  const editor = new RulesEditor(canvas, rules, () => showOptions(editor, options));
  const status = h('p', { id: 'rules-status', role: 'status' });
  const save = async () => {
    status.className = '';
    status.textContent = 'Saving…';
    try {
      const written = await api(`/channels/${enc}/rules`, { method: 'PUT', body: editor.rules() });
      status.className = 'ok';
      const masks = written.motion_masks.length + written.object_masks.length;
      status.textContent = `Saved: ${written.zones.length} zone(s), ${written.lines.length} line(s), ${masks} mask(s), `
        + `${Object.keys(written.object_filters).length} class filter(s); the channel restarted with them.`;
    } catch (e) {
      status.className = 'error';
      status.textContent = e.body?.error?.field ? `${e.body.error.field}: ${e.message}` : e.message;
    }
  };
  const tools = h('div', { class: 'tools' },
    h('button', { type: 'button', id: 'add-zone', onclick: () => editor.start('zones') }, 'Add zone'),
    h('button', { type: 'button', id: 'add-line', onclick: () => editor.start('lines') }, 'Add line'),
    h('button', { type: 'button', id: 'add-motion-mask', onclick: () => editor.start('motion_masks') }, 'Add motion mask'),
    h('button', { type: 'button', id: 'add-object-mask', onclick: () => editor.start('object_masks') }, 'Add object mask'),
    h('button', { type: 'button', id: 'finish-shape', onclick: () => editor.finish() }, 'Finish shape'),
    h('button', { type: 'button', id: 'delete-shape', onclick: () => editor.remove() }, 'Delete selected'),
    h('button', { type: 'button', class: 'primary', id: 'save-rules', onclick: save }, 'Save rules'));
  const list = h('ul', { class: 'events', id: 'live-events', 'aria-live': 'polite' });
  const timeline = h('div', { class: 'timeline', id: 'timeline' });
  const recordings = recordingsSection(id, past.events.filter((e) => !QUIET.has(e.$id) && e.$id !== 'channel-status'));
  const playAt = recordings.playAt;
  past.events.slice().reverse().forEach((e) => addToTimeline(timeline, e, true, playAt));

  clear(main,
    h('h1', {}, `Channel ${id} `, h('span', { class: 'state' }, info.state), ' ',
      h('span', { class: 'muted' }, info.fps ? `${Math.round(info.fps)} fps, ${info.width}×${info.height}` : '')),
    h('div', { class: 'channel' },
      h('section', {}, h('div', { class: 'view' }, video, img, canvas), tools, status, options, filtersForm(editor.filters)),
      h('section', { class: 'panel' }, h('h2', {}, 'Live events'), list)),
    recordings.section,
    h('section', {}, h('h2', {}, 'Timeline'), timeline));

  const tracks = new Tracks(player);
  const stop = events(`?channel=${enc}`, (e) => {
    if (e.$id === 'track') {
      tracks.add(e);
      return;
    }
    if (QUIET.has(e.$id)) return;
    list.prepend(h('li', { dataset: { type: e.$id } }, h('strong', {}, e.$id), ' ', describe(e), ' ',
      h('span', { class: 'muted' }, clock(e.system_timestamp || Date.now()))));
    while (list.children.length > 100) list.lastChild.remove();
    addToTimeline(timeline, e, false, playAt);
  });

  let frame = 0;
  const paint = () => {
    const r = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(r.width * dpr)) canvas.width = Math.round(r.width * dpr);
    if (canvas.height !== Math.round(r.height * dpr)) canvas.height = Math.round(r.height * dpr);
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, r.width, r.height);
    editor.draw(g, r.width, r.height);
    const shown = img.hidden ? tracks.at(video.currentTime) : tracks.latest();
    if (shown.length && img.hidden) canvas.dataset.lags = tracks.lags.join(' '); // milliseconds, for tests and curious users
    for (const t of shown) {
      g.strokeStyle = '#76ff03';
      g.lineWidth = 2;
      g.strokeRect(t.box.l * r.width, t.box.t * r.height, t.box.w * r.width, t.box.h * r.height);
      g.fillStyle = '#76ff03';
      g.font = '12px system-ui, sans-serif';
      g.fillText(t.label, t.box.l * r.width + 2, t.box.t * r.height - 4);
    }
    frame = requestAnimationFrame(paint);
  };
  frame = requestAnimationFrame(paint);
  showOptions(editor, options);
  if (at) {
    recordings.section.scrollIntoView();
    recordings.playAt(at); // from the event browser: the recording of that moment
  }
  return () => {
    cancelAnimationFrame(frame);
    stop();
    stopPicture();
    connection.close();
    recordings.stop();
  };
}

// Tracked boxes on the video's own clock: each frame shows the boxes of the newest analysed frame
// at or before it (frame_time and the video share the channel's clock), and the player waits as
// long behind the live edge as the events come after their frames, so boxes meet their objects.
class Tracks {
  constructor(player) {
    this.player = player;
    this.byId = new Map();
    this.current = new Map();
    this.lags = [];
  }

  add(e) {
    const list = this.byId.get(e.tracking_id) || [];
    list.push({ t: e.frame_time, box: e.box, label: `${e.object.class} ${e.tracking_id}`, end: e.state === 'end', at: performance.now() });
    if (list.length > 100) list.shift();
    this.byId.set(e.tracking_id, list);
    // how far the video was ahead of this event's frame when the event came: play that far behind
    const late = this.player.liveEdge() - e.frame_time;
    this.player.delay = Math.min(2, Math.max(this.player.delay * 0.98, late - 0.05, 0));
  }

  at(time) {
    const shown = [];
    for (const [id, list] of this.byId) {
      let found = null;
      for (const entry of list) if (entry.t <= time + 0.005) found = entry;
      if (list[list.length - 1].t < time - 5) {
        this.byId.delete(id);
        this.current.delete(id);
      }
      if (!found || found.end || time - found.t > 1.5) continue;
      if (this.current.get(id) !== found) {
        // how long after its own frame a box appears: a frame or less when the delay is right
        this.current.set(id, found);
        this.lags.push(Math.round((time - found.t) * 1000));
        if (this.lags.length > 50) this.lags.shift();
      }
      shown.push(found);
    }
    return shown;
  }

  // Without video (pictures): the newest box of each track, for two seconds.
  latest() {
    const now = performance.now();
    const shown = [];
    for (const [id, list] of this.byId) {
      const last = list[list.length - 1];
      if (now - last.at > 2000 || last.end) this.byId.delete(id);
      else shown.push(last);
    }
    return shown;
  }
}

function describe(e) {
  const parts = [];
  if (e.zone) parts.push(`zone ${e.zone}`);
  if (e.line) parts.push(`line ${e.line}`);
  if (e.object_class) parts.push(e.object_class);
  if (e.motion_ratio !== undefined) parts.push(`${Math.round(e.motion_ratio * 100)} % moving`);
  return parts.join(', ');
}

function addToTimeline(timeline, e, old, playAt) {
  if (QUIET.has(e.$id) || e.$id === 'channel-status') return;
  const picture = e.image && e.image.data ? h('img', { src: `data:image/jpeg;base64,${e.image.data}`, alt: `${e.object_class || ''} ${e.ref_tracking_id || ''}` }) : null;
  const item = h('figure', { dataset: { type: e.$id }, title: 'Click to play the recording of this moment', onclick: () => playAt(e.system_timestamp || Date.now()) }, picture,
    h('figcaption', {}, h('strong', {}, e.$id), h('br'), clock(e.system_timestamp || Date.now())));
  if (old) timeline.append(item);
  else timeline.prepend(item);
  while (timeline.children.length > 200) timeline.lastChild.remove();
}

// The form of the selected zone or line: its name and rule options.
function showOptions(editor, box) {
  const s = editor.shape();
  if (!s) {
    clear(box, h('p', { class: 'muted' }, 'Select a zone or a line to set its options, or add one: click its corners on the picture, then Finish shape (or Enter, or a double click).'));
    return;
  }
  const kind = editor.selected.kind;
  const zone = kind === 'zones';
  const field = (label, input, help) => h('label', {}, label, input, help ? h('span', { class: 'help' }, help) : null);
  if (isPolygon(kind) && !zone) {
    const name = h('input', { name: 'name', value: s.name, required: true });
    name.addEventListener('input', () => (s.name = name.value));
    const what = kind === 'motion_masks'
      ? 'Motion here is ignored (a tree in the wind, a clock).'
      : 'A detection whose box stands here (its bottom centre) is dropped.';
    clear(box, h('form', { class: 'stack', onsubmit: (e) => e.preventDefault() },
      h('h2', {}, kind === 'motion_masks' ? 'Motion mask' : 'Object mask'), field('Name', name), h('p', { class: 'muted' }, what)));
    return;
  }
  const num = (key, attrs, empty) => {
    const input = h('input', { type: 'number', name: key, value: s[key] ?? '', ...attrs });
    input.addEventListener('input', () => {
      if (input.value === '' && empty) delete s[key];
      else if (input.value !== '') s[key] = Number(input.value);
    });
    return input;
  };
  // A duration key ("1.5s") edited as a number of seconds.
  const secs = (key, attrs) => {
    const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
    const m = /^([0-9.]+)(ms|s|m|h|d)$/.exec(String(s[key] ?? ''));
    const shown = m ? Number(m[1]) * unit[m[2]] : '';
    const input = h('input', { type: 'number', name: key, value: shown, ...attrs });
    input.addEventListener('input', () => {
      if (input.value === '') delete s[key];
      else s[key] = `${Number(input.value)}s`;
    });
    return input;
  };
  const name = h('input', { name: 'name', value: s.name, required: true });
  name.addEventListener('input', () => (s.name = name.value));
  const classes = h('input', { name: 'classes', value: (s.classes || []).join(', ') });
  classes.addEventListener('input', () => {
    const list = classes.value.split(',').map((c) => c.trim()).filter(Boolean);
    if (list.length) s.classes = list;
    else delete s.classes;
  });
  const rows = [field('Name', name), field('Object classes', classes, 'Comma-separated; empty = every class'),
    field('Least confidence', num('min_confidence', { min: 0, max: 1, step: 0.05 }, true))];
  if (zone) {
    const intrusion = h('input', { type: 'checkbox', name: 'intrusion', checked: !!s.intrusion });
    intrusion.addEventListener('change', () => (s.intrusion = intrusion.checked));
    rows.push(h('label', { class: 'check' }, intrusion, 'Intrusion: raise event-intrusion for any object inside'),
      field('Loitering after (s)', secs('loitering', { min: 0, step: 0.5 }), '0 = no loitering events'),
      field('Occupancy above', num('occupancy_max', { min: 0, step: 1 }, true), 'Empty = no occupancy events'),
      field('Inertia (frames)', num('inertia', { min: 1, step: 1 }, true)));
  } else {
    const direction = h('select', { name: 'direction' },
      ['both', 'a-b', 'b-a'].map((d) => h('option', { value: d, selected: (s.direction || 'both') === d }, d)));
    direction.addEventListener('change', () => (s.direction = direction.value));
    rows.push(field('Direction', direction, 'a-b: from the left of A→B to its right'));
  }
  clear(box, h('form', { class: 'stack', onsubmit: (e) => e.preventDefault() },
    h('h2', {}, zone ? 'Zone' : 'Line'), rows));
}

// Per-class object filters: a row per class with its bounds (empty = no bound), edited in place.
const FILTER_KEYS = [
  ['min_area', 'Least area', 'Share of the frame'], ['max_area', 'Largest area', 'Share of the frame'],
  ['min_ratio', 'Least width/height', 'A standing person is about 0.4'], ['max_ratio', 'Largest width/height', ''],
  ['min_score', 'Least score', '0..1'],
];

function filtersForm(filters) {
  const rows = h('div', { id: 'object-filters' });
  const render = () => {
    clear(rows, Object.keys(filters).map((cls) => {
      const f = filters[cls];
      const inputs = FILTER_KEYS.map(([key, label, help]) => {
        const input = h('input', { type: 'number', name: `${cls}.${key}`, value: f[key] ?? '', min: 0, step: 'any', title: help });
        input.addEventListener('input', () => {
          if (input.value === '') delete f[key];
          else f[key] = Number(input.value);
        });
        return h('label', {}, label, input);
      });
      const drop = h('button', { type: 'button', onclick: () => { delete filters[cls]; render(); } }, `Remove ${cls}`);
      return h('fieldset', { 'data-class': cls }, h('legend', {}, cls), inputs, drop);
    }));
  };
  const cls = h('input', { id: 'filter-class', name: 'filter-class', placeholder: 'person' });
  const add = h('button', {
    type: 'button', id: 'add-filter',
    onclick: () => {
      const name = cls.value.trim();
      if (name && !filters[name]) filters[name] = {};
      cls.value = '';
      render();
    },
  }, 'Add class filter');
  render();
  return h('section', { class: 'filters' }, h('h2', {}, 'Object filters'),
    h('p', { class: 'muted' }, 'What a detection of a class must be to count; saved with the rules.'),
    rows, h('div', { class: 'tools' }, h('label', {}, 'Class ', cls), add));
}
