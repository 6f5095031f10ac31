// Every channel with its live preview (about two pictures a second), state, frame rate and last event.
import { api, events } from './api.js';
import { livePicture } from './live-picture.js';
import { h, clear, clock } from './dom.js';

export async function channelsPage(main) {
  const { channels } = await api('/channels');
  const cards = new Map();
  const stops = [];
  const grid = h('div', { class: 'grid', id: 'channels' });
  for (const c of channels) {
    const id = encodeURIComponent(c.id);
    const state = h('span', { class: 'state' });
    const fps = h('span', { class: 'muted' });
    const last = h('span', { class: 'muted last-event' }, 'no event yet');
    const img = h('img', { alt: `live preview of ${c.id}` });
    cards.set(c.id, { state, fps, last, img });
    grid.append(
      h('a', { class: 'card', href: `#/channel/${id}`, dataset: { channel: c.id } },
        img,
        h('div', { class: 'info' }, h('strong', {}, c.id), h('span', {}, state, ' ', fps), last)),
    );
    show(cards.get(c.id), c);
    stops.push(livePicture(img, c.id, 320, 500));
  }
  clear(main, h('h1', {}, 'Channels'), channels.length ? grid : h('p', { class: 'muted' }, 'No channel runs.'));

  const stop = events('', (e) => {
    const card = cards.get(e.channel);
    if (card && e.$id !== 'statistics' && e.$id !== 'track') {
      card.last.textContent = `${e.$id} at ${clock(e.system_timestamp || Date.now())}`;
    }
  });
  const timer = setInterval(async () => {
    try {
      (await api('/channels')).channels.forEach((c) => cards.has(c.id) && show(cards.get(c.id), c));
    } catch (e) {
      // the next refresh tries again
    }
  }, 2000);
  return () => {
    clearInterval(timer);
    stop();
    stops.forEach((s) => s());
  };
}

function show(card, c) {
  card.state.textContent = c.state;
  card.state.className = `state ${c.online ? 'online' : ''}`;
  card.fps.textContent = c.fps ? `${Math.round(c.fps)} fps` : '';
}
