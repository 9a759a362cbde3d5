/* "Mis envíos": what waits on this phone, what could not be sent (and why), what was sent. */
import { outbox, t } from './common.js';
import { currentLearner } from './me.js';

const REASONS = { conflict: 'reasonConflict', unknown_quiz: 'reasonUnknown', unknown_lesson: 'reasonUnknown',
  invalid_item: 'reasonInvalid', token_invalid: 'reasonInvalid', gone: 'reasonGone' };
const reason = (item) => t(item.type === 'application' ? 'reasonApplication' : REASONS[item.reason] || 'reasonInvalid');

function row(text, detail) {
  const li = document.createElement('li');
  li.textContent = text;
  if (detail) li.append(Object.assign(document.createElement('span'), { className: 'meta', textContent: ` · ${detail}` }));
  return li;
}

function fill(list, rows) {
  list.replaceChildren(...(rows.length ? rows : [row(t('nothing'))]));
}

// Only the active learner's items: a shared phone shows nobody another's results.
async function render() {
  const learner = await currentLearner();
  // Scholarship applications belong to no account: shown to anyone, as on the apply page.
  const mine = (items) => items.filter((i) => i.type === 'application' || (learner && i.learner === learner.id));
  const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang);
  fill(document.getElementById('pending-list'), mine(await outbox().all())
    .map((i) => row(i.title || i.quiz || i.lesson, i.needs_login ? t('reasonLogin') : when(i.created))));
  fill(document.getElementById('failed-list'), mine(await outbox().failed())
    .map((i) => row(i.title || i.quiz || i.lesson, reason(i))));
  fill(document.getElementById('sent-list'), mine(await outbox().sent())
    .sort((a, b) => (a.sent_at < b.sent_at ? 1 : -1))
    .map((i) => row(i.title || '', [i.receipt, i.score !== undefined ? `${i.score}/${i.max_score}` : ''].filter(Boolean).join(' · '))));
}

document.addEventListener('outbox-settled', render);
render();
