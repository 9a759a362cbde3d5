/* Quiz and lesson pages: answers go into the outbox first (durable on the phone), are graded
 * here as a hint, then sent; the server's grade and receipt replace the hint when they come. */
import { outbox, t } from './common.js';
import { currentLearner } from './me.js';

function gradeHint(form) {
  let score = 0;
  const questions = [...form.querySelectorAll('.question')];
  for (const q of questions) {
    const given = [...q.querySelectorAll('input:checked')].map((i) => i.value).sort().join(' ');
    const right = given === q.dataset.answer;
    score += right ? 1 : 0;
    const feedback = q.querySelector('.feedback');
    const answer = q.dataset.answer.split(' ')
      .map((id) => q.querySelector(`input[value="${CSS.escape(id)}"]`)?.parentElement.textContent.trim())
      .join('; ');
    feedback.textContent = `${right ? t('right') : t('wrong', { answer })} ${q.dataset.explanation}`;
    feedback.className = `feedback ${right ? 'right' : 'wrong'}`;
    feedback.hidden = false;
  }
  return { score, max: questions.length };
}

function answersOf(form) {
  const answers = {};
  for (const q of form.querySelectorAll('.question')) {
    const given = [...q.querySelectorAll('input:checked')].map((i) => i.value);
    if (!given.length) return null;
    answers[q.dataset.question] = q.dataset.type === 'multiple' ? given : given[0];
  }
  return answers;
}

function say(box, ...lines) {
  box.replaceChildren(...lines.map((text) => Object.assign(document.createElement('p'), { textContent: text })));
  box.hidden = false;
}

// Queue one item for the learner of this phone; null when nobody here can be credited.
async function queue(learner, item) {
  if (!learner?.token) return null;
  const id = crypto.randomUUID();
  await outbox().add({ ...item, id, token: learner.token, learner: learner.id });
  // Results now wait on the phone: ask the browser not to evict them under storage pressure.
  navigator.storage?.persist?.().catch(() => {});
  return id;
}

// Called synchronously from 'submit': decide after the await. Online with nobody signed in
// on this phone, send her to sign in and back (a page from the download cache may carry a
// form token of another session, so a plain form POST could not be trusted to work).
function intercept(form, handler) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    currentLearner().catch(() => null).then((learner) => {
      if (!learner?.token && navigator.onLine) {
        window.location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
        return;
      }
      handler(learner);
    });
  });
}

// app.js sends it (after any flush already running) and says 'outbox-settled' when the page
// or the worker has sent something; then show the server's grade and receipt.
async function reportWhenSent(id, box) {
  const check = async () => {
    const sent = (await outbox().sent()).find((r) => r.id === id);
    if (!sent) return;
    document.removeEventListener('outbox-settled', check);
    const extra = sent.score !== undefined ? [t('score', { score: sent.score, max: sent.max_score })] : [];
    say(box, ...extra, t('sent', { receipt: sent.receipt }));
  };
  document.addEventListener('outbox-settled', check);
  document.dispatchEvent(new CustomEvent('outbox-queued', { detail: { id } }));
}

function onQuiz(form) {
  const box = document.getElementById('quiz-result');
  intercept(form, async (learner) => {
    const answers = answersOf(form);
    if (!answers) { say(box, t('answerAll')); return; }
    const hint = gradeHint(form);
    const pass = hint.score >= Number(form.dataset.pass) * hint.max;
    const lines = [t('score', { score: hint.score, max: hint.max }), pass ? t('passed') : t('notPassed'), t('hint')];
    const item = { type: 'quiz_attempt', quiz: form.dataset.quiz, title: form.dataset.title,
      content_version: form.dataset.version, answers, answered_at: new Date().toISOString() };
    const id = await queue(learner, item);
    if (!id) { say(box, t('needLogin')); return; }
    form.querySelector('button[type=submit]').disabled = true;
    say(box, ...lines, t('savedOffline'));
    await reportWhenSent(id, box);
  });
}

function onDone(form) {
  intercept(form, async (learner) => {
    const box = Object.assign(document.createElement('div'), { className: 'result', role: 'status' });
    form.after(box);
    const item = { type: 'lesson_completed', lesson: form.dataset.lesson, title: document.title,
      content_version: form.dataset.version, completed_at: new Date().toISOString() };
    const id = await queue(learner, item);
    if (!id) { say(box, t('needLogin')); return; }
    form.querySelector('button').disabled = true;
    say(box, t('lessonSaved'), t('savedOffline'));
    document.dispatchEvent(new CustomEvent('outbox-queued', { detail: { id } }));
  });
}

const quizForm = document.getElementById('quiz-form');
if (quizForm) onQuiz(quizForm);
const doneForm = document.getElementById('done-form');
if (doneForm) onDone(doneForm);
