// The keying screen: a register entry typed field by field from the keyboard alone. Enter
// goes to the next field and, on the last, sends the entry; Ctrl+I, or "?" alone, marks a
// field illegible. The keys pressed and the seconds spent in each field go with the values.
// Each field's cell, and the entry's band above, are drawn enlarged from the one page image
// the server lets this person see (redacted for roles that need it), loaded once.
"use strict";
(function () {
  const root = document.querySelector(".keying[data-record]");
  if (!root) return;

  function box(text) {
    const b = (text || "").split(" ").map(Number);
    return b.length === 4 && b.every((n) => !isNaN(n)) ? b : null;
  }

  // draw paints part b of the page image into canvas c, w CSS pixels wide and h high at most.
  function draw(c, img, b, w, h) {
    const m = 6;
    const x0 = Math.max(0, b[0] - m), y0 = Math.max(0, b[1] - m);
    const x1 = Math.min(img.naturalWidth, b[2] + m), y1 = Math.min(img.naturalHeight, b[3] + m);
    if (x1 <= x0 || y1 <= y0) return;
    const scale = Math.min(w / (x1 - x0), h / (y1 - y0), 4);
    c.width = Math.round((x1 - x0) * scale);
    c.height = Math.round((y1 - y0) * scale);
    c.getContext("2d").drawImage(img, x0, y0, x1 - x0, y1 - y0, 0, 0, c.width, c.height);
  }

  // The arbitration screen draws its cells with the same code.
  const img = document.getElementById("key-source");
  function drawAll() {
    const whole = [0, 0, img.naturalWidth, img.naturalHeight];
    const band = box(root.dataset.region) || whole;
    const bandCanvas = document.getElementById("key-band");
    if (bandCanvas) draw(bandCanvas, img, band, bandCanvas.parentElement.clientWidth, 320);
    for (const c of root.querySelectorAll("canvas.key-cell")) {
      // A field whose cell is not known shows the entry's band in its place.
      draw(c, img, (c.dataset.page === root.dataset.page && box(c.dataset.box)) || band, 560, 140);
    }
  }
  if (img) {
    img.addEventListener("load", drawAll);
    img.addEventListener("error", () => { document.getElementById("key-image-note").hidden = false; });
    if (img.complete && img.naturalWidth) drawAll();
  }

  const form = document.getElementById("key-form");
  if (!form) return;
  const id = root.dataset.record;
  const inputs = Array.from(form.querySelectorAll("input"));
  const status = document.getElementById("key-status");
  const metrics = new Map(inputs.map((i) => [i, { keys: 0, ms: 0, since: 0, illegible: false }]));
  let sending = false;

  function setIllegible(input, on) {
    const m = metrics.get(input);
    m.illegible = on;
    input.closest(".key-field").classList.toggle("illegible", on);
    if (on) input.value = "";
    input.setAttribute("aria-description", on ? "marked illegible" : "");
  }

  function next(input) {
    const i = inputs.indexOf(input);
    if (i + 1 < inputs.length) inputs[i + 1].focus();
    else send();
  }

  for (const input of inputs) {
    const m = metrics.get(input);
    input.addEventListener("focus", () => { m.since = performance.now(); });
    input.addEventListener("blur", () => { if (m.since) m.ms += performance.now() - m.since; m.since = 0; });
    input.addEventListener("keydown", (ev) => {
      if (["Shift", "Control", "Alt", "Meta", "CapsLock"].includes(ev.key)) return;
      m.keys++;
      if (ev.key === "Enter") {
        ev.preventDefault();
        if (input.value.trim() === "?") setIllegible(input, true);
        next(input);
      } else if (ev.ctrlKey && (ev.key === "i" || ev.key === "I")) {
        ev.preventDefault();
        setIllegible(input, true);
        next(input);
      }
    });
    input.addEventListener("input", () => {
      if (m.illegible && input.value !== "") setIllegible(input, false);
      document.getElementById("e-" + input.name).textContent = "";
    });
  }

  async function send() {
    if (sending) return;
    sending = true;
    const fields = inputs.map((input) => {
      const m = metrics.get(input);
      const ms = m.ms + (m.since ? performance.now() - m.since : 0);
      return { key: input.name, value: m.illegible ? "" : input.value, illegible: m.illegible, keystrokes: m.keys, seconds: Math.round(ms) / 1000 };
    });
    status.textContent = "Sending…";
    const { status: code, body } = await civreg.api("POST", "/api/v1/records/" + id + "/keying", { version: Number(root.dataset.version), fields });
    sending = false;
    if (code === 200) {
      const disputed = (body.disputed || []).length;
      status.textContent = "Keyed." + (disputed ? " " + disputed + " fields differ from the other keying and go to arbitration." : "") + " Opening the next entry…";
      root.dataset.done = "true";
      window.location.assign("/keying/next");
      return;
    }
    status.textContent = body.error || "The keying was not sent; try again.";
    status.className = "status-line error";
    let first = null;
    for (const [key, msg] of Object.entries(body.fields || {})) {
      const e = document.getElementById("e-" + key);
      if (e) e.textContent = msg;
      first = first || document.getElementById("k-" + key);
    }
    if (first) { first.focus(); first.select(); }
  }

  inputs[0] && inputs[0].focus();
})();
