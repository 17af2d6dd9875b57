// The arbitration screen: for each field two keyings disagree on, 1 picks the first keying's
// value, 2 the second's, 3 OCR's, and the next field comes up; Enter stores the picks.
"use strict";
(function () {
  const root = document.getElementById("arbitrate");
  const form = document.getElementById("arbitrate-form");
  if (!root || !form) return;
  const sets = Array.from(form.querySelectorAll("fieldset.dispute"));
  const status = document.getElementById("key-status");
  let current = 0;
  const choices = { "1": "first", "2": "second", "3": "ocr" };

  function focusSet(i) {
    current = i;
    sets.forEach((s, j) => s.classList.toggle("current", j === i));
    if (sets[i]) sets[i].focus();
    else document.getElementById("arbitrate-send").focus();
  }

  document.addEventListener("keydown", (ev) => {
    const pick = choices[ev.key];
    if (!pick || ev.ctrlKey || ev.altKey || ev.metaKey || !sets[current]) return;
    const radio = sets[current].querySelector('input[value="' + pick + '"]');
    if (!radio) return;
    ev.preventDefault();
    radio.checked = true;
    focusSet(current + 1);
  });
  for (const [i, s] of sets.entries()) s.addEventListener("focusin", () => { current = i; });

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const picks = {};
    for (const s of sets) {
      const c = s.querySelector("input:checked");
      if (!c) { status.textContent = "Pick a value for the " + s.querySelector("legend").textContent.toLowerCase() + "."; focusSet(sets.indexOf(s)); return; }
      picks[s.dataset.key] = c.value;
    }
    status.textContent = "Storing…";
    const { status: code, body } = await civreg.api("POST", "/api/v1/records/" + root.dataset.record + "/arbitration", { version: Number(root.dataset.version), picks });
    if (code === 200) {
      status.textContent = "Stored. Opening the next entry to arbitrate…";
      root.dataset.done = "true";
      window.location.assign("/keying/next?list=arbitrate");
      return;
    }
    status.textContent = body.error || "The picks were not stored; try again.";
    status.className = "status-line error";
  });
  focusSet(0);
  root.dataset.ready = "true";
})();
