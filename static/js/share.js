/* Certificate page: share the PDF (Web Share API, else the WhatsApp link the button already is),
 * and keep the page and PDF on the phone (cache 'mo-certificates', served by the service worker). */
const box = document.getElementById('certificate-actions');
const say = box.dataset;
const CACHE = 'mo-certificates';
const status = document.getElementById('save-status');

async function pdfFile() {
  const resp = await fetch(say.pdf, { credentials: 'same-origin' });
  if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
  return new File([await resp.blob()], say.fileName, { type: 'application/pdf' });
}

// The PDF itself where the phone can share files (Android Chrome: straight into WhatsApp),
// else the link to the public verification page.
async function share(event) {
  if (!navigator.share) return;  // keep the plain wa.me link
  event.preventDefault();
  const link = event.currentTarget;
  try {
    const file = await pdfFile().catch(() => null);
    if (file && navigator.canShare?.({ files: [file] })) {
      await navigator.share({ files: [file], title: say.title, text: `${say.text} ${say.url}` });
    } else {
      await navigator.share({ title: say.title, text: say.text, url: say.url });
    }
  } catch (err) {
    // Cancelled by her: nothing to do. Anything else (too slow, not allowed): the WhatsApp link.
    if (err.name !== 'AbortError') window.location.href = link.href;
  }
}

async function isSaved() {
  const cache = await caches.open(CACHE);
  return Boolean(await cache.match(say.page)) && Boolean(await cache.match(say.pdf));
}

async function showSaved(saved) {
  document.getElementById('save-button').hidden = saved;
  document.getElementById('unsave-button').hidden = !saved;
}

async function save() {
  try {
    const cache = await caches.open(CACHE);
    // The page's own stylesheet and this script too, so the saved page looks right offline
    // (the app shell has the rest).
    const css = document.querySelector('link[rel="stylesheet"][href*="certificates.css"]')?.href;
    await cache.addAll([say.page, say.pdf, import.meta.url, ...(css ? [css] : [])]);
    try { await navigator.storage?.persist?.(); } catch { /* optional */ }
    status.textContent = say.saved;
    showSaved(true);
  } catch {
    status.textContent = say.saveFailed;
  }
}

async function unsave() {
  const cache = await caches.open(CACHE);
  await Promise.all([cache.delete(say.page), cache.delete(say.pdf)]);
  status.textContent = say.removed;
  showSaved(false);
}

document.getElementById('share-button').addEventListener('click', share);
if ('caches' in window) {
  document.getElementById('save-button').addEventListener('click', save);
  document.getElementById('unsave-button').addEventListener('click', unsave);
  isSaved().then((saved) => {
    showSaved(saved);
    if (saved) status.textContent = say.saved;
  }).catch(() => {});
}
