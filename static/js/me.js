/* Who holds the phone now: personal data for anonymous cached pages (DESIGN §3.1).
 * Asks /api/me when online (at most every few minutes, so reopening a downloaded lesson
 * costs no data), keeps the answer in IndexedDB for offline use, and re-signs waiting items. */
import { outbox, t } from './common.js';
import { refreshProfile, switchSession } from './profile-store.js';

const FRESH_MS = 5 * 60 * 1000;
let finding = null;  // one look-up at a time for all the modules of a page
let epoch = 0;  // bumped by forget(): an answer asked for before it must not be kept after it
let saving = Promise.resolve();

// Keep what /api/me said, unless forget() ran since it was asked (a sign-in is under way).
async function keep(value, askedAt) {
  if (askedAt !== epoch) return false;
  saving = outbox().setMeta('current', value);
  await saving;
  return true;
}

async function fetchMe() {
  const resp = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' });
  if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
  return resp.json();
}

// Ask the server again when: nobody is known, the answer is old (either way: a phone's clock
// can jump back), her results wait for a sign-in (then a new token is what they need), or the
// server session has still to follow the profile chosen with her PIN.
async function mustAsk(known) {
  if (!known || Math.abs(Date.now() - (known.checked || 0)) > FRESH_MS) return true;
  if (!known.id) return false;
  if (known.pendingSwitch) return true;
  const counts = await outbox().counts();
  return counts.needsLoginOf.includes(known.id);
}

// A profile chosen with her PIN stays the phone's learner, whatever the server session says:
// once online, the session follows her. If the switch fails she is kept (her name, her token,
// her snapshot), never replaced by whoever owns the session; switchFailed says why (app.js
// shows it), and pendingSwitch stays while it is worth trying again.
// Gives {me} to use as the server's answer, or {kept} to keep.
async function followProfile(known, me) {
  if (!known?.viaProfile || me.user?.id === known.id) return { me };
  const tried = known.pendingSwitch
    ? await switchSession(known.id, known.pendingSwitch, me.csrf_token)
    : { ok: false, reason: known.switchFailed || 'no_credential', retry: false };
  if (tried.ok) {
    const now = await fetchMe();
    if (now.user?.id === known.id) return { me: now };
    tried.retry = true;  // answered 200 but not by our server (a portal?): as if it had failed
  }
  const { pendingSwitch, ...rest } = known;
  return { kept: { ...rest, switchFailed: tried.reason, switchLeft: tried.left, checked: Date.now(),
    ...(tried.retry ? { pendingSwitch } : {}) } };
}

async function ask(known) {
  const askedAt = epoch;
  let answer;
  try { answer = await followProfile(known, await fetchMe()); } catch { return known; }
  if (answer.kept) return (await keep(answer.kept, askedAt)) ? answer.kept : null;
  const { me } = answer;
  if (!me.user) {
    // Signed out or the session ended: keep the outbox; remember that she must sign in again.
    // Nobody known: remember that too for a while, so anonymous reading costs no requests.
    const now = known?.id ? { ...known, signedOut: true, checked: Date.now() } : { checked: Date.now() };
    return (await keep(now, askedAt)) ? now : null;
  }
  const learner = { ...me.user, token: me.token, progress: me.progress, versions: me.versions,
    unlocked: me.unlocked, certificates: me.certificates, checked: Date.now() };
  if (!(await keep(learner, askedAt))) return null;
  await outbox().resign(learner.id, learner.token);
  await refreshProfile(learner);  // an online sign-in lifts a PIN lock and renews her token
  return learner;
}

async function find(refresh) {
  const known = await outbox().getMeta('current');
  if (!navigator.onLine || !(refresh || await mustAsk(known))) return known;
  return ask(known);
}

// The learner this phone knows about (null if nobody), refreshed from the server when that
// is cheap and possible; never a request while offline. Calls at the same time share one.
export async function currentLearner({ refresh = false } = {}) {
  if (refresh || !finding) finding = find(refresh).finally(() => { finding = null; });
  const found = await finding;
  return found?.id ? found : null;
}

// Before a sign-in, sign-up or sign-out: whoever was known is no longer (the outbox stays).
export async function forget() {
  epoch += 1;
  await saving.catch(() => {});
  await outbox().delMeta('current');
}

export function showLearner(learner) {
  const who = document.getElementById('who');
  if (learner && !learner.signedOut) {
    who.textContent = learner.name;
    who.href = '/account';
    who.setAttribute('aria-label', `${t('myAccount')}: ${learner.name}`);
  }
  if (!learner || !learner.progress) return;
  for (const el of document.querySelectorAll('[data-locked-module]')) {
    if (learner.unlocked?.includes(el.dataset.lockedModule)) el.textContent = el.dataset.unlocked;
  }
  const fresh = learner.certificates?.find((c) => c.new);
  const note = document.getElementById('certificate-note');
  // Not on her certificate pages: they say it themselves.
  if (fresh && note && !document.querySelector('.cert-congrats')) { note.href = fresh.url; note.hidden = false; }
  for (const el of document.querySelectorAll('.progress[data-module]')) {
    const p = learner.progress[el.dataset.module];
    if (p) el.textContent = `· ${p.lessons_done}/${p.lessons_total} ✓`;
  }
  for (const el of document.querySelectorAll('.lesson-state[data-lesson]')) {
    const module = el.dataset.lesson.split('/')[0];
    const lesson = learner.progress[module]?.lessons[el.dataset.lesson];
    if (!lesson) continue;
    const parts = [];
    if (lesson.done) parts.push(t('done'));
    if (lesson.quiz) parts.push(t('best', { best: lesson.quiz.best, latest: lesson.quiz.latest, max: lesson.quiz.max }));
    el.textContent = parts.join(' · ');
  }
}
