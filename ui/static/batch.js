// The batch page: uploads with a progress bar and a result for each file, and counts and
// record statuses that update by themselves.
"use strict";
(function () {
  const section = document.getElementById("batch");
  if (!section) return;
  const batch = section.dataset.batch;
  const list = document.getElementById("uploads");
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");

  function upload(file) {
    const li = civreg.el("li");
    const name = civreg.el("span", { class: "file" }, file.name);
    const bar = civreg.el("progress", { max: "100", value: "0", "aria-label": "Upload of " + file.name });
    const result = civreg.el("span", { class: "result" }, "waiting…");
    li.append(name, bar, result);
    list.append(li);
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/batches/" + batch + "/scans");
      xhr.setRequestHeader("X-CSRF-Token", civreg.csrf());
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
        result.textContent = "uploading…";
      };
      xhr.onload = () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        bar.value = 100;
        if (xhr.status === 201 && body.scans && body.scans.length) {
          const s = body.scans[0];
          li.className = s.duplicate ? "dup" : "ok";
          result.textContent = s.duplicate
            ? "duplicate: already in the registry as record " + s.record_id
            : "stored as record " + s.record_id;
        } else {
          li.className = "bad";
          result.textContent = "refused: " + (body.error || "the server answered " + xhr.status);
        }
        resolve();
      };
      xhr.onerror = () => {
        li.className = "bad";
        result.textContent = "not sent: the registry could not be reached; try again";
        resolve();
      };
      // The file as the whole body, not a form: the server then knows its size and stores it
      // in MinIO as it arrives. The name goes in filename* (RFC 8187), encoded so that any
      // character survives the header.
      const encoded = encodeURIComponent(file.name).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("Content-Disposition", "attachment; filename*=UTF-8''" + encoded);
      xhr.send(file);
    });
  }

  async function uploadAll(files) {
    // Two at a time: steady progress without swamping the office line.
    const queue = Array.from(files);
    const worker = async () => { while (queue.length) await upload(queue.shift()); };
    await Promise.all([worker(), worker()]);
    refresh();
  }

  if (input) input.addEventListener("change", () => { uploadAll(input.files); input.value = ""; });
  if (drop) {
    ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); }));
    ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.remove("over"); }));
    drop.addEventListener("drop", (e) => uploadAll(e.dataTransfer.files));
  }

  // Everything below the upload box updates by itself, whoever uploads: the counts and the
  // records' statuses every poll, and the file tables when the counts of files change (so a
  // batch of thousands of files is not sent again every two seconds).
  const tbody = document.querySelector("#records tbody");
  let files = section.dataset.files;
  async function refresh() {
    const { status, body } = await civreg.api("GET", "/api/v1/batches/" + batch);
    if (status !== 200) return;
    const c = body.counts || {};
    for (const [k, v] of Object.entries(c)) {
      const dd = section.querySelector('[data-count="' + k + '"]');
      if (dd && dd.textContent !== String(v)) dd.textContent = v;
    }
    for (const r of body.records || []) showRecord(r);
    const now = c.uploaded + "/" + c.duplicates + "/" + c.refused;
    if (now !== files && await refreshFiles()) files = now;
  }

  function showRecord(r) {
    let tr = tbody.querySelector('tr[data-record="' + r.id + '"]');
    if (!tr) {
      const empty = tbody.querySelector("tr.empty");
      if (empty) empty.remove();
      tr = civreg.el("tr", { "data-record": r.id });
      const place = r.page_of ? " (entry " + r.entry + " on the page of " + r.page_of + ")" : "";
      tr.append(civreg.el("td", {}, r.id + place), civreg.el("td", { class: "status" }), civreg.el("td"));
      tbody.append(tr);
    }
    const cell = tr.children[1];
    const shown = cell.querySelector(".badge");
    if (!shown || shown.dataset.status !== r.status) cell.replaceChildren(civreg.badge(r.status, r.badge));
    tr.children[2].textContent = r.error || "";
  }

  async function refreshFiles() {
    const { status, body } = await civreg.api("GET", "/api/v1/batches/" + batch + "/uploads");
    if (status !== 200) return false;
    const ups = body.uploads || [];
    const rows = ups.map((u) => row(u.file, u.duplicate ? "duplicate: these bytes were already uploaded, stored once" : "new", u.at));
    if (!rows.length) rows.push(emptyRow("None yet."));
    document.querySelector("#uploaded-files tbody").replaceChildren(...rows);
    const refused = body.refused || [];
    document.querySelector("#refused-files tbody").replaceChildren(...refused.map((f) => row(f.file, f.reason, f.at)));
    document.getElementById("refused-part").hidden = refused.length === 0;
    return true;
  }

  function row(...cells) {
    const tr = civreg.el("tr");
    cells[2] = civreg.when(cells[2]);
    for (const c of cells) tr.append(civreg.el("td", {}, c));
    return tr;
  }
  function emptyRow(text) {
    const tr = civreg.el("tr", { class: "empty" });
    tr.append(civreg.el("td", { colspan: "3" }, text));
    return tr;
  }
  setInterval(refresh, 2000);
})();
