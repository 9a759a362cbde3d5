// Print buttons on staff pages: hidden until this script runs, since print needs a script
// (the CSP forbids onclick). Without it, the browser's own Print menu gives the same page.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
