/* The scholarship application form on a slow or absent connection.
 * - Every answer is kept as a draft in localStorage (per call), restored when the form opens again.
 * - Tapping "Enviar" offline keeps the draft marked as waiting, tells her so, and sends the form
 *   by itself on the `online` event (or when she opens the form again online, or taps again).
 * Applications are not items of the sync outbox (DESIGN §4): the draft is re-submitted as the
 * same HTML form, and its submission id makes a resend the same application on the server.
 * The phone may be shared: a restored draft offers "Empezar de nuevo", drafts expire after a
 * week, and the status page shown after a successful send deletes the draft. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const SKIP = new Set(['csrf_token']);

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

function setupForm(form) {
  const key = form.dataset.draftKey;
  const say = form.dataset;
  const note = document.getElementById('draft-note');  // at the top: restored, start again
  const sendNote = document.getElementById('send-note');  // by the button, where she taps
  const freshId = form.elements.submission_id.value;  // never used: for "Empezar de nuevo"
  let queued = false;
  const tellNearButton = (text) => {
    sendNote.textContent = text;
    sendNote.hidden = false;
  };
  const save = () => write(key, { queued, values: snapshot(form) });

  // Only the plain form: after a send the server's page already shows what she wrote.
  const draft = form.dataset.restore === '1' ? read(key) : null;
  if (draft) {
    fill(form, draft.values);
    queued = Boolean(draft.queued);
    document.getElementById('draft-text').textContent = say.restored;
    note.hidden = false;
  }
  showRelevant(form);

  form.addEventListener('input', save);
  form.addEventListener('change', () => { showRelevant(form); save(); });
  document.getElementById('draft-clear').addEventListener('click', () => {
    forget(key);
    form.reset();
    form.elements.submission_id.value = freshId;
    queued = false;
    note.hidden = true;
    sendNote.hidden = true;
    showRelevant(form);
  });
  form.addEventListener('submit', (event) => {
    if (navigator.onLine) { queued = false; save(); return; }  // the draft stays until it arrives
    event.preventDefault();
    queued = true;
    save();
    tellNearButton(say.queued);
  });
  const sendQueued = () => {
    if (!queued || !navigator.onLine) return;
    tellNearButton(say.sending);
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  };
  window.addEventListener('online', sendQueued);
  if (queued && navigator.onLine) sendQueued();
  else if (queued) tellNearButton(say.queued);
}

// Show only the questions that apply; without this script every field shows and still works.
function showRelevant(form) {
  const family = form.elements.for_whom.value === 'family';
  document.getElementById('family-fields').hidden = !family;
  const hasEmail = form.elements.has_email.value;
  document.getElementById('email-field').hidden = hasEmail === 'no';
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
if (form) setupForm(form);
const done = document.getElementById('apply-done');
if (done) forget(done.dataset.draftKey);
