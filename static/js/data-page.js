/* "Tu consumo de datos": the data meter of this phone (kept by outbox.js, counted by the worker and the
 * pages) in megabytes and money, and the "modo ahorro" switch. */
import { costOf, formatBytes, outbox, saverOn } from './common.js';

const section = document.getElementById('meter');
const price = Number(section.dataset.pricePerGb);

function line(template, bytes) {
  return template.replace('{size}', bytes ? formatBytes(bytes) : '0 KB').replace('{cost}', costOf(bytes, price));
}

async function showMeter() {
  const meter = await outbox().meter.read();
  document.getElementById('meter-month').textContent = line(section.dataset.thisMonth, meter.downloaded);
  document.getElementById('meter-saved').textContent = line(section.dataset.saved, meter.saved);
  const last = document.getElementById('meter-last');
  last.hidden = !meter.last;
  if (meter.last) last.textContent = line(section.dataset.lastMonth, meter.last.downloaded);
}

async function setUpSaver() {
  const toggle = document.getElementById('saver');
  toggle.checked = await saverOn();
  toggle.addEventListener('change', () => outbox().setMeta('saver', toggle.checked));
}

setUpSaver();
showMeter();
// What the worker counts while she looks (this page's own files, a sync) shows without a reload.
setInterval(showMeter, 3000);
