// Every channel with its state, frame rate and last event: live video for the cards in view, all
// of them on one WebSocket (a browser opens at most six connections to a server), a still picture
// for the others, and pictures twice a second where the browser cannot play a channel's codec.
import { api, events, token } from './api.js';
import { livePicture } from './live-picture.js';
import { LiveConnection } from './live-video.js';
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
    const video = h('video', { muted: true, autoplay: true, playsinline: true, hidden: true, 'aria-label': `live video of ${c.id}` });
    const card = h('a', { class: 'card', href: `#/channel/${id}`, dataset: { channel: c.id } },
      video, img,
      h('div', { class: 'info' }, h('strong', {}, c.id), h('span', {}, state, ' ', fps), last));
    cards.set(c.id, { state, fps, last, img, video, card, picture: null, pictures: false });
    grid.append(card);
    show(cards.get(c.id), c);
  }
  const connection = new LiveConnection({ token: token() });
  const still = (card) => {
    card.picture?.();
    card.picture = livePicture(card.img, card.card.dataset.channel, 320, card.pictures ? 500 : 3_600_000);
  };
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const card = cards.get(entry.target.dataset.channel);
      if (entry.isIntersecting && !card.pictures) {
        connection.watch(card.card.dataset.channel, card.video, (state) => {
          card.video.dataset.state = state;
          if (state === 'playing') {
            card.video.hidden = false;
            card.img.hidden = true;
          } else if (state === 'unsupported') {
            card.pictures = true; // this browser cannot play the codec: pictures twice a second
            card.video.hidden = true;
            card.img.hidden = false;
            connection.unwatch(card.card.dataset.channel);
            still(card);
          }
        });
      } else if (!entry.isIntersecting && !card.pictures) {
        connection.unwatch(entry.target.dataset.channel);
        card.video.hidden = true;
        card.img.hidden = false;
        still(card); // a fresh still where the video was
      }
    }
  });
  for (const card of cards.values()) {
    still(card); // one picture at once, then video once it plays
    seen.observe(card.card);
  }
  stops.push(() => seen.disconnect(), () => connection.close(), () => cards.forEach((c) => c.picture?.()));
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
