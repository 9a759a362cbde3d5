/* The profiles kept on a shared phone (IndexedDB meta 'profiles', by learner id): her name, her
 * sync token, a snapshot of her progress, failed tries, and what her 4-digit PIN opens (never
 * her password). From the PIN (PBKDF2 with a salt, then HKDF) come three things:
 * - check: 8 bits kept for the offline check. Deliberately few: a wrong PIN passes 1 time in 256,
 *   so someone who copies this store narrows 10,000 PINs to about 40, not to one.
 * - proof: sent with the credential; the server keeps its hash, counts wrong ones, locks at 5.
 * - wrap: an AES-CTR key for the credential's 32 random bytes. Not AES-GCM: an authenticated
 *   wrap would tell a wrong PIN from the right one offline, and give the PIN away.
 * Her sync token is not wrapped: the service worker sends waiting items with no page open and
 * no PIN (each item carries it), and a token under the PIN would let /api/sync confirm guesses.
 * See docs/security.md, "Profiles on a shared phone". */
import { outbox } from './common.js';

const ITERATIONS = 150000;
export const MAX_TRIES = 5;
const text = new TextEncoder();

const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const b64url = (buf) => b64(buf).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unhex = (s) => Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function stretched(pin, salt, iterations) {
  const key = await crypto.subtle.importKey('raw', text.encode(pin), 'PBKDF2', false, ['deriveBits']);
  return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
}

async function pinKeys(pin, salt, iterations) {
  const root = await crypto.subtle.importKey('raw', await stretched(pin, salt, iterations), 'HKDF', false,
    ['deriveBits', 'deriveKey']);
  const info = (label) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: text.encode(label) });
  return {
    check: new Uint8Array(await crypto.subtle.deriveBits(info('mo-pin-check'), root, 8))[0],
    proof: b64url(await crypto.subtle.deriveBits(info('mo-pin-proof'), root, 256)),
    wrap: await crypto.subtle.deriveKey(info('mo-pin-wrap'), root, { name: 'AES-CTR', length: 256 }, false,
      ['encrypt', 'decrypt']),
  };
}

async function wrapSecret(key, secret) {
  const counter = crypto.getRandomValues(new Uint8Array(16));
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, key, unhex(secret));
  return { wrapped: b64(wrapped), counter: b64(counter) };
}

async function unwrapSecret(key, profile) {
  const plain = await crypto.subtle.decrypt({ name: 'AES-CTR', counter: unb64(profile.counter), length: 64 }, key,
    unb64(profile.wrapped));
  return hex(plain);
}

export async function allProfiles() {
  return (await outbox().getMeta('profiles')) || {};
}

async function update(id, change) {
  const all = await allProfiles();
  all[id] = change(all[id]);
  if (!all[id]) delete all[id];
  await outbox().setMeta('profiles', all);
  return all[id];
}

// Asked for at the moment of posting: the pages this runs on are cached and carry no token.
async function csrfToken() {
  const resp = await fetch('/api/csrf', { credentials: 'same-origin', cache: 'no-store' });
  return resp.ok ? (await resp.json()).csrf_token : '';
}

async function postJson(url, body, token) {
  const resp = await fetch(url, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token ?? await csrfToken() },
    body: JSON.stringify(body),
  });
  return { ok: resp.ok, status: resp.status, body: await resp.json().catch(() => ({})) };
}

// After a sign-in with her password on this phone: a (new) PIN, and a credential for switching
// without the password, bound to that PIN. Also how a lost, locked or expired one is replaced.
export async function createProfile(learner, pin) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const keys = await pinKeys(pin, salt, ITERATIONS);
  const device = await outbox().deviceId();
  const issued = await postJson('/api/profiles/credential', { device, user_id: learner.id, proof: keys.proof,
    label: navigator.userAgentData?.platform || '' }).catch(() => ({ ok: false }));
  const credential = issued.ok ? await wrapSecret(keys.wrap, issued.body.secret) : { wrapped: null, counter: null };
  return update(learner.id, () => ({
    id: learner.id, name: learner.name, salt: b64(salt), iterations: ITERATIONS, check: keys.check, ...credential,
    failures: 0, locked: false, token: learner.token, progress: learner.progress,
  }));
}

// After an online sign-in with her password: fresh token and snapshot; a lock is lifted.
export async function refreshProfile(learner) {
  return update(learner.id, (p) => p && { ...p, name: learner.name, token: learner.token,
    progress: learner.progress, failures: 0, locked: false });
}

// A profile made before the server checked PINs kept an exact hash of it: checked once more
// that way, then replaced (its credential, in clear and with no proof on the server, dropped).
async function legacyRight(profile, pin) {
  return b64(await stretched(pin, unb64(profile.salt), profile.iterations)) === profile.hash;
}

// Check a PIN on the phone; too many wrong tries lock the profile until an online sign-in.
// switchWith: what the server switch needs (her unwrapped secret and the PIN's proof), if any.
export async function checkPin(id, pin) {
  const profile = (await allProfiles())[id];
  if (!profile || profile.locked) return { ok: false, locked: true };
  let right, keys;
  if (profile.hash) {
    right = await legacyRight(profile, pin);
    if (right) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      keys = await pinKeys(pin, salt, ITERATIONS);
      await update(id, ({ hash, credential, ...p }) => ({ ...p, salt: b64(salt), iterations: ITERATIONS,
        check: keys.check, wrapped: null, counter: null }));
    }
  } else {
    keys = await pinKeys(pin, unb64(profile.salt), profile.iterations);
    right = keys.check === profile.check;
  }
  const failures = right ? 0 : profile.failures + 1;
  const saved = await update(id, (p) => ({ ...p, failures, locked: failures >= MAX_TRIES }));
  const switchWith = right && saved.wrapped ? { secret: await unwrapSecret(keys.wrap, saved), proof: keys.proof } : null;
  return { ok: right, locked: saved.locked, left: MAX_TRIES - failures, profile: saved, switchWith };
}

// What the server's refusal means for the phone's copy: wrong PIN after all (the offline check
// lets 1 in 256 through), or a credential that no longer works (she signs in with her password).
async function refused(id, answer) {
  await update(id, (p) => {
    if (!p) return p;
    if (answer.error === 'wrong_pin') {
      const failures = Math.max(p.failures + 1, MAX_TRIES - (answer.left ?? MAX_TRIES));
      return { ...p, failures, locked: failures >= MAX_TRIES };
    }
    return { ...p, wrapped: null, counter: null, locked: p.locked || answer.error === 'locked' };
  });
}

// Online: move the server session to this profile. {ok} or {ok: false, reason, retry}: retry
// when the server could not answer (offline, 429, 5xx, a dropped connection), not when it refused.
// token: the session's CSRF token if the caller has it already (from /api/me), else asked for.
export async function switchSession(id, switchWith, token) {
  if (!switchWith) return { ok: false, reason: 'no_credential', retry: false };
  if (!navigator.onLine) return { ok: false, reason: 'offline', retry: true };
  const device = await outbox().deviceId();
  let answer;
  try {
    answer = await postJson('/api/profiles/switch', { device, user_id: id, ...switchWith }, token);
  } catch {
    return { ok: false, reason: 'network', retry: true };
  }
  if (answer.ok) return { ok: true };
  if (answer.status !== 403) return { ok: false, reason: `http_${answer.status}`, retry: true };
  await refused(id, answer.body);
  return { ok: false, reason: answer.body.error || 'revoked', retry: false, left: answer.body.left };
}

export async function removeProfile(id) {
  await update(id, () => null);
}
