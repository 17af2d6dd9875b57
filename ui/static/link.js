// The pair page: one key per decision (S same person, D different people, R duplicate
// registration, U undo), unless the reviewer is typing somewhere.
"use strict";
(() => {
  const form = document.getElementById("link-decide");
  if (!form) return;
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) return;
    const b = form.querySelector(`button[data-key="${e.key.toLowerCase()}"]`);
    if (b) {
      e.preventDefault();
      b.click();
    }
  });
})();
