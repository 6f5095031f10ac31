// Live video from Evex in <video> elements, by Media Source Extensions over one WebSocket. Standalone
// (no other module of the console), so that any page may import it:
//
//   import { liveVideo } from 'https://evex.example:8080/console/live-video.js';
//   const stop = liveVideo(document.querySelector('video'), { server: 'https://evex.example:8080', channel: 'lobby', token });
//
// The socket is /api/v1/live: the token goes in its first message (never in a URL that logs keep),
// then the channels to watch; each binary message starts with the two-byte number of its stream,
// announced by a {"type": "stream"} text message with the codec string MSE needs.

const TRIM_S = 10; // buffered video kept behind the playing position
const QUEUE_MAX = 250; // fragments waiting for a busy SourceBuffer before the player starts over

// One <video> fed with one stream's fMP4: init segment first, then fragments, kept near the live edge.
export class MsePlayer {
  constructor(video) {
    this.video = video;
    this.queue = [];
    this.buffer = null;
    this.source = null;
    this.delay = 0; // extra seconds behind the live edge (the console waits for late boxes)
    this.margin = 0.04; // how far behind the newest frame to play: grows each time playback starves
    this.lastEnd = 0;
    this.started = false;
    video.addEventListener('playing', () => (this.started = true));
    video.addEventListener('waiting', () => {
      // a starved decoder, not the start nor a seek of our own
      if (this.source && this.started && !video.seeking) this.margin = Math.min(0.5, this.margin + 0.04);
    });
  }

  static supports(mime) {
    return !!(window.MediaSource && MediaSource.isTypeSupported(mime));
  }

  start(mime) {
    this.reset();
    this.started = false;
    const source = new MediaSource();
    this.source = source;
    const url = URL.createObjectURL(source);
    this.video.muted = true; // browsers play muted video without a click
    this.video.playsInline = true;
    this.video.src = url;
    source.addEventListener('sourceopen', () => {
      URL.revokeObjectURL(url);
      if (this.source !== source) return;
      this.buffer = source.addSourceBuffer(mime);
      this.buffer.mode = 'segments';
      this.buffer.addEventListener('updateend', () => this.pump());
      this.pump();
    }, { once: true });
  }

  append(data) {
    if (!this.source) return;
    if (this.queue.length >= QUEUE_MAX) {
      this.queue.length = 0; // cannot keep up: wait for the next stream start rather than play stale video
      return;
    }
    this.queue.push(data);
    this.pump();
  }

  pump() {
    const b = this.buffer;
    if (!b || b.updating || this.source.readyState !== 'open') return;
    const v = this.video;
    const r = b.buffered;
    if (r.length && v.currentTime - r.start(0) > TRIM_S * 1.5) {
      b.remove(r.start(0), v.currentTime - TRIM_S);
      return;
    }
    if (!this.queue.length) return;
    try {
      b.appendBuffer(this.queue.shift());
    } catch (e) {
      this.queue.length = 0; // a quota or decode error: drop what waits, the next key frame recovers
    }
    this.chase();
  }

  // Plays a frame or so (the margin, plus delay) behind the newest frame: jumps there when far
  // behind, speeds up slightly when a little behind; a network that makes playback starve widens
  // the margin, so playback stays smooth and as live as the network allows.
  chase() {
    const v = this.video;
    const r = v.buffered;
    if (!r.length) return;
    const end = r.end(r.length - 1);
    this.lastEnd = end;
    this.margin = Math.max(0.04, this.margin - 0.001); // and narrows again while playback keeps up
    const target = end - this.margin - this.delay;
    const behind = target - v.currentTime;
    if (v.currentTime < r.start(r.length - 1) || behind > 0.4 || behind < -0.3) {
      v.currentTime = Math.max(r.start(r.length - 1), target);
    }
    v.playbackRate = behind > 0.15 ? 1.05 : 1;
    if (v.paused) v.play().catch(() => {});
  }

  // The newest frame's time on the channel's clock (the events' frame_time).
  liveEdge() {
    return this.lastEnd;
  }

  reset() {
    this.queue.length = 0;
    if (this.source && this.source.readyState === 'open') {
      try {
        this.source.endOfStream();
      } catch (e) {
        // already ending
      }
    }
    this.source = null;
    this.buffer = null;
  }

  stop() {
    this.reset();
    this.video.removeAttribute('src');
    this.video.load();
  }
}

// One socket for many channels. watch(channel, video, onState) plays one; onState gets 'playing',
// 'offline', 'reconnecting', 'refused' or 'unsupported' (the page then shows pictures instead).
export class LiveConnection {
  constructor({ server = location.origin, token = null, view = null } = {}) {
    this.url = `${server.replace(/^http/, 'ws')}/api/v1/live${view ? `?view=${encodeURIComponent(view)}` : ''}`;
    this.token = token;
    this.view = view;
    this.watched = new Map(); // channel -> { player, onState }
    this.streams = new Map(); // stream number -> channel
    this.delay = 1000;
    this.closed = false;
    this.open();
  }

  watch(channel, video, onState = () => {}) {
    this.watched.set(channel, { player: new MsePlayer(video), onState });
    this.subscribe();
    return this.watched.get(channel).player;
  }

  unwatch(channel) {
    const w = this.watched.get(channel);
    if (!w) return;
    w.player.stop();
    this.watched.delete(channel);
    this.subscribe();
  }

  close() {
    this.closed = true;
    this.watched.forEach((w) => w.player.stop());
    this.watched.clear();
    if (this.ws) this.ws.close();
  }

  open() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      this.delay = 1000;
      ws.send(JSON.stringify({ token: this.token, view: this.view, channels: [...this.watched.keys()] }));
    };
    ws.onmessage = (m) => (typeof m.data === 'string' ? this.text(JSON.parse(m.data)) : this.binary(m.data));
    ws.onclose = (e) => {
      if (this.closed || ws !== this.ws) return;
      if (e.code >= 4400 && e.code < 4500) {
        this.watched.forEach((w) => w.onState('refused', { code: e.code, reason: e.reason }));
        return; // a wrong or expired token: trying again would not help
      }
      this.watched.forEach((w) => w.onState('reconnecting', {}));
      setTimeout(() => this.closed || this.open(), this.delay);
      this.delay = Math.min(this.delay * 2, 10000);
    };
  }

  subscribe() {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      if (this.ws && this.ws.readyState === WebSocket.OPEN) {
        this.ws.send(JSON.stringify({ channels: [...this.watched.keys()], view: this.view }));
      }
    }, 50); // one message when a grid shows or hides many cards at once
  }

  text(msg) {
    const w = this.watched.get(msg.channel);
    if (msg.type === 'stream') this.streams.set(msg.stream, msg.channel);
    if (!w) return;
    if (msg.type === 'stream') {
      if (!MsePlayer.supports(msg.mime)) {
        w.onState('unsupported', msg);
        return;
      }
      w.player.start(msg.mime);
      w.onState('playing', msg);
    } else if (msg.type === 'offline' || msg.type === 'refused') {
      w.onState(msg.type, msg);
    }
  }

  binary(data) {
    const channel = this.streams.get(new DataView(data).getUint16(0));
    const w = channel === undefined ? null : this.watched.get(channel);
    if (w) w.player.append(new Uint8Array(data, 2)); // a view past the stream number, no copy
  }
}

// The simplest use: one channel in one <video>. Returns a function that stops it.
export function liveVideo(video, { server, channel, token, view, onState } = {}) {
  const connection = new LiveConnection({ server, token, view });
  connection.watch(channel, video, onState);
  return () => connection.close();
}
