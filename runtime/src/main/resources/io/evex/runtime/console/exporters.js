// Every exporter with its state and counters, refreshed live; add, change, enable, disable, remove.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { settingsForm } from './settings-form.js';

export async function exportersPage(main) {
  const { kinds } = await api('/exporter-kinds');
  const body = h('tbody', { id: 'exporter-rows' });
  const formBox = h('div', { id: 'exporter-form' });
  const message = h('p', { role: 'status', id: 'exporters-status' });
  // Rows are kept and their counters updated in place, so focus, an armed Remove and the elements a
  // user (or a test) holds survive the refresh; a row is made again only when its entry changed.
  const rows = new Map();
  const refresh = async () => {
    const [{ exporters: stats }, { exporters: entries }] = await Promise.all([api('/exporters'), api('/config/exporters')]);
    const byName = new Map(stats.map((s) => [s.name, s]));
    const wanted = entries.map((e) => e.name);
    for (const [name, r] of rows) {
      if (!wanted.includes(name)) {
        r.tr.remove();
        rows.delete(name);
      }
    }
    entries.forEach((entry, i) => {
      const key = JSON.stringify(entry);
      let r = rows.get(entry.name);
      if (!r || r.key !== key) {
        const made = row(entry, byName.get(entry.name));
        if (r) r.tr.replaceWith(made.tr);
        r = { ...made, key };
        rows.set(entry.name, r);
      }
      r.update(byName.get(entry.name));
      if (body.children[i] !== r.tr) body.insertBefore(r.tr, body.children[i] || null);
    });
  };
  const row = (entry) => {
    const enabled = entry.enabled !== false;
    const toggle = h('button', { type: 'button', onclick: () => change(entry.name, { ...entry, enabled: !enabled }) }, enabled ? 'Disable' : 'Enable');
    const remove = h('button', { type: 'button' }, 'Remove');
    remove.addEventListener('click', async () => {
      if (remove.dataset.armed !== 'yes') {
        remove.dataset.armed = 'yes';
        remove.textContent = 'Really remove?';
        return;
      }
      await act(() => api(`/config/exporters/${encodeURIComponent(entry.name)}`, { method: 'DELETE' }), `Removed ${entry.name}.`);
    });
    const cells = {
      state: h('td', { class: 'state-cell' }), delivered: h('td', { class: 'delivered' }), dropped: h('td', {}),
      failed: h('td', {}), queue: h('td', {}), spool: h('td', {}),
    };
    const tr = h('tr', { dataset: { exporter: entry.name } },
      h('td', {}, entry.name), h('td', {}, entry.type),
      cells.state, cells.delivered, cells.dropped, cells.failed, cells.queue, cells.spool,
      h('td', {}, h('div', { class: 'tools' },
        h('button', { type: 'button', onclick: () => openForm(kinds.find((k) => k.name === entry.type), entry) }, 'Change'),
        toggle, remove)));
    const update = (s) => {
      const d = s?.details || {};
      cells.state.textContent = enabled ? (s ? s.state : 'starting') : 'disabled';
      cells.delivered.textContent = s ? s.delivered : 0;
      cells.dropped.textContent = s ? s.dropped : 0;
      cells.failed.textContent = s ? s.failed : 0;
      cells.queue.textContent = s ? `${s.queued}/${s.capacity}` : '';
      cells.spool.textContent = d.spool_pending ?? '';
    };
    return { tr, update };
  };
  const act = async (what, done) => {
    try {
      await what();
      message.className = 'ok';
      message.textContent = done;
      await refresh();
    } catch (e) {
      message.className = 'error';
      message.textContent = e.message;
    }
  };
  const change = (name, entry) => act(() => api(`/config/exporters/${encodeURIComponent(name)}`, { method: 'PUT', body: entry }), `Saved ${name}.`);

  const openForm = (kind, entry) => {
    if (!kind) return;
    clear(formBox, exporterForm(kind, entry, async (name, next) => {
      await change(name, next);
      if (message.className === 'ok') clear(formBox);
    }, () => clear(formBox)));
    formBox.querySelector('input, select')?.focus();
  };
  const picker = h('select', { id: 'new-kind', 'aria-label': 'Exporter kind' },
    h('option', { value: '' }, 'Add exporter…'), kinds.map((k) => h('option', { value: k.name }, `${k.name} — ${k.description}`)));
  picker.addEventListener('change', () => {
    openForm(kinds.find((k) => k.name === picker.value), null);
    picker.value = '';
  });

  clear(main, h('h1', {}, 'Exporters'),
    h('div', { class: 'tools' }, picker), formBox, message,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'Kind', 'State', 'Delivered', 'Dropped', 'Failed', 'Queue', 'Spool', ''].map((t) => h('th', { scope: 'col' }, t)))),
      body)));
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 2000);
  return () => clearInterval(timer);
}

// The add/change form: name, events, every setting; checked by the runtime as the user types.
function exporterForm(kind, entry, onSave, onCancel) {
  let timer = 0;
  const problemsBox = h('p', { class: 'error', role: 'alert', id: 'form-problems' });
  const name = h('input', { name: 'name', value: entry?.name || '', required: true, readonly: !!entry });
  const events = h('input', { name: 'events', value: (entry?.events || []).join(', '), placeholder: 'the kind\'s own, e.g. event-motion:1, track:3' });
  const form = settingsForm(kind, entry, () => { clearTimeout(timer); timer = setTimeout(check, 300); });
  const nameRow = form.addField('/name', 'Name', name, 'Unique; names its files and counters');
  const eventsRow = form.addField('/events', 'Events', events, 'type:version, comma-separated; empty = what the kind takes');
  const build = () => {
    const e = { type: kind.name, enabled: entry ? entry.enabled !== false : true, settings: form.values() };
    const list = events.value.split(',').map((x) => x.trim()).filter(Boolean);
    if (list.length) e.events = list;
    if (entry?.channels) e.channels = entry.channels;
    return e;
  };
  const check = async () => {
    if (!name.value.trim()) return false;
    const answer = await api(`/config/exporters/${encodeURIComponent(name.value.trim())}/check`, { method: 'POST', body: build() });
    problemsBox.textContent = form.showProblems(answer.problems).join('; ');
    return answer.ok;
  };
  const submit = async (ev) => {
    ev.preventDefault();
    if (await check()) await onSave(name.value.trim(), build());
  };
  return h('form', { class: 'stack panel', id: 'exporter-settings', onsubmit: submit, dataset: { kind: kind.name } },
    h('h2', {}, `${entry ? 'Change' : 'Add'} ${kind.name} exporter`), h('p', { class: 'help' }, kind.description),
    nameRow, eventsRow, form.rows, problemsBox,
    h('div', { class: 'tools' }, h('button', { type: 'submit', class: 'primary', id: 'save-exporter' }, 'Save'),
      h('button', { type: 'button', onclick: onCancel }, 'Cancel')));
}
