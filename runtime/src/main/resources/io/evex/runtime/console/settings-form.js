// A form made from an exporter kind's settings spec; each field shows the runtime's own message.
import { h } from './dom.js';

// A duration setting's range comes in milliseconds: shown as the settings write it (100ms, 2m).
function duration(ms) {
  for (const [size, unit] of [[86400000, 'd'], [3600000, 'h'], [60000, 'm'], [1000, 's']]) {
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export function settingsForm(kind, entry, onChange) {
  const fields = new Map(); // JSON pointer -> {input, error}
  const values = () => {
    const settings = {};
    for (const s of kind.settings) {
      const input = fields.get(`/settings/${s.key}`).input;
      if (s.type === 'checkbox') settings[s.key] = input.checked;
      else if (input.value === '') continue;
      else if (s.type === 'int' || s.type === 'float') settings[s.key] = Number(input.value);
      else settings[s.key] = input.value;
    }
    return settings;
  };
  const row = (pointer, label, input, help) => {
    const error = h('span', { class: 'field-error', id: `error-${pointer.replaceAll('/', '-')}`, role: 'alert' });
    const id = `field${pointer.replaceAll('/', '-')}`;
    input.id = id;
    input.setAttribute('aria-describedby', error.id);
    fields.set(pointer, { input, error });
    input.addEventListener(input.type === 'checkbox' || input.tagName === 'SELECT' ? 'change' : 'input', onChange);
    const labelled = input.type === 'checkbox'
      ? h('label', { class: 'check', for: id }, input, label)
      : h('label', { for: id }, label, input);
    return h('div', { class: 'field', dataset: { field: pointer } }, labelled, help ? h('span', { class: 'help' }, help) : null, error);
  };
  const rows = kind.settings.map((s) => {
    const current = entry?.settings?.[s.key] ?? s.default;
    let input;
    if (s.type === 'checkbox') input = h('input', { type: 'checkbox', name: s.key, checked: !!current });
    else if (s.type === 'combobox') {
      input = h('select', { name: s.key }, s.options.map((o) => h('option', { value: o, selected: o === String(current) }, o)));
    } else if (s.type === 'int' || s.type === 'float') {
      input = h('input', { type: 'number', name: s.key, value: current ?? '', min: s.min, max: s.max, step: s.type === 'int' ? 1 : 'any' });
    } else input = h('input', { type: 'text', name: s.key, value: current ?? '', required: s.required });
    const shown = (n) => (n === undefined || n === null ? '' : s.type === 'duration' ? duration(n) : n);
    const range = s.min !== undefined || s.max !== undefined ? ` (${shown(s.min)}–${shown(s.max)})` : '';
    return row(`/settings/${s.key}`, `${s.label}${range}`, input, s.help);
  });
  return {
    rows,
    values,
    fields,
    showProblems(problems) {
      fields.forEach((f) => (f.error.textContent = ''));
      const unplaced = [];
      for (const p of problems) {
        const f = fields.get(p.field) || fields.get(p.field.split('/').slice(0, 3).join('/'));
        if (f) f.error.textContent = p.message;
        else unplaced.push(p.field ? `${p.field}: ${p.message}` : p.message);
      }
      return unplaced;
    },
    addField(pointer, label, input, help) {
      return row(pointer, label, input, help);
    },
  };
}
