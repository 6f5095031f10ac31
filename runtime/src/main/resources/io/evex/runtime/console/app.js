// The console's pages, chosen by the address's #fragment; each page returns a function that ends it.
import { api, setToken, token } from './api.js';
import { h, clear } from './dom.js';
import { channelsPage } from './channels.js';
import { channelPage } from './channel.js';
import { exportersPage } from './exporters.js';
import { historyPage } from './history.js';

const main = document.getElementById('main');
const signOut = document.getElementById('sign-out');
let leave = null;

async function route() {
  if (leave) {
    leave();
    leave = null;
  }
  signOut.hidden = !token();
  if (!token()) {
    signIn();
    return;
  }
  const hash = location.hash || '#/';
  const channel = hash.match(/^#\/channel\/([^?]+)(?:\?at=([0-9]+))?$/);
  document.querySelectorAll('[data-nav]').forEach((a) => a.removeAttribute('aria-current'));
  try {
    if (channel) {
      leave = await channelPage(main, decodeURIComponent(channel[1]), channel[2] ? Number(channel[2]) : null);
    } else if (hash === '#/events') {
      document.querySelector('[data-nav=events]').setAttribute('aria-current', 'page');
      leave = await historyPage(main);
    } else if (hash === '#/exporters') {
      document.querySelector('[data-nav=exporters]').setAttribute('aria-current', 'page');
      leave = await exportersPage(main);
    } else {
      document.querySelector('[data-nav=channels]').setAttribute('aria-current', 'page');
      leave = await channelsPage(main);
    }
  } catch (e) {
    if (e.status === 401) {
      setToken(null);
      signIn('That token is not valid (any more): sign in again.');
      return;
    }
    clear(main, h('p', { class: 'error', role: 'alert' }, e.message));
  }
  main.focus();
}

function signIn(message) {
  signOut.hidden = true;
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'current-password', required: true });
  const status = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }, message || '');
  const form = h(
    'form',
    { class: 'stack signin', id: 'sign-in' },
    h('h1', {}, 'Sign in'),
    h('label', {}, 'API token', input),
    h('p', { class: 'help' }, 'The admin token (printed once by evex run, or EVEX_ADMIN_TOKEN), or a group token.'),
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
    status,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setToken(input.value.trim());
    try {
      await api('/channels');
      route();
    } catch (e) {
      setToken(null);
      status.textContent = e.status === 401 ? 'That token is not valid.' : e.message;
    }
  });
  clear(main, form);
  input.focus();
}

signOut.addEventListener('click', () => {
  setToken(null);
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', route);
route();
