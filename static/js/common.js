/* Shared by the page modules: strings from the page (never hard-coded), small formatters. */
const strings = document.getElementById('strings')?.dataset ?? {};

// t('resultMany', {n: 3}) -> the page's translation with {n} filled in.
export function t(key, values = {}) {
  return (strings[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
}

export function formatBytes(bytes) {
  const lang = document.documentElement.lang;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(lang)} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString(lang, { maximumFractionDigits: 1 })} MB`;
}

// What a download costs with prepaid data; under a centavo it says so rather than "Bs 0,00".
export function costText(bytes, pricePerGb) {
  const cost = (bytes / 1024 ** 3) * pricePerGb;
  const size = formatBytes(bytes);
  if (cost < 0.01) return t('downloadSizeTiny', { size });
  const bs = cost.toLocaleString(document.documentElement.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return t('downloadSize', { size, cost: bs });
}

// A refused scholarship application: the server's reason in her words ("Mis envíos" and /apply),
// then what the form's rules found wrong, if that was the reason.
export function applicationRefusal(item) {
  const known = { closed: 'appReasonClosed', unknown_call: 'appReasonClosed', conflict: 'appReasonConflict' };
  const reason = item.reason === 'already_applied'
    ? (item.field === 'email' ? 'appReasonEmail' : 'appReasonPhone') : known[item.reason] || 'appReasonInvalid';
  return { reason: `${t('appFailed')} ${t(reason)}`, errors: Object.values(item.errors || {}).flat() };
}

export const outbox = () => self.Outbox;  // set by the classic outbox.js (deferred, runs before modules)

// "Modo ahorro", set on the "Tu consumo de datos" page: nothing optional is downloaded while it is on.
// Where the phone's storage cannot be read, it counts as off: the lesson stays whole.
export const saverOn = async () => Boolean(await outbox().getMeta('saver').catch(() => false));
