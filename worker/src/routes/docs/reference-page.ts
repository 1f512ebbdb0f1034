/**
 * The API reference page: static HTML, one script and one stylesheet, all served by us. The app's
 * CSP allows no inline script and no other origin, so the script is a file (never inline) and
 * loads nothing but `/api/openapi.json`. It renders with DOM calls and `textContent` only.
 */
export const referenceHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edgepress API reference</title>
<link rel="stylesheet" href="/api/docs/reference.css">
<script type="module" src="/api/docs/reference.js"></script>
</head>
<body>
<main id="reference" data-document="/api/openapi.json" aria-busy="true"><p>Loading the API reference…</p></main>
</body>
</html>
`;

export const referenceCss = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
main { max-width: 960px; margin: 0 auto; padding: 1.5rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .5rem 1rem; list-style: none; padding: 0; }
section.tag { margin-top: 2.5rem; }
details.op { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: .5rem 0; }
details.op > summary { cursor: pointer; padding: .5rem .75rem; display: flex; gap: .75rem; align-items: baseline; }
details.op > div { padding: 0 .75rem .75rem; }
.method { font: 600 12px/1 ui-monospace, monospace; text-transform: uppercase; padding: .3rem .5rem; border-radius: 4px; color: #fff; min-width: 3.5rem; text-align: center; }
.get { background: #1f6feb; } .post { background: #1a7f37; } .patch { background: #9a6700; } .put { background: #8250df; } .delete { background: #cf222e; }
.path { font-family: ui-monospace, monospace; }
.lock { font-size: 12px; color: #57606a; }
pre { background: #f3f3f3; padding: .75rem; overflow: auto; border-radius: 4px; font-size: 13px; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
`;

export const referenceScript = `
const root = document.getElementById('reference');

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) if (child != null) node.append(child);
  return node;
}

const json = (value) => el('pre', { textContent: JSON.stringify(value, null, 2) });

function parameters(list) {
  if (!list || list.length === 0) return null;
  const rows = list.map((p) =>
    el('tr', {}, el('td', { textContent: p.name }), el('td', { textContent: p.in }),
      el('td', { textContent: p.required ? 'required' : 'optional' }),
      el('td', {}, json(p.schema || {}))));
  return el('div', {}, el('h4', { textContent: 'Parameters' }), el('table', {}, ...rows));
}

function content(title, body) {
  if (!body || !body.content) return null;
  return el('div', {}, el('h4', { textContent: title }),
    ...Object.entries(body.content).map(([type, media]) =>
      el('div', {}, el('p', { textContent: type }), media.schema ? json(media.schema) : null)));
}

function operation(path, method, op) {
  const summary = el('summary', {},
    el('span', { className: 'method ' + method, textContent: method }),
    el('span', { className: 'path', textContent: path }),
    el('span', { textContent: op.summary || '' }),
    op.security && op.security.some((s) => Object.keys(s).length === 0) ? null
      : op.security ? el('span', { className: 'lock', textContent: 'sign-in required' }) : null);
  const responses = Object.entries(op.responses || {}).map(([status, r]) =>
    el('div', {}, el('h5', { textContent: status + ' ' + (r.description || '') }),
      r.content ? json(Object.fromEntries(Object.entries(r.content).map(([t, m]) => [t, m.schema || {}]))) : null));
  return el('details', { className: 'op', id: (op.operationId || method + path) },
    summary,
    el('div', {}, op.description ? el('p', { textContent: op.description }) : null,
      parameters(op.parameters), content('Request body', op.requestBody),
      el('h4', { textContent: 'Responses' }), ...responses));
}

function render(doc) {
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operation(path, method, op));
    }
  }
  const tags = [...byTag.keys()].sort();
  root.replaceChildren(
    el('h1', { textContent: doc.info.title + ' ' + doc.info.version }),
    el('p', { textContent: doc.info.description || '' }),
    el('p', {}, el('a', { href: root.dataset.document, textContent: 'OpenAPI ' + doc.openapi + ' document' })),
    el('nav', {}, el('ul', {}, ...tags.map((t) => el('li', {}, el('a', { href: '#tag-' + t, textContent: t }))))),
    ...tags.map((t) => el('section', { className: 'tag', id: 'tag-' + t }, el('h2', { textContent: t }), ...byTag.get(t))),
    el('section', { className: 'tag', id: 'schemas' }, el('h2', { textContent: 'Schemas' }),
      ...Object.entries((doc.components && doc.components.schemas) || {}).map(([name, schema]) =>
        el('details', { className: 'op', id: 'schema-' + name }, el('summary', { textContent: name }), el('div', {}, json(schema))))));
  root.setAttribute('aria-busy', 'false');
}

fetch(root.dataset.document)
  .then((res) => { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
  .then(render)
  .catch((error) => root.replaceChildren(el('p', { role: 'alert', textContent: 'Could not load the API document: ' + error.message })));
`;
