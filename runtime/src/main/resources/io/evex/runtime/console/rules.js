// Draws a channel's zones, lines and masks over its picture and edits them with the mouse, touch or
// keys; keeps its per-class object filters. Coordinates are normalised (0..1) as the configuration
// writes them.
const HIT_PX = 12;
// The shapes that are polygons (a 'polygon' of three corners or more); lines have two 'points'.
const POLYGONS = ['zones', 'motion_masks', 'object_masks'];
const KINDS = [...POLYGONS, 'lines'];
const PREFIX = { zones: 'zone', lines: 'line', motion_masks: 'motion-mask', object_masks: 'object-mask' };
const COLOURS = {
  zones: ['rgba(255,193,7,0.18)', '#ffc107'],
  motion_masks: ['rgba(158,158,158,0.35)', '#bdbdbd'],
  object_masks: ['rgba(244,67,54,0.22)', '#f44336'],
};

export const isPolygon = (kind) => POLYGONS.includes(kind);
const pointsOf = (kind, shape) => (isPolygon(kind) ? shape.polygon : shape.points);

export class RulesEditor {
  constructor(canvas, rules, onSelect) {
    this.canvas = canvas;
    for (const kind of KINDS) this[kind] = rules[kind] || [];
    this.filters = rules.object_filters || {}; // class -> {min_area, max_area, min_ratio, max_ratio, min_score}
    this.selected = null; // {kind: one of KINDS, index}
    this.drawing = null; // {kind, points}
    this.drag = null; // {kind, index, vertex}
    this.vertex = null; // the selected corner of the selected shape, or null
    this.onSelect = onSelect;
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', () => (this.drag = null));
    canvas.addEventListener('dblclick', (e) => {
      e.preventDefault();
      if (this.drawing) this.finish();
      else this.insertCorner(this.point(e));
    });
    canvas.addEventListener('keydown', (e) => this.key(e));
  }

  rules() {
    const out = { object_filters: this.filters };
    for (const kind of KINDS) out[kind] = this[kind];
    return out;
  }

  shape() {
    return this.selected ? this[this.selected.kind][this.selected.index] : null;
  }

  start(kind) {
    this.drawing = { kind, points: [] };
    this.select(null);
    this.canvas.focus();
  }

  // Ends the shape being drawn (a zone or mask needs three corners, a line two points).
  finish() {
    const d = this.drawing;
    if (!d) return;
    this.drawing = null;
    if (isPolygon(d.kind) && d.points.length >= 3) {
      this[d.kind].push({ name: this.freeName(PREFIX[d.kind]), polygon: d.points });
      this.select({ kind: d.kind, index: this[d.kind].length - 1 });
    } else if (d.kind === 'lines' && d.points.length === 2) {
      this.lines.push({ name: this.freeName('line'), points: d.points, direction: 'both' });
      this.select({ kind: 'lines', index: this.lines.length - 1 });
    }
  }

  cancel() {
    this.drawing = null;
    this.drag = null;
  }

  // Removes the selected corner (a zone keeps three at least), else the selected shape.
  remove() {
    if (!this.selected) return;
    const s = this.shape();
    if (this.vertex !== null && isPolygon(this.selected.kind) && s.polygon.length > 3) {
      s.polygon.splice(this.vertex, 1);
      this.vertex = null;
      return;
    }
    this[this.selected.kind].splice(this.selected.index, 1);
    this.select(null);
  }

  // Adds a corner to the selected zone or mask where the point is closest to one of its edges.
  insertCorner(p) {
    if (!this.selected || !isPolygon(this.selected.kind)) return;
    const poly = this.shape().polygon;
    const r = this.canvas.getBoundingClientRect();
    let best = -1;
    let bestDistance = HIT_PX;
    for (let i = 0; i < poly.length; i++) {
      const d = segmentDistance(p, poly[i], poly[(i + 1) % poly.length], r);
      if (d < bestDistance) { best = i; bestDistance = d; }
    }
    if (best >= 0) {
      poly.splice(best + 1, 0, p);
      this.vertex = best + 1;
    }
  }

  select(sel) {
    this.selected = sel;
    this.vertex = null;
    this.onSelect(sel);
  }

  freeName(prefix) {
    const names = new Set(KINDS.flatMap((kind) => this[kind]).map((s) => s.name));
    let i = 1;
    while (names.has(`${prefix}-${i}`)) i++;
    return `${prefix}-${i}`;
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    const clamp = (v) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
  }

  down(e) {
    this.canvas.focus();
    const p = this.point(e);
    if (this.drawing) {
      this.drawing.points.push(p);
      if (this.drawing.kind === 'lines' && this.drawing.points.length === 2) this.finish();
      return;
    }
    const hit = this.vertexAt(p);
    if (hit) {
      this.drag = hit;
      this.canvas.setPointerCapture(e.pointerId);
      if (!this.selected || this.selected.kind !== hit.kind || this.selected.index !== hit.index) {
        this.select({ kind: hit.kind, index: hit.index });
      }
      this.vertex = hit.vertex;
      return;
    }
    this.select(this.shapeAt(p));
  }

  move(e) {
    if (!this.drag) return;
    const p = this.point(e);
    const s = this[this.drag.kind][this.drag.index];
    pointsOf(this.drag.kind, s)[this.drag.vertex] = p;
  }

  key(e) {
    const step = e.shiftKey ? 0.05 : 0.01;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (e.key === 'Enter') this.finish();
    else if (e.key === 'Escape') this.cancel();
    else if (e.key === 'Tab' && !e.shiftKey && this.shape() && !this.drawing) {
      // Tab walks the corners of the selected shape, then leaves the picture.
      const n = pointsOf(this.selected.kind, this.shape()).length;
      if (this.vertex === null || this.vertex < n - 1) this.vertex = this.vertex === null ? 0 : this.vertex + 1;
      else { this.vertex = null; return; }
    }
    else if ((e.key === 'Delete' || e.key === 'Backspace') && this.selected) this.remove();
    else if (moves[e.key] && this.shape()) {
      const [dx, dy] = moves[e.key];
      const s = this.shape();
      const pts = pointsOf(this.selected.kind, s);
      const moved = this.vertex !== null ? [pts[this.vertex]] : pts;
      moved.forEach((pt) => { pt[0] = Math.min(1, Math.max(0, pt[0] + dx)); pt[1] = Math.min(1, Math.max(0, pt[1] + dy)); });
    } else return;
    e.preventDefault();
  }

  vertexAt(p) {
    const r = this.canvas.getBoundingClientRect();
    for (const kind of KINDS) {
      for (let i = 0; i < this[kind].length; i++) {
        const pts = pointsOf(kind, this[kind][i]);
        for (let v = 0; v < pts.length; v++) {
          if (Math.hypot((pts[v][0] - p[0]) * r.width, (pts[v][1] - p[1]) * r.height) < HIT_PX) return { kind, index: i, vertex: v };
        }
      }
    }
    return null;
  }

  shapeAt(p) {
    const r = this.canvas.getBoundingClientRect();
    for (let i = 0; i < this.lines.length; i++) {
      const [a, b] = this.lines[i].points;
      if (segmentDistance(p, a, b, r) < HIT_PX) return { kind: 'lines', index: i };
    }
    for (const kind of POLYGONS) {
      for (let i = this[kind].length - 1; i >= 0; i--) {
        if (inside(p, this[kind][i].polygon)) return { kind, index: i };
      }
    }
    return null;
  }

  draw(g, w, hgt) {
    const sel = this.shape();
    for (const kind of POLYGONS) {
      const [fill, line] = COLOURS[kind];
      for (const z of this[kind]) {
        const on = z === sel;
        path(g, z.polygon, w, hgt, true);
        g.fillStyle = on ? 'rgba(31,111,235,0.25)' : fill;
        g.fill();
        stroke(g, on ? '#1f6feb' : line, on ? 3 : 2);
        handles(g, z.polygon, w, hgt, on, on ? this.vertex : null);
        label(g, kind === 'zones' ? z.name : `${z.name} (mask)`, z.polygon[0], w, hgt);
      }
    }
    for (const l of this.lines) {
      const on = l === sel;
      path(g, l.points, w, hgt, false);
      stroke(g, on ? '#1f6feb' : '#00e5ff', on ? 4 : 3);
      handles(g, l.points, w, hgt, on, on ? this.vertex : null);
      label(g, `${l.name} (${l.direction || 'both'})`, l.points[0], w, hgt);
    }
    if (this.drawing && this.drawing.points.length) {
      path(g, this.drawing.points, w, hgt, false);
      stroke(g, '#ff4081', 2);
      handles(g, this.drawing.points, w, hgt, true);
    }
  }
}

function path(g, pts, w, hgt, close) {
  g.beginPath();
  pts.forEach((p, i) => (i ? g.lineTo(p[0] * w, p[1] * hgt) : g.moveTo(p[0] * w, p[1] * hgt)));
  if (close) g.closePath();
}

function stroke(g, colour, width) {
  g.strokeStyle = colour;
  g.lineWidth = width;
  g.stroke();
}

function handles(g, pts, w, hgt, on, chosen = null) {
  pts.forEach((p, i) => {
    const size = i === chosen ? 14 : 8;
    g.fillStyle = i === chosen ? '#ff4081' : on ? '#1f6feb' : '#fff';
    g.fillRect(p[0] * w - size / 2, p[1] * hgt - size / 2, size, size);
  });
}

function label(g, text, p, w, hgt) {
  g.font = '13px system-ui, sans-serif';
  g.fillStyle = '#fff';
  g.strokeStyle = 'rgba(0,0,0,0.7)';
  g.lineWidth = 3;
  g.strokeText(text, p[0] * w + 6, p[1] * hgt - 6);
  g.fillText(text, p[0] * w + 6, p[1] * hgt - 6);
}

function inside(p, poly) {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function segmentDistance(p, a, b, r) {
  const [px, py, ax, ay, bx, by] = [p[0] * r.width, p[1] * r.height, a[0] * r.width, a[1] * r.height, b[0] * r.width, b[1] * r.height];
  const len = (bx - ax) ** 2 + (by - ay) ** 2;
  const t = len ? Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len)) : 0;
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}
