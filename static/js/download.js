/* Module page: show the size and cost of a module before downloading it, download it into its
 * own cache with progress, verify it, mark it, update it or remove it. Offline page: list them. */
import { costText, formatBytes, outbox, saverOn, t } from './common.js';

const cacheName = (slug) => `mo-module-${slug}`;

// In "modo ahorro" the download leaves the optional files out (and weighs less).
async function getManifest(url) {
  const resp = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
  const manifest = await resp.json();
  if (!(await saverOn())) return manifest;
  const optional = new Set(manifest.optional);
  return { ...manifest, urls: manifest.urls.filter((u) => !optional.has(u)),
    bytes: manifest.bytes - manifest.optional_bytes, saver: true };
}

async function download(manifest, progress) {
  const cache = await caches.open(cacheName(manifest.module));
  let done = 0;
  progress.hidden = false;
  // Four at a time: on a 400 ms link one request after another costs a round trip each.
  const queue = [...manifest.urls];
  const fetchNext = async () => {
    while (queue.length) {
      const url = queue.shift();
      const resp = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
      if (!resp.ok) throw new Error(`${url}: HTTP ${resp.status}`);
      await cache.put(url, resp);
      done += 1;
      progress.value = Math.round((done / manifest.urls.length) * 100);
      progress.textContent = t('downloading', { done, total: manifest.urls.length });
    }
  };
  await Promise.all([fetchNext(), fetchNext(), fetchNext(), fetchNext()]);
  // Verify: every URL is there; then drop what an older version had and this one does not.
  for (const url of manifest.urls) {
    if (!(await cache.match(url))) throw new Error(`missing ${url}`);
  }
  const wanted = new Set(manifest.urls.map((u) => new URL(u, location.href).href));
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  await outbox().setMeta(`module:${manifest.module}`, {
    version: manifest.version, bytes: manifest.bytes, at: new Date().toISOString() });
  await askPersistence();
}

async function askPersistence() {
  try { if (navigator.storage?.persist && !(await navigator.storage.persisted())) await navigator.storage.persist(); } catch { /* optional */ }
}

async function warnIfLowSpace(info) {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate?.quota) return;
  const free = estimate.quota - estimate.usage;
  if (free < 50 * 1024 * 1024) info.append(' ', t('lowSpace', { free: formatBytes(free) }));
}

async function remove(slug) {
  await caches.delete(cacheName(slug));
  await outbox().delMeta(`module:${slug}`);
}

// What the section says: not downloaded (size and cost first), downloaded, or an update.
function render(section, manifest, saved) {
  const info = document.getElementById('download-info');
  const button = document.getElementById('download-button');
  section.dataset.state = !saved ? 'none' : (manifest && manifest.version !== saved.version ? 'stale' : 'done');
  document.getElementById('remove-button').hidden = !saved;
  button.hidden = true;
  if (section.dataset.state === 'done' || (saved && !manifest)) { info.textContent = t('downloaded'); return; }
  if (!manifest) { info.textContent = t('downloadNeedsNetwork'); return; }
  const cost = costText(manifest.bytes, manifest.price_per_gb);
  info.textContent = saved ? `${t('updateAvailable', { size: formatBytes(manifest.bytes) })} ${cost}` : cost;
  if (manifest.saver) info.append(' ', t('downloadNoPictures'));
  button.textContent = saved ? t('downloadUpdate') : t('download');
  button.hidden = false;
}

async function modulePage(section) {
  const slug = section.dataset.module;
  const button = document.getElementById('download-button');
  const progress = document.getElementById('download-progress');
  let manifest = null;
  // Offline, not even try: the page must not spend anything or wait for a timeout.
  if (navigator.onLine) {
    try { manifest = await getManifest(section.dataset.manifest); } catch { /* the server is out of reach */ }
  }
  render(section, manifest, await outbox().getMeta(`module:${slug}`));
  await warnIfLowSpace(document.getElementById('download-info'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await download(manifest, progress);
      render(section, manifest, await outbox().getMeta(`module:${slug}`));
    } catch (err) {
      console.info('[download] failed', err.message);
      document.getElementById('download-info').textContent = t('downloadFailed');
    } finally {
      button.disabled = false;
      progress.hidden = true;
    }
  });
  document.getElementById('remove-button').addEventListener('click', async () => {
    await remove(slug);
    render(section, manifest, null);
    document.getElementById('download-info').textContent = t('removed');
  });
}

async function offlinePage(list) {
  let any = false;
  for (const item of list.querySelectorAll('[data-downloaded]')) {
    const saved = await outbox().getMeta(`module:${item.dataset.downloaded}`);
    item.hidden = !saved;
    any = any || Boolean(saved);
  }
  if (!any) list.replaceChildren(Object.assign(document.createElement('li'), { textContent: list.dataset.empty }));
}

const section = document.getElementById('download');
if (section) modulePage(section);
const list = document.getElementById('downloaded-list');
if (list) offlinePage(list);
