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

// Money in the country's currency and style ("Bs 0,50", "S/ 0.50"): the one formatter of the pages.
export function money(amount) {
  const locale = strings.moneyLocale || document.documentElement.lang;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: strings.currency || 'BOB' }).format(amount);
}

// What some bytes cost with prepaid data; under a cent it says so rather than "Bs 0,00" (it is not free).
export function costOf(bytes, pricePerGb) {
  const cost = (bytes / 1024 ** 3) * pricePerGb;
  return bytes && cost < 0.01 ? t('lessThan', { money: money(0.01) }) : money(cost);
}

export function costText(bytes, pricePerGb) {
  return t('downloadSize', { size: formatBytes(bytes), cost: costOf(bytes, pricePerGb) });
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
