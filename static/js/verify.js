/* /verificar#<facts>.<signature>: check a certificate's Ed25519 signature in the browser with
 * the public keys the page carries, so it works with no network once the page is cached.
 * When online it also asks the server whether the certificate was revoked since. */
const section = document.getElementById('verify');
const say = section.dataset;
const keys = JSON.parse(say.keys || '{}');
const el = (id) => document.getElementById(id);

function unb64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

// 'valid' with the facts, 'invalid', 'unknown-key' or 'unsupported'.
export async function check(payload) {
  const parts = payload.split('.');
  if (parts.length !== 2 || payload.length > 2000) return { result: 'invalid' };
  let body, signature, facts;
  try {
    body = unb64url(parts[0]);
    signature = unb64url(parts[1]);
    facts = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { result: 'invalid' };
  }
  if (!facts || typeof facts !== 'object' || typeof facts.k !== 'string') return { result: 'invalid' };
  if (!Object.hasOwn(keys, facts.k)) return { result: 'unknown-key' };
  let key;
  try {
    key = await crypto.subtle.importKey('raw', unb64url(keys[facts.k]), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return { result: 'unsupported' };
  }
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, body).catch(() => false);
  return ok ? { result: 'valid', facts } : { result: 'invalid' };
}

function formatCode(code) {
  return String(code).match(/.{1,4}/g)?.join('-') ?? '';
}

function formatDate(iso) {
  const date = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleDateString(document.documentElement.lang || 'es', { dateStyle: 'long', timeZone: 'UTC' });
}

function showFacts(facts) {
  const shown = { n: facts.n, m: facts.m, d: formatDate(facts.d), c: formatCode(facts.c) };
  for (const dd of el('verify-facts').querySelectorAll('[data-fact]')) {
    dd.textContent = String(shown[dd.dataset.fact] ?? '');
  }
  el('verify-facts').hidden = false;
}

// What the server says now: { note, verdict? }. Offline, only the signature could be checked.
async function onlineStatus(code) {
  if (!navigator.onLine) return { note: say.offlineNote };
  try {
    const url = say.statusUrl.replace('__CODE__', encodeURIComponent(code));
    const data = await (await fetch(url, { cache: 'no-store' })).json();
    if (data.status === 'valid') return { note: say.stillValid };
    if (data.status === 'revoked') return { note: say.revoked, verdict: say.revokedVerdict };
    if (data.status === 'unknown') return { note: say.notRegistered, verdict: say.invalid };
  } catch { /* no network after all */ }
  return { note: say.offlineNote };
}

function readFragment() {
  try { return decodeURIComponent(location.hash.replace(/^#/, '')).trim(); } catch { return '#'; }
}

let generation = 0;  // a newer fragment wins over a check still running for an older one

async function render() {
  const mine = ++generation;
  const payload = readFragment();
  el('verify-empty').hidden = Boolean(payload);
  el('verify-result').hidden = !payload;
  el('verify-facts').hidden = true;
  el('verify-online').textContent = '';
  if (!payload) return;
  const { result, facts } = await check(payload);
  if (mine !== generation) return;
  const verdict = el('verify-verdict');
  const notes = { valid: say.validNote, invalid: say.invalidNote, 'unknown-key': say.unknownKey, unsupported: say.unsupported };
  verdict.className = `verdict ${result === 'valid' ? 'ok' : 'bad'}`;
  verdict.textContent = result === 'valid' ? say.valid : say.invalid;
  verdict.hidden = result === 'unknown-key' || result === 'unsupported';  // not checked: no verdict
  el('verify-note').textContent = notes[result];
  if (result !== 'valid') return;
  showFacts(facts);
  const status = await onlineStatus(facts.c);
  if (mine !== generation) return;
  el('verify-online').textContent = status.note;
  if (status.verdict) {
    verdict.className = 'verdict bad';
    verdict.textContent = status.verdict;
  }
}

window.addEventListener('hashchange', render);
render();
