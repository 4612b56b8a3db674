/* Driftstatus banner, see docs/widget.md. Never breaks the host page: errors caught, no globals. */
(function () {
  'use strict';
  var T = {
    sv: { investigating: 'Vi undersöker problem med ', identified: 'Vi har hittat orsaken till problemen med ',
      monitoring: 'Vi övervakar en åtgärd för ', maintenance: 'Planerat underhåll pågår: ', details: 'detaljer', close: 'Stäng' },
    en: { investigating: 'We are investigating problems with ', identified: 'We have identified the cause of problems with ',
      monitoring: 'We are monitoring a fix for ', maintenance: 'Scheduled maintenance in progress: ', details: 'details', close: 'Close' }
  };
  var RANK = { critical: 3, major: 2, minor: 1 };
  var list = (x) => Array.isArray(x) ? x : [];
  var str = (x) => typeof x === 'string';
  var code = (x) => { x = String(x || '').slice(0, 2).toLowerCase(); return T[x] ? x : ''; };

  function el(tag, css, text, attrs) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    if (text) node.textContent = text;
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }

  // The worst (then newest) open incident, else a maintenance in progress, else null.
  function message(data, t) {
    var incident = list(data && data.incidents).slice().sort((a, b) => (RANK[b && b.impact] || 0) - (RANK[a && a.impact] || 0))[0];
    if (incident && str(incident.name)) {
      var names = list(incident.components).map((c) => c && c.name).filter(str);
      return { bad: 1, text: (t[incident.status] || t.investigating) + (names.length ? names.join(', ') : incident.name), link: incident.shortlink };
    }
    var work = list(data && data.scheduled_maintenances).filter((w) => w && (w.status === 'in_progress' || w.status === 'verifying') && str(w.name))[0];
    return work ? { text: t.maintenance + work.name, link: work.shortlink } : null;
  }

  function render(msg, t, lang) {
    var host = el('div', 'display:block');
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var bar = el('div', 'display:flex;align-items:center;gap:12px;padding:10px 16px;color:#101828;font:14px/1.4 system-ui,sans-serif;' +
      'background:' + (msg.bad ? '#fef3f2;border-left:4px solid #b42318' : '#eff8ff;border-left:4px solid #175cd3'), '', { role: 'status', lang: lang });
    var line = el('span', 'flex:1', msg.text);
    if (str(msg.link) && /^https?:\/\//.test(msg.link)) {
      line.appendChild(document.createTextNode(' \u2014 '));
      line.appendChild(el('a', 'color:#175cd3;text-decoration:underline', t.details, { href: msg.link, rel: 'noopener' }));
    }
    var close = el('button', 'padding:2px 8px;border:0;background:none;color:#101828;font:20px/1 sans-serif;cursor:pointer', '\u00d7',
      { type: 'button', 'aria-label': t.close });
    close.addEventListener('click', () => host.parentNode && host.parentNode.removeChild(host));
    bar.appendChild(line);
    bar.appendChild(close);
    root.appendChild(bar);
    var insert = () => document.body.insertBefore(host, document.body.firstChild);
    document.body ? insert() : document.addEventListener('DOMContentLoaded', insert);
  }

  async function run(script) {
    var lang = code(script.getAttribute('data-lang')) || code(typeof navigator === 'object' && navigator && navigator.language) || 'en';
    var abort = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = abort && setTimeout(() => abort.abort(), 5000);
    try {
      var response = await fetch(new URL(script.src).origin + '/api/v2/summary.json?lang=' + lang,
        { signal: abort ? abort.signal : undefined, credentials: 'omit' });
      var msg = response && response.ok && message(await response.json(), T[lang]);
      if (msg) render(msg, T[lang], lang);
    } finally {
      clearTimeout(timer);
    }
  }

  try {
    var script = document.currentScript;
    if (script && script.src && typeof fetch === 'function') run(script).catch(() => {});
  } catch (e) { /* show nothing */ }
})();
