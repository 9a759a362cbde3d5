/* "Mis envíos": what waits on this phone, what could not be sent (and why), what was sent. */
import { applicationRefusal, outbox, t } from './common.js';
import { currentLearner } from './me.js';

const REASONS = { conflict: 'reasonConflict', unknown_quiz: 'reasonUnknown', unknown_lesson: 'reasonUnknown',
  invalid_item: 'reasonInvalid', token_invalid: 'reasonInvalid', gone: 'reasonGone' };

const element = (tag, text, props = {}) => Object.assign(document.createElement(tag), { textContent: text, ...props });

function row(text, detail) {
  const li = element('li', text);
  if (detail) li.append(element('span', ` · ${detail}`, { className: 'meta' }));
  return li;
}

// A scholarship application: for whom, which call and centre (if this phone knows), its state;
// a refused one says why and leads to the apply page, where she corrects or removes it.
function applicationRow(item, failed) {
  const li = row(t('appFor', { name: item.title || '' }), [item.call_name, item.centre_name].filter(Boolean).join(' · '));
  if (!failed) {
    li.append(element('p', t('appWaiting')));
    return li;
  }
  const refusal = applicationRefusal(item);
  li.append(element('p', refusal.reason), ...refusal.errors.map((m) => element('p', m, { className: 'error' })));
  li.append(element('a', t('appCorrectThere'), { href: '/apply' }));
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
    .map((i) => (i.type === 'application' ? applicationRow(i, false)
      : row(i.title || i.quiz || i.lesson, i.needs_login ? t('reasonLogin') : when(i.created)))));
  fill(document.getElementById('failed-list'), mine(await outbox().failed())
    .map((i) => (i.type === 'application' ? applicationRow(i, true)
      : row(i.title || i.quiz || i.lesson, t(REASONS[i.reason] || 'reasonInvalid')))));
  fill(document.getElementById('sent-list'), mine(await outbox().sent())
    .sort((a, b) => (a.sent_at < b.sent_at ? 1 : -1))
    .map((i) => row(i.type === 'application' ? t('appFor', { name: i.title || '' }) : i.title || '',
      [i.receipt, i.score !== undefined ? `${i.score}/${i.max_score}` : ''].filter(Boolean).join(' · '))));
}

document.addEventListener('outbox-settled', render);
render();
