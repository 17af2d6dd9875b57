// The review screen: the scanned page beside the fields read on it. Keyboard first: Tab and
// Shift+Tab move between fields, Enter accepts a field, Ctrl+Enter approves and opens the next
// record, ? lists the shortcuts. Edits carry the record's version: if someone else changed the
// record meanwhile, the server answers 409 with the newer values, which are shown instead of
// being overwritten.
"use strict";
(function () {
  const root = document.getElementById("review");
  if (!root) return;
  const id = root.dataset.record;
  const meta = JSON.parse(root.dataset.meta);
  const $ = (sel) => document.getElementById(sel);
  const img = $("page-img"), wordsLayer = $("words"), focusBox = $("focus-box"), sheet = $("sheet"), canvas = $("canvas");
  const list = $("field-list"), typeSelect = $("record-type"), statusLine = $("status"), conflictBox = $("conflict");

  let record = null;   // the record as last read from the server
  let page = 1, scale = 0, current = null;
  const words = {};    // page number → {width, height, words}

  function say(msg, bad) {
    statusLine.textContent = msg;
    statusLine.className = "status-line" + (bad ? " error" : "");
  }

  function confClass(f) {
    if (!f) return "conf-none";
    if (f.set_by) return "conf-set";
    if (f.needs_review || f.confidence < 0.6) return "conf-low";
    if (f.confidence < 0.85) return "conf-mid";
    return "conf-high";
  }
  const confWords = { "conf-none": "not read", "conf-set": "set by a reviewer", "conf-low": "check this", "conf-mid": "probably right", "conf-high": "read clearly" };

  function keysOf(type) {
    return meta.keys.filter((k) => k.type === type);
  }

  function renderFields(yours) {
    list.textContent = "";
    const type = typeSelect.value;
    for (const k of keysOf(type)) {
      const f = record.fields[k.key];
      const cls = confClass(f);
      const div = civreg.el("div", { class: "field " + cls, "data-key": k.key });
      const label = civreg.el("label", { for: "f-" + k.key });
      label.append(civreg.el("span", {}, k.label + " "), civreg.el("span", { class: "badge" }, confWords[cls] + (f && !f.set_by ? " (" + Math.round(100 * f.confidence) + "%)" : "")));
      const input = civreg.el("input", { id: "f-" + k.key, name: k.key, value: f ? f.value : "" });
      if (k.kind === "date") input.setAttribute("placeholder", "YYYY-MM-DD");
      if (k.kind === "district") input.setAttribute("list", "districts");
      input.dataset.original = f ? f.value : "";
      div.append(label, input);
      if (f && f.printed && f.printed !== f.value) div.append(civreg.el("small", { class: "printed" }, "printed: " + f.printed));
      if (yours && yours[k.key] !== undefined && yours[k.key] !== input.value) {
        div.append(civreg.el("small", { class: "yours" }, "your value was: " + yours[k.key]));
      }
      input.addEventListener("focus", () => { current = k.key; showBox(k.key); });
      input.addEventListener("input", () => div.classList.toggle("changed", input.value !== input.dataset.original));
      list.append(div);
    }
    if (!document.getElementById("districts")) {
      const dl = civreg.el("datalist", { id: "districts" });
      for (const d of meta.districts) dl.append(civreg.el("option", { value: d }));
      document.body.append(dl);
    }
  }

  function showBox(key) {
    const f = record.fields[key];
    if (!f || !f.box || f.box.length !== 4 || !f.page) { focusBox.hidden = true; return; }
    if (f.page !== page) showPage(f.page);
    const w = words[f.page];
    if (!w) { focusBox.hidden = true; return; }
    place(focusBox, f.box, w);
    focusBox.hidden = false;
    // Bring the box into view inside the page viewer.
    const top = (f.box[1] / w.height) * sheet.clientHeight - canvas.clientHeight / 3;
    const left = (f.box[0] / w.width) * sheet.clientWidth - canvas.clientWidth / 4;
    canvas.scrollTo({ top: Math.max(0, top), left: Math.max(0, left) });
  }

  function place(el, box, w) {
    el.style.left = (100 * box[0]) / w.width + "%";
    el.style.top = (100 * box[1]) / w.height + "%";
    el.style.width = (100 * (box[2] - box[0])) / w.width + "%";
    el.style.height = (100 * (box[3] - box[1])) / w.height + "%";
  }

  async function showPage(n) {
    const pages = record.pages || [];
    if (n < 1 || n > pages.length) return;
    page = n;
    $("page-no").textContent = "Page " + n + " of " + pages.length;
    img.src = "/api/v1/records/" + id + "/pages/" + n + "/image";
    wordsLayer.textContent = "";
    focusBox.hidden = true;
    if (!words[n]) {
      const { status, body } = await civreg.api("GET", "/api/v1/records/" + id + "/pages/" + n + "/words");
      words[n] = status === 200 ? body : { width: 1, height: 1, words: [] };
    }
    const w = words[n];
    for (const wd of w.words || []) {
      const span = civreg.el("span", { class: "word", title: wd.text });
      place(span, wd.box, w);
      span.addEventListener("mousedown", (e) => e.stopPropagation());
      span.addEventListener("click", (e) => {
        const input = current && document.getElementById("f-" + current);
        if (!input) { say("Click in a field first, then on a word of the page."); return; }
        input.value = e.shiftKey && input.value ? input.value + " " + wd.text : wd.text;
        input.dispatchEvent(new Event("input"));
        input.focus();
      });
      wordsLayer.append(span);
    }
    if (current) showBox(current);
  }

  function zoom(f) {
    if (!img.naturalWidth) return;
    if (f === 0) scale = Math.min(1, canvas.clientWidth / img.naturalWidth);
    else scale = Math.max(0.1, Math.min(4, (scale || 1) * f));
    sheet.style.width = img.naturalWidth * scale + "px";
  }
  img.addEventListener("load", () => { if (!scale) zoom(0); else zoom(1); });

  // Drag the page to move it.
  let drag = null;
  canvas.addEventListener("mousedown", (e) => { drag = { x: e.clientX, y: e.clientY, l: canvas.scrollLeft, t: canvas.scrollTop }; });
  window.addEventListener("mousemove", (e) => {
    if (!drag) return;
    canvas.scrollLeft = drag.l - (e.clientX - drag.x);
    canvas.scrollTop = drag.t - (e.clientY - drag.y);
  });
  window.addEventListener("mouseup", () => { drag = null; });

  function changes() {
    const out = {};
    for (const input of list.querySelectorAll("input")) {
      if (input.value !== input.dataset.original) out[input.name] = input.value.trim();
    }
    return out;
  }

  function load(rec, yours) {
    record = rec;
    typeSelect.value = rec.record_type;
    $("version").textContent = "version " + rec.version + ", " + rec.status;
    renderFields(yours);
  }

  function conflict(body) {
    const yours = {};
    for (const input of list.querySelectorAll("input")) yours[input.name] = input.value;
    conflictBox.hidden = false;
    conflictBox.textContent = "Someone else changed this record while you were working on it: it is now at version " +
      body.current.version + ". Their values are in the form now; where yours differed it says so under the field. Check them, then approve again.";
    load(body.current, yours);
    say(body.error || "Changed by someone else.", true);
  }

  async function save() {
    const fields = changes();
    const typeChanged = typeSelect.value !== record.record_type;
    if (!Object.keys(fields).length && !typeChanged) return true;
    const req = { version: record.version, fields };
    if (typeChanged) req.record_type = typeSelect.value;
    const { status, body } = await civreg.api("PATCH", "/api/v1/records/" + id, req);
    if (status === 200) {
      load(body);
      refreshHistory();
      say("Saved as version " + body.version + ".");
      return true;
    }
    if (status === 409 && body.current) { conflict(body); return false; }
    say(body.error || "Not saved (" + status + ").", true);
    return false;
  }

  async function approve() {
    if (!(await save())) return;
    const { status, body } = await civreg.api("POST", "/api/v1/records/" + id + "/approve", { version: record.version });
    if (status === 200) {
      say("Approved. Opening the next record…");
      window.location.href = "/review/next?after=" + id;
      return;
    }
    if (status === 409 && body.current) { conflict(body); return; }
    say(body.error || "Not approved (" + status + ").", true);
  }

  async function reject() {
    const reason = $("reject-reason").value.trim();
    if (!reason) { say("Say what is wrong with the scan first.", true); $("reject-reason").focus(); return; }
    const { status, body } = await civreg.api("POST", "/api/v1/records/" + id + "/reject", { version: record.version, reason });
    if (status === 200) { window.location.href = "/review/next?after=" + id; return; }
    if (status === 409 && body.current) { conflict(body); return; }
    say(body.error || "Not sent back (" + status + ").", true);
  }

  async function refreshHistory() {
    const { status, body } = await civreg.api("GET", "/api/v1/records/" + id + "/history");
    if (status !== 200) return;
    const tbody = document.querySelector("#history tbody");
    tbody.textContent = "";
    for (const c of body.changes || []) {
      const tr = civreg.el("tr");
      const label = meta.keys.find((k) => k.key === c.key);
      for (const v of [c.version, label ? label.label : c.key, c.old == null ? "—" : c.old, c.new == null ? "—" : c.new, c.by || "read by OCR", new Date(c.at).toLocaleString()]) {
        tr.append(civreg.el("td", {}, String(v)));
      }
      tbody.append(tr);
    }
  }

  typeSelect.addEventListener("change", () => renderFields());
  $("approve").addEventListener("click", approve);
  $("save").addEventListener("click", save);
  $("reject").addEventListener("click", reject);
  $("prev-page").addEventListener("click", () => showPage(page - 1));
  $("next-page").addEventListener("click", () => showPage(page + 1));
  $("zoom-in").addEventListener("click", () => zoom(1.25));
  $("zoom-out").addEventListener("click", () => zoom(0.8));
  $("zoom-fit").addEventListener("click", () => zoom(0));
  $("help").addEventListener("click", () => $("shortcuts").showModal());

  document.addEventListener("keydown", (e) => {
    const inField = e.target.matches("input, select, textarea");
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); approve(); return; }
    if (e.key === "F1" || (e.key === "?" && !inField)) { e.preventDefault(); $("shortcuts").showModal(); return; }
    if (e.altKey && e.key === "ArrowRight") { e.preventDefault(); showPage(page + 1); return; }
    if (e.altKey && e.key === "ArrowLeft") { e.preventDefault(); showPage(page - 1); return; }
    if (e.altKey && (e.key === "+" || e.key === "=")) { e.preventDefault(); zoom(1.25); return; }
    if (e.altKey && e.key === "-") { e.preventDefault(); zoom(0.8); return; }
    if (e.key === "Enter" && e.target.matches("#field-list input")) {
      // Accept this field and go to the next one.
      e.preventDefault();
      const div = e.target.closest(".field");
      div.classList.add("accepted");
      const inputs = Array.from(list.querySelectorAll("input"));
      const next = inputs[inputs.indexOf(e.target) + 1];
      (next || $("approve")).focus();
    }
  });
  $("field-form").addEventListener("submit", (e) => e.preventDefault());

  (async function start() {
    const { status, body } = await civreg.api("GET", "/api/v1/records/" + id);
    if (status !== 200) { say(body.error || "This record cannot be opened (" + status + ").", true); return; }
    load(body);
    if (body.error) say(body.error, true);
    if (body.status !== "needs_review") say("This record is " + body.status + ": changing it sends it back to review.");
    await showPage(body.entry_page || 1); // an entry of a register page opens on its page
    const first = list.querySelector(".conf-low input, .conf-none input") || list.querySelector("input");
    if (first) first.focus();
  })();
})();
