// Highlights a register entry's band on its page image and dims the rest of the page: the
// server puts the band (data-region, upright page image pixels) beside the image; the band
// is shown only while the image shows the entry's page (data-page).
(function () {
  "use strict";
  for (const band of document.querySelectorAll(".entry-band[data-region]")) {
    const img = band.parentElement.querySelector("img");
    const r = band.dataset.region.split(" ").map(Number);
    if (!img || r.length !== 4) continue;
    const place = () => {
      const m = /\/pages\/(\d+)\/image/.exec(img.getAttribute("src") || "");
      const onPage = m && m[1] === band.dataset.page;
      if (!onPage || !img.naturalWidth) { band.hidden = true; return; }
      band.style.left = (100 * r[0]) / img.naturalWidth + "%";
      band.style.top = (100 * r[1]) / img.naturalHeight + "%";
      band.style.width = (100 * (r[2] - r[0])) / img.naturalWidth + "%";
      band.style.height = (100 * (r[3] - r[1])) / img.naturalHeight + "%";
      band.hidden = false;
    };
    img.addEventListener("load", place);
    img.addEventListener("error", () => { band.hidden = true; });
    if (img.complete) place();
  }
})();
