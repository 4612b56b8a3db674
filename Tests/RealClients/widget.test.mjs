// Tests public/widget.js in Node (node --test) against a minimal fake DOM: no npm packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../../public/widget.js', import.meta.url), 'utf8');

class FakeNode {
  constructor(tagName, document) {
    this.tagName = tagName; this.ownerDocument = document;
    this.children = []; this.attributes = {}; this.style = {}; this.listeners = {}; this.parentNode = null; this.text = '';
  }
  get firstChild() { return this.children[0] || null; }
  appendChild(node) { return this.insertBefore(node, null); }
  insertBefore(node, before) {
    if (node.parentNode) node.parentNode.removeChild(node);
    const index = before ? this.children.indexOf(before) : -1;
    if (index < 0) this.children.push(node); else this.children.splice(index, 0, node);
    node.parentNode = this;
    return node;
  }
  removeChild(node) { this.children = this.children.filter((c) => c !== node); node.parentNode = null; return node; }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  dispatch(type) { for (const fn of this.listeners[type] || []) fn({ type }); }
  set textContent(value) { this.children = []; this.text = String(value); }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(''); }
  // The widget must never parse data as HTML.
  set innerHTML(value) { this.ownerDocument.innerHTMLWrites.push(value); }
  get innerHTML() { throw new Error('innerHTML read'); }
  find(predicate) {
    for (const child of [...this.children, ...(this.shadow ? [this.shadow] : [])]) {
      if (predicate(child)) return child;
      const found = child.find(predicate);
      if (found) return found;
    }
    return null;
  }
}

function fakeDocument({ withShadow }) {
  const document = { innerHTMLWrites: [], listeners: {} };
  document.createElement = (tag) => {
    const node = new FakeNode(tag.toUpperCase(), document);
    if (withShadow) node.attachShadow = () => (node.shadow = new FakeNode('#shadow-root', document));
    return node;
  };
  document.createTextNode = (text) => { const node = new FakeNode('#text', document); node.text = text; return node; };
  document.addEventListener = (type, fn) => { (document.listeners[type] ||= []).push(fn); };
  document.body = new FakeNode('BODY', document);
  document.body.appendChild(new FakeNode('MAIN', document)); // the host page's own content
  return document;
}

/// Runs the widget in a fresh context and waits for its asynchronous work to settle.
async function runWidget({ fetch, lang = 'sv', navigatorLanguage = 'en-GB', withShadow = false, bodyLater = false }) {
  const document = fakeDocument({ withShadow });
  const body = document.body;
  if (bodyLater) document.body = null;
  const script = new FakeNode('SCRIPT', document);
  script.src = 'https://status.example.com/assets/widget.js?v=abc';
  if (lang) script.setAttribute('data-lang', lang);
  document.currentScript = script;
  const requests = [];
  const context = {
    document, navigator: { language: navigatorLanguage }, URL, AbortController, setTimeout, clearTimeout, console,
    fetch: (url, options) => { requests.push({ url, options }); return fetch(url, options); },
  };
  const before = new Set(Object.keys(context));
  vm.createContext(context);
  let thrown = null;
  try { vm.runInContext(source, context); } catch (error) { thrown = error; }
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (bodyLater) { document.body = body; for (const fn of document.listeners.DOMContentLoaded || []) fn(); }
  const leaked = Object.keys(context).filter((key) => !before.has(key));
  return { document, body, requests, thrown, leaked, banner: body.find((n) => n.getAttribute && n.getAttribute('role') === 'status') };
}

const json = (data) => async () => ({ ok: true, status: 200, json: async () => data });
const page = { id: 'abc', name: 'Driftstatus', url: 'https://status.example.com', updated_at: '2026-09-26T14:00:00.000+02:00' };
const activeIncident = (lang) => ({
  page, status: { indicator: 'major', description: 'Partial System Outage' },
  incidents: [{
    id: '10', name: lang === 'sv' ? 'Problem med banken' : 'Bank problems', status: 'investigating', impact: 'major',
    shortlink: `https://status.example.com/${lang}/incidents/10`,
    components: [{ id: '1', name: lang === 'sv' ? 'Banksynkronisering' : 'Bank synchronisation' }],
  }],
  scheduled_maintenances: [], components: [],
});

test('shows a Swedish banner with a details link for an active incident', async () => {
  const run = await runWidget({ fetch: json(activeIncident('sv')) });
  assert.equal(run.thrown, null);
  assert.equal(run.requests[0].url, 'https://status.example.com/api/v2/summary.json?lang=sv');
  assert.ok(run.requests[0].options.signal, 'fetch has an abort signal (5 s timeout)');
  assert.ok(run.banner, 'banner present');
  assert.equal(run.banner.textContent, 'Vi undersöker problem med Banksynkronisering \u2014 detaljer\u00d7');
  const link = run.banner.find((n) => n.tagName === 'A');
  assert.equal(link.getAttribute('href'), 'https://status.example.com/sv/incidents/10');
  assert.equal(run.body.children[0].find((n) => n === run.banner), run.banner, 'inserted first in body');
  assert.equal(run.body.children.length, 2);
  assert.deepEqual(run.leaked, [], 'no globals leaked');
  assert.deepEqual(run.document.innerHTMLWrites, []);
});

test('uses navigator.language without data-lang, English text, and can be dismissed', async () => {
  const run = await runWidget({ fetch: json(activeIncident('en')), lang: null, navigatorLanguage: 'en-US', withShadow: true });
  assert.equal(run.requests[0].url, 'https://status.example.com/api/v2/summary.json?lang=en');
  assert.match(run.banner.textContent, /^We are investigating problems with Bank synchronisation — details/);
  const close = run.banner.find((n) => n.tagName === 'BUTTON');
  assert.equal(close.getAttribute('aria-label'), 'Close');
  close.dispatch('click');
  assert.equal(run.body.children.length, 1, 'banner removed, host content kept');
});

test('shows maintenance in progress when there is no incident', async () => {
  const data = { page, status: { indicator: 'maintenance', description: 'Underhåll pågår' }, incidents: [], components: [],
    scheduled_maintenances: [
      { id: 'm21', name: 'Senare arbete', status: 'scheduled', shortlink: 'https://status.example.com/sv/maintenance/21' },
      { id: 'm20', name: 'Uppgradering av rapporter', status: 'in_progress', shortlink: 'https://status.example.com/sv/maintenance/20' },
    ] };
  const run = await runWidget({ fetch: json(data) });
  assert.match(run.banner.textContent, /^Planerat underhåll pågår: Uppgradering av rapporter — detaljer/);
});

test('shows nothing when all systems are operational or only maintenance is upcoming', async () => {
  const data = { page, status: { indicator: 'none', description: 'All Systems Operational' }, components: [], incidents: [],
    scheduled_maintenances: [{ id: 'm21', name: 'Later', status: 'scheduled', shortlink: 'https://x/y' }] };
  const run = await runWidget({ fetch: json(data) });
  assert.equal(run.thrown, null);
  assert.equal(run.banner, null);
  assert.equal(run.body.children.length, 1);
});

test('never throws and shows nothing when fetch rejects, JSON is invalid, or the server errs', async () => {
  const failures = [
    async () => { throw new TypeError('Failed to fetch'); },
    async () => ({ ok: true, json: async () => { throw new SyntaxError('Unexpected token <'); } }),
    async () => ({ ok: false, status: 503, json: async () => ({}) }),
    async () => ({ ok: true, json: async () => null }),
    async () => ({ ok: true, json: async () => ({ incidents: 'nonsense', scheduled_maintenances: [null, 3] }) }),
  ];
  for (const fetch of failures) {
    const unhandled = [];
    const onUnhandled = (reason) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const run = await runWidget({ fetch });
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', onUnhandled);
    assert.equal(run.thrown, null);
    assert.deepEqual(unhandled, []);
    assert.equal(run.banner, null);
    assert.equal(run.body.children.length, 1);
  }
});

test('inserts hostile text as text, and refuses non-http links', async () => {
  const data = activeIncident('en');
  data.incidents[0].components = [];
  data.incidents[0].name = '<img src=x onerror=alert(1)>';
  data.incidents[0].shortlink = 'javascript:alert(1)';
  const run = await runWidget({ fetch: json(data), lang: 'en' });
  assert.equal(run.banner.textContent, 'We are investigating problems with <img src=x onerror=alert(1)>\u00d7');
  assert.equal(run.banner.find((n) => n.tagName === 'A'), null);
  assert.equal(run.banner.find((n) => n.tagName === 'IMG'), null);
  assert.deepEqual(run.document.innerHTMLWrites, []);
});

test('waits for the body when the script runs in <head>', async () => {
  const run = await runWidget({ fetch: json(activeIncident('sv')), bodyLater: true });
  assert.ok(run.banner);
  assert.equal(run.body.children.length, 2);
});

test('does nothing without document.currentScript and stays under 4 KB', async () => {
  const context = { document: { currentScript: null }, fetch: () => { throw new Error('must not fetch'); } };
  vm.createContext(context);
  assert.doesNotThrow(() => vm.runInContext(source, context));
  assert.ok(Buffer.byteLength(source) < 4096, `widget.js is ${Buffer.byteLength(source)} bytes`);
});
