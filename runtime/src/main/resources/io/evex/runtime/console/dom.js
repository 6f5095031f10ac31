// Builds DOM nodes without innerHTML, so that text from events and settings is never taken for markup.
// Methods are called through Element.prototype: a <form> exposes its fields by name, and a setting
// named "append" would hide form.append.
const { append, replaceChildren } = Element.prototype;
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) append.call(el, c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el, ...children) {
  replaceChildren.apply(el, children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

// Short local time of an epoch in milliseconds.
export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}
