/* "Escuchar la lección": the phone's own speech synthesis with a Spanish voice, so it works
 * offline where the phone has one. Without a Spanish voice the button stays hidden and a note
 * says why and how to add one. With "modo ahorro" on it is off (a voice may come over the
 * network), and a note says so. */
import { saverOn } from './common.js';

const button = document.getElementById('read-aloud');
const note = document.getElementById('read-aloud-note');
const article = document.getElementById('lesson-text');

function spanishVoice() {
  const voices = window.speechSynthesis?.getVoices() ?? [];
  const spanish = voices.filter((v) => v.lang?.toLowerCase().startsWith('es'));
  // Prefer a voice on the phone (works offline), then Latin American Spanish.
  return spanish.find((v) => v.localService && /es-(bo|419|us|mx|pe|ar)/i.test(v.lang))
    ?? spanish.find((v) => v.localService) ?? spanish[0] ?? null;
}

function lessonText() {
  const parts = [...article.querySelectorAll('h1, h2, p, li, blockquote p')]
    .filter((el) => !el.closest('.meta') && el.id !== 'read-aloud-note' && !el.classList.contains('meta'));
  return parts.map((el) => el.textContent.trim()).filter(Boolean).join('\n');
}

function setUp() {
  const voice = spanishVoice();
  if (!voice) {
    button.hidden = true;
    note.textContent = button.dataset.noVoice;
    if (!('speechSynthesis' in window)) note.hidden = false;
    return false;
  }
  note.hidden = true;
  button.hidden = false;
  const listen = button.textContent;
  button.addEventListener('click', () => {
    if (window.speechSynthesis.speaking) {
      window.speechSynthesis.cancel();
      button.textContent = listen;
      return;
    }
    const utterance = new SpeechSynthesisUtterance(lessonText());
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;  // a little slower: many learners follow the text with their eyes
    utterance.addEventListener('end', () => { button.textContent = listen; });
    button.textContent = button.dataset.stop;
    window.speechSynthesis.speak(utterance);
  });
  return true;
}

if (button && article && await saverOn()) {
  note.textContent = button.dataset.saver;
  note.hidden = false;
} else if (button && article) {
  // Voices load asynchronously in Chromium: try now, and again when the list arrives.
  if (!setUp() && 'speechSynthesis' in window) {
    window.speechSynthesis.addEventListener('voiceschanged', () => setUp(), { once: true });
    setTimeout(() => { if (button.hidden) note.hidden = false; }, 1500);
  }
}
