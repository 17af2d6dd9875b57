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

  const tbody = document.querySelector("#records tbody");
  async function refresh() {
    const { status, body } = await civreg.api("GET", "/api/v1/batches/" + batch);
    if (status !== 200) return;
    for (const [k, v] of Object.entries(body.counts || {})) {
      const dd = section.querySelector('[data-count="' + k + '"]');
      if (dd && dd.textContent !== String(v)) dd.textContent = v;
    }
    for (const r of body.records || []) {
      let tr = tbody.querySelector('tr[data-record="' + r.id + '"]');
      if (!tr) {
        const empty = tbody.querySelector("tr.empty");
        if (empty) empty.remove();
        tr = civreg.el("tr", { "data-record": r.id });
        const place = r.page_of ? " (entry " + r.entry + " on the page of " + r.page_of + ")" : "";
        tr.append(civreg.el("td", {}, r.id + place), civreg.el("td"), civreg.el("td"));
        tbody.append(tr);
      }
      tr.children[1].textContent = r.status;
      tr.children[1].className = "status status-" + r.status;
      tr.children[2].textContent = r.error || "";
    }
  }
  setInterval(refresh, 2000);
})();
