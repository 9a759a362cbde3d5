/* Who holds the phone now: personal data for anonymous cached pages (DESIGN §3.1).
 * Asks /api/me when online (at most every few minutes, so reopening a downloaded lesson
 * costs no data), keeps the answer in IndexedDB for offline use, and re-signs waiting items. */
import { outbox, t } from './common.js';

const FRESH_MS = 5 * 60 * 1000;

async function fetchMe() {
  const resp = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' });
  if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
  return resp.json();
}

// The learner this phone knows about, refreshed from the server when that is cheap and possible.
export async function currentLearner({ refresh = false } = {}) {
  const Outbox = outbox();
  const known = await Outbox.getMeta('current');
  const stale = !known || Date.now() - (known.checked || 0) > FRESH_MS;
  if (!navigator.onLine || (!stale && !refresh)) return known || null;
  let me;
  try { me = await fetchMe(); } catch { return known || null; }
  if (!me.user) {
    // Signed out or the session ended: keep the outbox; remember that she must sign in again.
    if (known) await Outbox.setMeta('current', { ...known, signedOut: true, checked: Date.now() });
    return known ? { ...known, signedOut: true } : null;
  }
  const learner = { ...me.user, token: me.token, progress: me.progress, versions: me.versions,
    checked: Date.now() };
  await Outbox.setMeta('current', learner);
  await Outbox.resign(learner.id, learner.token);
  return learner;
}

export function forget() {
  return outbox().delMeta('current');
}

export function showLearner(learner) {
  const who = document.getElementById('who');
  if (learner && !learner.signedOut) {
    who.textContent = learner.name;
    who.href = '/account';
    who.setAttribute('aria-label', `${t('myAccount')}: ${learner.name}`);
  }
  document.getElementById('session-banner').hidden = !(learner && learner.signedOut);
  if (!learner || !learner.progress) return;
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
