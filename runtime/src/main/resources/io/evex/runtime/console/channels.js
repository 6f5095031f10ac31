// Every channel with its live preview, state, frame rate and last event.
import { api, events, withToken } from './api.js';
import { h, clear, clock } from './dom.js';

export async function channelsPage(main) {
  const { channels } = await api('/channels');
  const cards = new Map();
  const grid = h('div', { class: 'grid', id: 'channels' });
  for (const c of channels) {
    const id = encodeURIComponent(c.id);
    const state = h('span', { class: 'state' });
    const fps = h('span', { class: 'muted' });
    const last = h('span', { class: 'muted last-event' }, 'no event yet');
    const img = h('img', {
      src: withToken(`/api/v1/channels/${id}/live.mjpeg?fps=4&width=320`),
      alt: `live preview of ${c.id}`,
    });
    cards.set(c.id, { state, fps, last, img });
    grid.append(
      h('a', { class: 'card', href: `#/channel/${id}`, dataset: { channel: c.id } },
        img,
        h('div', { class: 'info' }, h('strong', {}, c.id), h('span', {}, state, ' ', fps), last)),
    );
    show(cards.get(c.id), c);
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
    cards.forEach((c) => c.img.removeAttribute('src')); // ends the MJPEG streams
  };
}

function show(card, c) {
  card.state.textContent = c.state;
  card.state.className = `state ${c.online ? 'online' : ''}`;
  card.fps.textContent = c.fps ? `${Math.round(c.fps)} fps` : '';
}
