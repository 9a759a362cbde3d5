/* Lesson illustrations are optional: the page carries their address in data-src (a src would be
 * fetched while the page is parsed), and they load here unless "modo ahorro" is on. */
import { saverOn } from './common.js';

const pictures = document.querySelectorAll('img[data-src]');
if (pictures.length && !(await saverOn())) {
  for (const img of pictures) {
    img.src = img.dataset.src;
    img.hidden = false;
  }
}
