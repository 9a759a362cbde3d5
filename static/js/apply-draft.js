/* The scholarship application form on a slow or absent connection.
 * - Every answer is kept as a draft in localStorage (per call), restored when the form opens again.
 * - "Enviar" puts the application in the outbox (outbox.js, DESIGN §3.4), online or not: the
 *   page and the service worker send it like any result, once, until the server answers.
 * - The page lists this phone's applications: waiting, sent (with her reference code), or
 *   refused (with the reason, and "Corregir" to send a corrected one as a new application; the
 *   refused one stays in the list until the corrected one is in the outbox), or "Quitar del
 *   teléfono" (after she confirms) to take it and her name off a phone others may use.
 * The page may come from the worker's cache: its submission id and CSRF token are then old.
 * So the id is made here for each new application, and the outbox path needs no CSRF token.
 * The phone may be shared: a restored draft offers "Empezar de nuevo", drafts expire after a
 * week. Without this script the form is a plain HTML form and still works online. */
import { applicationRefusal, outbox, t } from './common.js';

const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const SKIP = new Set(['csrf_token', 'submission_id']);

function read(key) {
  try {
    const draft = JSON.parse(localStorage.getItem(key));
    if (draft && Date.now() - draft.savedAt < MAX_AGE_MS) return draft;
    localStorage.removeItem(key);
  } catch { /* storage blocked or damaged: no draft */ }
  return null;
}

function write(key, draft) {
  try {
    localStorage.setItem(key, JSON.stringify({ ...draft, savedAt: Date.now() }));
  } catch { /* storage full or blocked: the form still works, only without a draft */ }
}

function forget(key) {
  try { localStorage.removeItem(key); } catch { /* nothing to forget */ }
}

function snapshot(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || SKIP.has(el.name) || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'radio') { if (el.checked) values[el.name] = el.value; }
    else if (el.type === 'checkbox') values[el.name] = el.checked;
    else values[el.name] = el.value;
  }
  return values;
}

function fill(form, values) {
  for (const el of form.elements) {
    if (!(el.name in values) || SKIP.has(el.name)) continue;
    if (el.type === 'radio') el.checked = el.value === values[el.name];
    else if (el.type === 'checkbox') el.checked = Boolean(values[el.name]);
    else el.value = values[el.name];
  }
}

function element(tag, text, props = {}) {
  return Object.assign(document.createElement(tag), { textContent: text, ...props });
}

// Asked in the row itself, in her words: what she wrote leaves the phone for good.
function removeControls(item, say, remove) {
  const ask = element('button', t('remove'), { type: 'button', className: 'secondary' });
  const confirm = element('div', '', { hidden: true });
  const question = element('p', say.removeAsk.replace('{name}', item.title), { tabIndex: -1 });
  const yes = element('button', say.removeYes, { type: 'button' });
  const no = element('button', say.removeNo, { type: 'button', className: 'secondary' });
  confirm.append(question, yes, ' ', no);
  const asking = (on) => {
    ask.hidden = on;
    confirm.hidden = !on;
    (on ? question : ask).focus();
  };
  ask.addEventListener('click', () => asking(true));
  no.addEventListener('click', () => asking(false));
  yes.addEventListener('click', () => remove(item));
  return [ask, confirm];
}

function failedRow(item, say, { correct, remove }) {
  const li = element('li', '', { className: 'app-failed' });
  const refusal = applicationRefusal(item);
  li.append(element('strong', item.title), element('p', refusal.reason));
  for (const message of refusal.errors) li.append(element('p', message, { className: 'error' }));
  const button = element('button', say.correct, { type: 'button', className: 'secondary' });
  button.addEventListener('click', () => correct(item));
  li.append(button, ' ', ...removeControls(item, say, remove));
  return li;
}

function sentRow(item, say) {
  const li = element('li', '', { className: 'app-sent' });
  const link = element('a', say.see, { href: `/apply/${item.receipt}` });
  li.append(element('strong', item.title), element('p', say.sent.replace('{code}', item.receipt)));
  li.querySelector('p').append(' ', link);
  return li;
}

// This phone's applications, newest first: waiting, refused, then sent.
async function renderMine(section, actions) {
  if (!outbox()) return;  // no IndexedDB here: the plain form post shows her the status page
  const say = section.dataset;
  const mine = (items) => items.filter((i) => i.type === 'application')
    .sort((a, b) => ((a.sent_at || a.created) < (b.sent_at || b.created) ? 1 : -1));
  const rows = [
    ...mine(await outbox().all()).map((i) => {
      const li = element('li', '', { className: 'app-waiting' });
      li.append(element('strong', i.title), element('p', t('appWaiting')));
      return li;
    }),
    ...mine(await outbox().failed()).map((i) => failedRow(i, say, actions)),
    ...mine(await outbox().sent()).map((i) => sentRow(i, say)),
  ];
  section.querySelector('ul').replaceChildren(...rows);
  section.hidden = rows.length === 0;
}

function setupForm(form, section) {
  const key = form.dataset.draftKey;
  const say = form.dataset;
  const note = document.getElementById('draft-note');  // at the top: restored, start again
  const sendNote = document.getElementById('send-note');  // by the button, where she taps
  const idField = form.elements.submission_id;
  let correcting = null;  // the refused application the form now holds a correction of
  const save = () => write(key, { id: idField.value, values: snapshot(form), corrects: correcting });
  const startAfresh = () => {
    forget(key);
    correcting = null;
    form.reset();
    idField.value = crypto.randomUUID();
    note.hidden = true;
    showRelevant(form);
  };
  const correct = async (item) => {
    startAfresh();
    correcting = item.id;
    fill(form, item.fields);
    showRelevant(form);
    save();
    sendNote.hidden = true;
    await renderMine(section, actions);
    form.scrollIntoView();
  };
  const remove = async (item) => {
    await outbox().dismiss(item.id);
    if (correcting === item.id) startAfresh();  // her correction of it goes too, as the question said
    await renderMine(section, actions);
    document.dispatchEvent(new CustomEvent('outbox-changed'));  // app.js updates the status line
  };
  const actions = { correct, remove };

  // Only the plain form: after a refused send the server's page already shows what she wrote.
  const draft = form.dataset.restore === '1' ? read(key) : null;
  if (draft) {
    fill(form, draft.values);
    idField.value = draft.id || crypto.randomUUID();
    correcting = draft.corrects || null;
    document.getElementById('draft-text').textContent = say.restored;
    note.hidden = false;
  } else if (form.dataset.restore === '1') {
    idField.value = crypto.randomUUID();  // never the id of a cached copy of this page
  }
  showRelevant(form);
  renderMine(section, actions);

  speakSpanish(form);
  form.addEventListener('input', save);
  form.addEventListener('change', () => { showRelevant(form); save(); });
  document.getElementById('draft-clear').addEventListener('click', startAfresh);
  document.addEventListener('outbox-settled', () => {
    sendNote.hidden = true;  // the list now says what became of it
    renderMine(section, actions);
  });
  form.addEventListener('submit', async (event) => {
    if (!outbox()) return;  // no IndexedDB: the plain form post
    event.preventDefault();
    if (!form.reportValidity()) return;
    const values = snapshot(form);
    // The call's and centre's names stay on the phone only, for "Mis envíos" (never sent).
    await outbox().add({ id: idField.value, type: 'application', call: Number(form.dataset.call),
      fields: values, title: values.name, call_name: form.dataset.callName,
      centre_name: form.elements.centre.selectedOptions[0]?.textContent });
    if (correcting) await outbox().dismiss(correcting);  // only now: the correction is safe
    startAfresh();
    sendNote.textContent = navigator.onLine ? say.sending : say.queued;
    sendNote.hidden = false;
    await renderMine(section, actions);
    section.scrollIntoView();
    document.dispatchEvent(new CustomEvent('outbox-queued'));  // app.js sends it
  });
}

// The browser's own words for a missing answer follow its language, not the page's.
function speakSpanish(form) {
  const say = form.dataset;
  form.addEventListener('invalid', (event) => {
    const { validity } = event.target;
    if (validity.valueMissing) event.target.setCustomValidity(say.missing);
    else if (validity.typeMismatch) event.target.setCustomValidity(say.badEmail);
  }, true);
  const clear = (event) => {
    for (const el of form.elements) if (el.name === event.target.name) el.setCustomValidity('');
  };
  form.addEventListener('input', clear);
  form.addEventListener('change', clear);
}

// Show only the questions that apply; without this script every field shows and still works.
// The browser checks the required fields of what shows; the server checks everything.
function showRelevant(form) {
  const family = form.elements.for_whom.value === 'family';
  document.getElementById('family-fields').hidden = !family;
  form.elements.applicant_name.required = family;
  form.elements.family_relation.required = family;
  const hasEmail = form.elements.has_email.value;
  document.getElementById('email-field').hidden = hasEmail === 'no';
  form.elements.email.required = hasEmail === 'yes';
  document.getElementById('no-email-note').hidden = hasEmail === 'yes';
  const region = form.elements.region.value;
  const centre = form.elements.centre;
  for (const group of centre.querySelectorAll('optgroup')) {
    const other = region !== '' && group.dataset.region !== region;
    group.hidden = other;
    group.disabled = other;
  }
  if (centre.selectedOptions[0]?.parentElement?.disabled) centre.value = '';
}

const form = document.getElementById('apply-form');
if (form) setupForm(form, document.getElementById('my-applications'));
const done = document.getElementById('apply-done');
if (done) forget(done.dataset.draftKey);
