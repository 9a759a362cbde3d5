/* Every page: registers the service worker, shows the sync status line, flushes the outbox
 * on every trigger of DESIGN §3.4, and offers a new version without forcing it.
 * Other page modules talk to it through document events, never by importing it (a second
 * import under another URL would run it twice): 'outbox-queued' and 'outbox-changed' (an item removed) in, 'outbox-settled' out. */
import { outbox, t } from './common.js';
import { currentLearner, forget, showLearner } from './me.js';

const statusEl = document.getElementById('sync-status');
const FIRST_RETRY_MS = 5000;
const MAX_BACKOFF_MS = 5 * 60 * 1000;
// Forms after which someone else may hold the phone: forget who was known before they go.
const SESSION_FORMS = ['/login', '/signup', '/logout', '/activate'];
let retryTimer = null;
let backoff = FIRST_RETRY_MS;
let learner = null;

// "Tu sesión terminó": her session ended, or her waiting results need her to sign in again.
function showSessionBanner(counts) {
  const mine = learner && counts.needsLoginOf.includes(learner.id);
  document.getElementById('session-banner').hidden = !(learner?.signedOut || mine);
}

// "2 resultados y 1 solicitud": a waiting scholarship application is no "resultado".
function what(total, applications) {
  const counted = (key, n) => (n ? t(n === 1 ? `${key}One` : `${key}Many`, { n }) : '');
  const results = counted('result', total - applications);
  const apps = counted('application', applications);
  return results && apps ? t('both', { a: results, b: apps }) : results || apps;
}

// "No pudimos cambiar de persona en el servidor": a profile chosen with her PIN stays hers
// (her name above, her token on her answers); it says whether the phone tries again by itself
// (no answer from the server) or she must sign in with her password (the server refused).
function showSwitchBanner() {
  const failed = Boolean(learner?.viaProfile && learner.switchFailed);
  document.getElementById('switch-banner').hidden = !failed;
  document.getElementById('switch-later').hidden = !(failed && learner.pendingSwitch);
  document.getElementById('switch-login').hidden = !(failed && !learner.pendingSwitch);
}

async function showStatus() {
  const counts = await outbox().counts();
  statusEl.replaceChildren();
  const parts = [];
  if (!navigator.onLine) parts.push(t('offline'));
  if (counts.pending) parts.push(t('pending', { things: what(counts.pending, counts.pendingApplications) }));
  statusEl.textContent = parts.length ? parts.join(' · ') : (counts.failed ? '' : t('allSent'));
  if (counts.failed) {
    const link = document.createElement('a');
    link.href = '/outbox';
    link.textContent = t(counts.failed === 1 ? 'failedOne' : 'failedMany',
      { things: what(counts.failed, counts.failedApplications) });
    if (parts.length) statusEl.append(' · ');
    statusEl.append(link);
  }
  showSessionBanner(counts);
  return counts;
}

function scheduleRetry(waiting) {
  clearTimeout(retryTimer);
  if (!waiting) { backoff = FIRST_RETRY_MS; return; }
  retryTimer = setTimeout(() => flush('timer'), backoff);
  backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);  // capped back-off while items wait
}

function settled(detail) {
  document.dispatchEvent(new CustomEvent('outbox-settled', { detail }));
}

// Try to send what waits; any failure leaves the items queued for the next trigger.
async function flush(via, options) {
  let result = null;
  try {
    const counts = await outbox().counts();
    if (counts.pending > counts.needsLogin) result = await outbox().flush(via, options);
  } catch (err) {
    console.info('[outbox] flush failed, items stay queued', err.message);
  }
  const counts = await showStatus();
  scheduleRetry(counts.pending - counts.needsLogin);
  if (result && (result.sent.length || result.failed.length)) settled(result);
  return result;
}

async function requestBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker?.getRegistration();
    await reg?.sync?.register('outbox');
  } catch { /* no permission or unsupported: the other triggers cover it */ }
}

async function refreshLearner(options) {
  learner = await currentLearner(options);
  showLearner(learner);
  showSwitchBanner();
  await showStatus();
}

let updating = false;

function offerUpdate(worker) {
  document.getElementById('update-banner').hidden = false;
  document.getElementById('update-button').addEventListener('click', () => {
    updating = true;
    // The worker waits for any sync in progress before it takes over (see service-worker.js).
    worker.postMessage({ type: 'update' });
  }, { once: true });
}

async function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  const reg = await navigator.serviceWorker.register('/service-worker.js', { scope: '/' });
  if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
    });
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // After "Actualizar" (here or in another tab), not when a first install takes control.
    if (updating || hadController) window.location.reload();
  });
  navigator.serviceWorker.addEventListener('message', async (event) => {
    if (event.data?.type !== 'outbox-flushed') return;
    await showStatus();
    settled(event.data);
  });
}

// Submitted once more by script after the known learner is forgotten (awaited: a page that
// unloads can abort an IndexedDB write still in flight).
function watchSessionForms() {
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (form.method !== 'post' || form.dataset.forgotten) return;
    if (!SESSION_FORMS.includes(new URL(form.action, location.href).pathname)) return;
    event.preventDefault();
    await forget().catch(() => {});
    form.dataset.forgotten = '1';
    form.requestSubmit(event.submitter);
  });
}

// The data meter's share of the page: the worker counts what it fetches itself; the page
// counts what the worker never fetched: its calls to /api/ (the worker lets them through) and
// whatever passed no worker at all (workerStart 0: a first visit, before the worker controls).
function meterPage() {
  if (!('PerformanceObserver' in window)) return;
  const counted = (e) => !e.workerStart || new URL(e.name).pathname.startsWith('/api/');
  const observer = new PerformanceObserver((list) => {
    const bytes = list.getEntries().filter(counted).reduce((sum, e) => sum + (e.transferSize || 0), 0);
    if (bytes) outbox().meter.add({ downloaded: bytes }).catch(() => {});
  });
  observer.observe({ type: 'resource', buffered: true });
  observer.observe({ type: 'navigation', buffered: true });
}

async function start() {
  meterPage();
  registerWorker().catch((err) => console.error('service worker registration failed', err));
  watchSessionForms();
  window.addEventListener('online', async () => {
    await refreshLearner({ refresh: true });  // back online: has her session ended meanwhile?
    await flush('online');
  });
  window.addEventListener('offline', () => showStatus());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') flush('visible');
  });
  document.addEventListener('outbox-queued', async () => {
    await requestBackgroundSync();
    await flush('submit', { wait: true });  // behind a running flush, which may not have seen it
  });
  document.addEventListener('outbox-changed', () => showStatus());
  document.getElementById('send-now')?.addEventListener('click', () => flush('button', { wait: true }));
  document.getElementById('switch-retry').addEventListener('click', () => refreshLearner({ refresh: true }));
  await refreshLearner();
  await flush('load');
}

start();
