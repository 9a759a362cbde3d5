/* Every page: registers the service worker, shows the sync status line, flushes the outbox
 * on every trigger of DESIGN §3.4, and offers a new version without forcing it. */
import { outbox, t } from './common.js';
import { currentLearner, forget, showLearner } from './me.js';

const statusEl = document.getElementById('sync-status');
const MAX_BACKOFF_MS = 5 * 60 * 1000;
let retryTimer = null;
let backoff = 5000;

export async function showStatus() {
  const counts = await outbox().counts();
  statusEl.replaceChildren();
  const parts = [];
  if (!navigator.onLine) parts.push(t('offline'));
  if (counts.pending) parts.push(counts.pending === 1 ? t('pendingOne') : t('pendingMany', { n: counts.pending }));
  statusEl.textContent = parts.length ? parts.join(' · ') : (counts.failed ? '' : t('allSent'));
  if (counts.failed) {
    const link = document.createElement('a');
    link.href = '/outbox';
    link.textContent = counts.failed === 1 ? t('failedOne') : t('failedMany', { n: counts.failed });
    if (parts.length) statusEl.append(' · ');
    statusEl.append(link);
  }
  if (counts.needsLogin) document.getElementById('session-banner').hidden = false;
  return counts;
}

function scheduleRetry(pending) {
  clearTimeout(retryTimer);
  if (!pending) { backoff = 5000; return; }
  retryTimer = setTimeout(() => flush('timer'), backoff);
  backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);  // capped back-off while items wait
}

// Try to send what waits; any failure leaves the items queued for the next trigger.
export async function flush(via) {
  let result = null;
  try {
    const counts = await outbox().counts();
    if (counts.pending > counts.needsLogin) result = await outbox().flush(via);
  } catch (err) {
    console.info('[outbox] flush failed, items stay queued', err.message);
  }
  const counts = await showStatus();
  scheduleRetry(counts.pending - counts.needsLogin);
  if (result && (result.sent?.length || result.failed?.length)) {
    document.dispatchEvent(new CustomEvent('outbox-settled', { detail: result }));
  }
  return result;
}

export async function requestBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker?.getRegistration();
    await reg?.sync?.register('outbox');
  } catch { /* no permission or unsupported: the other triggers cover it */ }
}

function offerUpdate(worker) {
  const banner = document.getElementById('update-banner');
  banner.hidden = false;
  document.getElementById('update-button').addEventListener('click', () => {
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
    if (hadController) window.location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type === 'outbox-flushed') showStatus();
  });
}

async function start() {
  registerWorker().catch((err) => console.error('service worker registration failed', err));
  document.getElementById('logout-form')?.addEventListener('submit', () => { forget(); });
  window.addEventListener('online', () => { showStatus(); flush('online'); });
  window.addEventListener('offline', () => showStatus());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') flush('visible');
  });
  document.getElementById('send-now')?.addEventListener('click', () => flush('button'));
  await showStatus();
  const learner = await currentLearner();
  showLearner(learner);
  await flush('load');
}

start();
