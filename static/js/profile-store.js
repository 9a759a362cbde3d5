/* The profiles kept on a shared phone (IndexedDB meta 'profiles', by learner id): her name,
 * a salted slow hash of her 4-digit PIN (never her password), failed tries, her sync token,
 * a snapshot of her progress, and the per-device credential that switches the server session. */
import { outbox } from './common.js';

const ITERATIONS = 150000;
export const MAX_TRIES = 5;

const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function pinHash(pin, salt, iterations) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  return b64(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
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

// At her first sign-in on this phone: a PIN, and a credential for switching without password.
export async function createProfile(learner, pin) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pinHash(pin, salt, ITERATIONS);
  const device = await outbox().deviceId();
  const issued = await postJson('/api/profiles/credential', { device, label: navigator.userAgentData?.platform || '' });
  return update(learner.id, () => ({
    id: learner.id, name: learner.name, salt: b64(salt), hash, iterations: ITERATIONS, failures: 0,
    locked: false, token: learner.token, progress: learner.progress, credential: issued.ok ? issued.body.secret : null,
  }));
}

// After an online sign-in with her password: fresh token and snapshot; a lock is lifted.
export async function refreshProfile(learner) {
  return update(learner.id, (p) => p && { ...p, name: learner.name, token: learner.token,
    progress: learner.progress, failures: 0, locked: false });
}

// Check a PIN on the phone; too many wrong tries lock the profile until an online sign-in.
export async function checkPin(id, pin) {
  const profile = (await allProfiles())[id];
  if (!profile || profile.locked) return { ok: false, locked: true };
  const right = (await pinHash(pin, unb64(profile.salt), profile.iterations)) === profile.hash;
  const failures = right ? 0 : profile.failures + 1;
  const saved = await update(id, (p) => ({ ...p, failures, locked: failures >= MAX_TRIES }));
  return { ok: right, locked: saved.locked, left: MAX_TRIES - failures, profile: saved };
}

// Online: move the server session to this profile. False when the phone was revoked.
// token: the session's CSRF token if the caller has it already (from /api/me), else asked for.
export async function switchSession(profile, token) {
  if (!profile?.credential || !navigator.onLine) return null;
  const device = await outbox().deviceId();
  try {
    const answer = await postJson('/api/profiles/switch', { device, user_id: profile.id, secret: profile.credential }, token);
    if (answer.status === 403) {
      await update(profile.id, (p) => p && { ...p, credential: null });
      return false;
    }
    return answer.ok;
  } catch {
    return null;  // offline after all: the switch happens on the next load
  }
}

export async function removeProfile(id) {
  await update(id, () => null);
}
