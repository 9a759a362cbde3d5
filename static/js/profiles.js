/* "¿Quién está aprendiendo?": choose a profile of this phone with its PIN (works offline),
 * create a PIN at her first sign-in here, or remove a profile (her waiting results still go). */
import { outbox } from './common.js';
import { forget, currentLearner } from './me.js';
import { allProfiles, checkPin, createProfile, removeProfile } from './profile-store.js';

const list = document.getElementById('profile-list');
const form = document.getElementById('pin-form');
const pinInput = document.getElementById('pin');
const label = document.getElementById('pin-label');
const error = document.getElementById('pin-error');
const removeButton = document.getElementById('remove-profile');
let chosen = null;  // {mode: 'enter'|'create', id, learner}

const COLOURS = ['#6a1b6e', '#1b6e2c', '#8a3b00', '#1b4a6e', '#6e1b2c', '#4a4a00'];

function showError(text) {
  error.textContent = text;
  error.hidden = !text;
}

function pick(mode, id, name, learner = null) {
  chosen = { mode, id, learner };
  label.textContent = mode === 'create' ? form.dataset.create : label.dataset.template.replace('{name}', name);
  removeButton.hidden = mode === 'create';
  form.hidden = false;
  showError('');
  pinInput.value = '';
  pinInput.focus();
}

async function render() {
  const profiles = Object.values(await allProfiles());
  const waiting = new Set((await outbox().all()).map((i) => i.learner));
  const learner = await currentLearner();
  // Signed in with her password (not through a profile): a PIN if this phone has none of hers
  // that still opens the server session (none yet, or its credential was locked, revoked, expired).
  const mine = profiles.find((p) => p.id === learner?.id);
  if (learner && !learner.signedOut && !learner.viaProfile && !mine?.wrapped) {
    pick('create', learner.id, learner.name, learner);
  }
  list.replaceChildren(...profiles.map((p, i) => {
    const li = document.createElement('li');
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'profile' });
    const badge = Object.assign(document.createElement('span'), { className: 'badge', textContent: p.name.slice(0, 1) });
    badge.dataset.colour = String(i % COLOURS.length);
    button.append(badge, p.name);
    button.disabled = p.locked;
    button.addEventListener('click', () => pick('enter', p.id, p.name));
    li.append(button);
    const note = p.locked ? list.dataset.locked : (waiting.has(p.id) ? list.dataset.waiting : '');
    if (note) li.append(Object.assign(document.createElement('p'), { className: 'meta', textContent: note }));
    return li;
  }));
  if (!profiles.length) list.replaceChildren(Object.assign(document.createElement('li'), { textContent: list.dataset.empty }));
}

function wrongPin(result) {
  showError(result.locked ? error.dataset.locked : error.dataset.wrong.replace('{n}', result.left));
}

// Her PIN opens her profile on the phone at once, online or not; online, the server session
// follows (me.js), and a PIN the server finds wrong after all is said here, as on the phone.
async function enter(pin) {
  const result = await checkPin(chosen.id, pin);
  if (!result.ok) {
    wrongPin(result);
    if (result.locked) { form.hidden = true; await render(); }
    return;
  }
  const p = result.profile;
  await forget();
  await outbox().setMeta('current', { id: p.id, name: p.name, token: p.token, progress: p.progress,
    role: 'learner', checked: Date.now(), viaProfile: true, pendingSwitch: result.switchWith });
  const now = await currentLearner({ refresh: true });
  if (now?.switchFailed === 'wrong_pin' || now?.switchFailed === 'locked') {
    await forget();  // not proven after all: whoever held the phone before stays
    const locked = now.switchFailed === 'locked';
    wrongPin({ locked, left: now.switchLeft });
    if (locked) { form.hidden = true; await render(); }
    return;
  }
  window.location.assign('/');
}

form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const pin = pinInput.value.trim();
  if (!/^[0-9]{4}$/.test(pin)) { showError(form.dataset.format); return; }
  if (chosen.mode === 'create') {
    await createProfile(chosen.learner, pin);
    window.location.assign('/');
  } else {
    await enter(pin);
  }
});

removeButton?.addEventListener('click', async () => {
  if (!chosen || !window.confirm(removeButton.dataset.confirm)) return;
  const waiting = (await outbox().all()).some((i) => i.learner === chosen.id);
  await removeProfile(chosen.id);
  form.hidden = true;
  await render();
  if (waiting) showError(removeButton.dataset.kept);
  error.hidden = !waiting;
});

render();
