// The review screen: the scanned page beside the fields read on it. Keyboard first: Tab and
// Shift+Tab move between fields, Enter accepts a field, Ctrl+Enter approves and opens the next
// record, ? lists the shortcuts. Edits carry the record's version: if someone else changed the
// record meanwhile, the server answers 409 with the newer values, which are shown instead of
// being overwritten. The zoom and place on the page are kept (sessionStorage) for the next
// records of the batch; the focused field's box is centred and zoomed to a readable size. A
// record someone else holds, or one approved already, opens read-only.
"use strict";
(function () {
  const root = document.getElementById("review");
  if (!root) return;
  const id = root.dataset.record;
  const meta = JSON.parse(root.dataset.meta);
  const nextQuery = root.dataset.next ? "&" + root.dataset.next : "";
  const viewKey = "civreg.view.batch." + root.dataset.batch;
  let readOnly = root.dataset.readonly || "";
  const $ = (sel) => document.getElementById(sel);
  const img = $("page-img"), wordsLayer = $("words"), focusBox = $("focus-box"), sheet = $("sheet"), canvas = $("canvas");
  const list = $("field-list"), typeSelect = $("record-type"), statusLine = $("status"), conflictBox = $("conflict");

  let record = null;   // the record as last read from the server
  let page = 1, scale = 0, current = null;
  let viewReady = false; // the first page has loaded and the kept zoom is back
  const words = {};    // page number → {width, height, words}
  const placed = {};   // field key → {page, box}: where the reviewer found its value
  const readable = 26; // CSS pixels a field's box is zoomed to at least
  let userScale = 0;   // the zoom the reviewer chose (kept for the batch); 0: fit
  let drawing = false, lastWork = Date.now();

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
  const confWords = { "conf-none": "not read", "conf-set": "corrected", "conf-low": "check this", "conf-mid": "probably right", "conf-high": "read clearly" };
  function badgeText(f, cls) {
    if (cls === "conf-set") return "corrected by " + f.set_by;
    return confWords[cls] + (f && !f.set_by ? " (" + Math.round(100 * f.confidence) + "%)" : "");
  }

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
      label.append(civreg.el("span", {}, k.label + " "), civreg.el("span", { class: "badge" }, badgeText(f, cls)));
      const input = civreg.el("input", { id: "f-" + k.key, name: k.key, value: f ? f.value : "" });
      if (k.kind === "date") input.setAttribute("placeholder", "YYYY-MM-DD");
      if (k.kind === "district") input.setAttribute("list", "districts");
      input.dataset.original = f ? f.value : "";
      div.append(label, input);
      if (f && f.printed && f.printed !== f.value) div.append(civreg.el("small", { class: "printed" }, "printed: " + f.printed));
      if (f && f.suggested && f.suggested !== f.value) div.append(suggestion(f, input));
      if (yours && yours[k.key] !== undefined && yours[k.key] !== input.value) {
        div.append(civreg.el("small", { class: "yours" }, "your value was: " + yours[k.key]));
      }
      if (readOnly) input.readOnly = true;
      input.addEventListener("focus", () => { current = k.key; showBox(k.key); });
      input.addEventListener("input", () => marked(div, input, f, cls));
      list.append(div);
    }
    typeSelect.disabled = !!readOnly;
    if (!document.getElementById("districts")) {
      const dl = civreg.el("datalist", { id: "districts" });
      for (const d of meta.districts) dl.append(civreg.el("option", { value: d }));
      document.body.append(dl);
    }
  }

  // suggestion shows what a second reading or the name vocabulary offered for the value; "Use"
  // puts it in the field (not saved until the reviewer saves or approves).
  function suggestion(f, input) {
    const note = civreg.el("small", { class: "suggested" }, "suggested: " + f.suggested);
    if (readOnly) return note;
    const use = civreg.el("button", { type: "button", class: "quiet use-suggestion", "aria-label": "Use the suggested value " + f.suggested }, "Use");
    use.addEventListener("click", () => { input.value = f.suggested; input.dispatchEvent(new Event("input")); input.focus(); });
    note.append(" ", use);
    return note;
  }

  // marked shows a field as corrected as soon as its value differs from the one read.
  function marked(div, input, f, cls) {
    const changed = input.value !== input.dataset.original;
    div.classList.toggle("changed", changed);
    div.classList.toggle("conf-set", changed || cls === "conf-set");
    for (const c of ["conf-low", "conf-mid", "conf-high", "conf-none"]) div.classList.toggle(c, !changed && cls === c);
    div.querySelector(".badge").textContent = changed ? "corrected, not saved yet" : badgeText(f, cls);
  }

  // boxOf is where key's value is: the reviewer's word or box, else the one read.
  function boxOf(key) {
    if (placed[key]) return placed[key];
    const f = record.fields[key];
    if (!f || !f.box || f.box.length !== 4 || !f.page) return null;
    return { page: f.page, box: f.box };
  }

  async function showBox(key) {
    const at = boxOf(key);
    if (!at) { focusBox.hidden = true; return; }
    if (at.page !== page) await showPage(at.page);
    const w = words[at.page];
    // Until the first page has loaded and the kept zoom is put back, the box waits: the load
    // handler shows it (an image's size is known before its load event, and zooming to the
    // box then would lose the reviewer's zoom). A page still loading after a switch has no
    // size yet: its load handler shows the box too.
    if (!w || !viewReady || !img.naturalWidth) { focusBox.hidden = true; return; }
    place(focusBox, at.box, w);
    focusBox.hidden = false;
    // Zoom until the box is readable (never out: the reviewer's zoom stays the least), then
    // centre it in the viewer.
    const ratio = img.naturalWidth / w.width;
    const h = (at.box[3] - at.box[1]) * ratio;
    if (h * scale < readable) setScale(Math.min(4, readable / h));
    const k = sheet.clientWidth / w.width;
    // A box wider than the viewer (a phone) shows from its start.
    const wide = (at.box[2] - at.box[0]) * k > canvas.clientWidth - 16;
    canvas.scrollTo({
      left: Math.max(0, wide ? at.box[0] * k - 8 : ((at.box[0] + at.box[2]) / 2) * k - canvas.clientWidth / 2),
      top: Math.max(0, ((at.box[1] + at.box[3]) / 2) * k - canvas.clientHeight / 2),
    });
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
      const pct = Math.round(100 * (wd.conf || 0));
      const span = civreg.el("span", { class: "word " + (pct < 60 ? "wc-low" : pct < 85 ? "wc-mid" : "wc-high"), title: wd.text, "data-conf": pct + "%" });
      place(span, wd.box, w);
      span.addEventListener("mousedown", (e) => e.stopPropagation());
      span.addEventListener("click", (e) => {
        const input = current && document.getElementById("f-" + current);
        if (!input) { say("Click in a field first, then on a word of the page."); return; }
        if (readOnly) { say(readOnly, true); return; }
        const prev = placed[current];
        input.value = e.shiftKey && input.value ? input.value + " " + wd.text : wd.text;
        placed[current] = e.shiftKey && prev && prev.page === n ? { page: n, box: union(prev.box, wd.box) } : { page: n, box: wd.box.slice() };
        input.dispatchEvent(new Event("input"));
        input.focus();
        showBox(current);
      });
      wordsLayer.append(span);
    }
    if (current) showBox(current);
  }

  function union(a, b) {
    return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
  }

  function fitScale() { return Math.min(1, canvas.clientWidth / img.naturalWidth); }

  function setScale(sc) {
    // Keep the middle of what is shown in the middle.
    const cx = (canvas.scrollLeft + canvas.clientWidth / 2) / (sheet.clientWidth || 1);
    const cy = (canvas.scrollTop + canvas.clientHeight / 2) / (sheet.clientHeight || 1);
    scale = sc;
    sheet.style.width = img.naturalWidth * scale + "px";
    canvas.scrollLeft = cx * sheet.clientWidth - canvas.clientWidth / 2;
    canvas.scrollTop = cy * sheet.clientHeight - canvas.clientHeight / 2;
    sheet.style.setProperty("--zoom", scale);
    $("zoom-level").textContent = Math.round(100 * scale) + "%";
  }

  // zoom is the reviewer's: 0 fits the width, otherwise a factor; kept for the batch.
  function zoom(f) {
    if (!img.naturalWidth) return;
    userScale = f === 0 ? 0 : Math.max(0.1, Math.min(4, (scale || 1) * f));
    setScale(userScale || fitScale());
    keepView();
  }

  function keepView() {
    try {
      sessionStorage.setItem(viewKey, JSON.stringify({ scale: userScale, left: canvas.scrollLeft / (sheet.clientWidth || 1), top: canvas.scrollTop / (sheet.clientHeight || 1) }));
    } catch (e) { /* storage full or off: the view is simply not kept */ }
  }

  function keptView() {
    try { return JSON.parse(sessionStorage.getItem(viewKey) || "null"); } catch (e) { return null; }
  }

  img.addEventListener("load", () => {
    if (!viewReady) {
      viewReady = true;
      const kept = keptView();
      userScale = kept && kept.scale > 0 ? kept.scale : 0;
      setScale(userScale || fitScale());
      if (kept) { canvas.scrollLeft = kept.left * sheet.clientWidth; canvas.scrollTop = kept.top * sheet.clientHeight; }
    } else setScale(scale);
    if (current) showBox(current);
  });
  let keepTimer = 0;
  canvas.addEventListener("scroll", () => { clearTimeout(keepTimer); keepTimer = setTimeout(keepView, 200); });

  // Drag the page to move it.
  let drag = null, draw = null;
  const drawn = $("drawn-box");
  function sheetPoint(e) {
    const r = sheet.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }
  canvas.addEventListener("mousedown", (e) => {
    if (drawing) { e.preventDefault(); draw = { a: sheetPoint(e) }; return; }
    drag = { x: e.clientX, y: e.clientY, l: canvas.scrollLeft, t: canvas.scrollTop };
  });
  window.addEventListener("mousemove", (e) => {
    if (draw) {
      const b = sheetPoint(e), a = draw.a;
      Object.assign(drawn.style, { left: Math.min(a.x, b.x) + "px", top: Math.min(a.y, b.y) + "px", width: Math.abs(a.x - b.x) + "px", height: Math.abs(a.y - b.y) + "px" });
      drawn.hidden = false;
      draw.b = b;
      return;
    }
    if (!drag) return;
    canvas.scrollLeft = drag.l - (e.clientX - drag.x);
    canvas.scrollTop = drag.t - (e.clientY - drag.y);
  });
  window.addEventListener("mouseup", () => {
    drag = null;
    if (!draw) return;
    const d = draw;
    draw = null;
    drawn.hidden = true;
    if (d.b) boxDrawn(d.a, d.b);
  });

  function drawMode(on) {
    if (on && readOnly) { say(readOnly, true); return; }
    if (on && !current) { say("Go to the field first, then draw the box round its value.", true); return; }
    drawing = on;
    canvas.classList.toggle("drawing", on);
    $("draw-box").setAttribute("aria-pressed", String(on));
    if (on) say("Drag a box round the value of " + labelOf(current) + " on the page.");
  }

  function labelOf(key) {
    const k = meta.keys.find((m) => m.key === key);
    return k ? k.label : key;
  }

  // boxDrawn fills the focused field from the words OCR read inside the box (none: the field
  // is left empty for keying) and keeps the box as where its value is written.
  async function boxDrawn(a, b) {
    drawMode(false);
    const w = words[page], key = current, input = key && document.getElementById("f-" + key);
    if (!w || !input) return;
    const k = w.width / sheet.clientWidth;
    const box = [Math.max(0, Math.round(Math.min(a.x, b.x) * k)), Math.max(0, Math.round(Math.min(a.y, b.y) * k)),
      Math.min(w.width, Math.round(Math.max(a.x, b.x) * k)), Math.min(w.height, Math.round(Math.max(a.y, b.y) * k))];
    if (box[2] - box[0] < 3 || box[3] - box[1] < 3) { say("The box is too small: drag across the whole value.", true); input.focus(); return; }
    const { status, body } = await civreg.api("GET", "/api/v1/records/" + id + "/pages/" + page + "/box-words?box=" + box.join(","));
    if (status !== 200) { say(body.error || "The words in the box cannot be read (" + status + ").", true); input.focus(); return; }
    placed[key] = { page, box };
    input.value = body.text;
    input.dispatchEvent(new Event("input"));
    say(body.text ? labelOf(key) + " filled from the words in the box: check it." : "No word was read inside the box: type the value of " + labelOf(key) + ".");
    input.focus();
    showBox(key);
  }

  // boxesToSave: where each changed value is written, as the reviewer saw it outlined (the
  // word clicked, the box drawn, else the box it was read from), and boxes drawn for values
  // left as they were.
  function boxesToSave(fields) {
    const out = {};
    for (const [key, value] of Object.entries(fields)) {
      const at = value && boxOf(key);
      if (at) out[key] = { page: at.page, box: at.box.map(Math.round) };
    }
    for (const [key, at] of Object.entries(placed)) {
      if (!(key in fields) && record.fields[key]) out[key] = at;
    }
    return out;
  }

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

  // heldBy turns the screen read-only: another reviewer holds the record. An admin is offered
  // to take it over, whenever the claim is met (at load or at a renewal).
  function heldBy(claim) {
    claimed = false;
    setReadOnly(claim.by + " is reviewing this record (since " + new Date(claim.since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) +
      "): it is read-only to you until they finish or leave it.");
    if (root.dataset.mayTakeOver && !$("take-over")) {
      const b = civreg.el("button", { type: "button", id: "take-over", class: "quiet" }, "Take over from " + claim.by);
      b.addEventListener("click", takeOver);
      $("read-only").append(" ", b);
    }
  }

  // setReadOnly opens or closes the form; values typed and not saved stay on the screen
  // ("your value was"), so a claim taken meanwhile loses no one's work.
  function setReadOnly(why) {
    readOnly = why;
    const box = $("read-only");
    $("read-only-why").textContent = why;
    box.hidden = !why;
    for (const b of ["approve", "save", "reject", "skip"]) $(b).disabled = !!why && b !== "skip";
    if (!record) return;
    const yours = {};
    for (const input of list.querySelectorAll("input")) if (input.value !== input.dataset.original) yours[input.name] = input.value;
    renderFields(yours);
  }

  function conflict(body) {
    if (body.claim) { if (body.current) record = body.current; heldBy(body.claim); say(body.error, true); return; }
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
    const boxes = boxesToSave(fields);
    if (!Object.keys(fields).length && !typeChanged && !Object.keys(boxes).length) return true;
    const req = { version: record.version, fields };
    if (Object.keys(boxes).length) req.boxes = boxes;
    if (typeChanged) req.record_type = typeSelect.value;
    const { status, body } = await civreg.api("PATCH", "/api/v1/records/" + id, req);
    if (status === 200) {
      for (const k of Object.keys(placed)) delete placed[k];
      load(body);
      refreshHistory();
      if (current) showBox(current);
      say("Saved as version " + body.version + ".");
      return true;
    }
    if (status === 409 && body.current) { conflict(body); return false; }
    say(body.error || "Not saved (" + status + ").", true);
    return false;
  }

  async function approve() {
    if (readOnly) { say(readOnly + " Nothing was approved.", true); return; }
    if (!(await save())) return;
    const { status, body } = await civreg.api("POST", "/api/v1/records/" + id + "/approve", { version: record.version });
    if (status === 200) {
      say("Approved. Opening the next record…");
      window.location.href = "/review/next?after=" + id + nextQuery;
      return;
    }
    if (status === 409 && body.current) { conflict(body); return; }
    say(body.error || "Not approved (" + status + ").", true);
  }

  async function reject() {
    const reason = $("reject-reason").value.trim();
    if (readOnly) { say(readOnly + " Nothing was sent back.", true); return; }
    if (!reason) { say("Say what is wrong with the scan first.", true); $("reject-reason").focus(); return; }
    const { status, body } = await civreg.api("POST", "/api/v1/records/" + id + "/reject", { version: record.version, reason });
    if (status === 200) { window.location.href = "/review/next?after=" + id + nextQuery; return; }
    if (status === 409 && body.current) { conflict(body); return; }
    say(body.error || "Not sent back (" + status + ").", true);
  }

  async function skip() {
    const { status, body } = await civreg.api("POST", "/api/v1/records/" + id + "/skip");
    if (status === 200) { window.location.href = body.next + nextQuery; return; }
    say(body.error || "Not skipped (" + status + ").", true);
  }

  // claim takes or renews the lease on the record; held by someone else: read-only.
  async function claim() {
    if (readOnly) return;
    const { status, body } = await civreg.api("POST", "/api/v1/records/" + id + "/claim");
    claimed = status === 200;
    if (status === 409 && body.claim) heldBy(body.claim);
    else if (status !== 200) say(body.error || "The record cannot be claimed (" + status + ").", true);
  }
  // Leaving the screen (another record, the queue, a closed tab) releases the lease at once;
  // keepalive lets the request outlive the page.
  let claimed = false;
  window.addEventListener("pagehide", () => {
    if (!claimed) return;
    fetch("/api/v1/records/" + id + "/claim", { method: "DELETE", keepalive: true, credentials: "same-origin", headers: { "X-CSRF-Token": civreg.csrf() } }).catch(() => {});
  });
  // Renew the three-minute lease every 30 seconds while the reviewer holds the record and has
  // worked on it in the last ten minutes: a screen left open for longer, or closed without a
  // release (a crash, a lost connection), frees the record within three minutes. A background
  // tab's timers may run once a minute only; coming back to the tab renews at once.
  for (const ev of ["keydown", "mousedown", "input", "wheel"]) document.addEventListener(ev, () => { lastWork = Date.now(); });
  setInterval(() => { if (claimed && Date.now() - lastWork < 10 * 60000) claim(); }, 30000);
  document.addEventListener("visibilitychange", () => { if (claimed && !document.hidden) claim(); });

  // An admin takes over a record another reviewer left claimed.
  async function takeOver() {
    const { status, body } = await civreg.api("POST", "/api/v1/records/" + id + "/claim/take-over");
    if (status !== 200) { say(body.error || "Not taken over (" + status + ").", true); return; }
    $("take-over").remove();
    claimed = true;
    setReadOnly("");
    say("Taken over: you hold this record now.");
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
  $("skip").addEventListener("click", skip);
  $("draw-box").addEventListener("click", () => drawMode(!drawing));
  $("show-conf").addEventListener("click", toggleConf);
  if ($("take-over")) $("take-over").addEventListener("click", takeOver);
  if ($("reopen")) $("reopen").addEventListener("click", () => { $("reopen").remove(); setReadOnly(""); claim(); });
  function toggleConf() {
    const on = wordsLayer.classList.toggle("show-conf");
    $("show-conf").setAttribute("aria-pressed", String(on));
  }

  document.addEventListener("keydown", (e) => {
    const inField = e.target.matches("input, select, textarea");
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); approve(); return; }
    if (e.key === "F1" || (e.key === "?" && !inField)) { e.preventDefault(); $("shortcuts").showModal(); return; }
    if (e.altKey && e.key === "ArrowRight") { e.preventDefault(); showPage(page + 1); return; }
    if (e.altKey && e.key === "ArrowLeft") { e.preventDefault(); showPage(page - 1); return; }
    if (e.altKey && (e.key === "+" || e.key === "=")) { e.preventDefault(); zoom(1.25); return; }
    if (e.altKey && e.key === "-") { e.preventDefault(); zoom(0.8); return; }
    if (e.altKey && (e.key === "b" || e.key === "B")) { e.preventDefault(); drawMode(!drawing); return; }
    if (e.altKey && (e.key === "c" || e.key === "C")) { e.preventDefault(); toggleConf(); return; }
    if (e.altKey && (e.key === "s" || e.key === "S")) { e.preventDefault(); skip(); return; }
    if (e.key === "Escape" && drawing) { drawMode(false); return; }
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
    if (readOnly) setReadOnly(readOnly);
    else if (body.status !== "needs_review") say("This record is " + body.status + ": changing it sends it back to review.");
    await claim();
    await showPage(body.entry_page || 1); // an entry of a register page opens on its page
    const first = list.querySelector(".conf-low input, .conf-none input") || list.querySelector("input");
    if (first) first.focus();
  })();
})();
