// Shared by the pages' scripts: the session's CSRF token and a small JSON fetch.
"use strict";
window.civreg = {
  csrf() {
    const m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.content : "";
  },
  // api returns {status, body}; body is the parsed JSON answer (or {} when there is none).
  async api(method, url, body) {
    const opts = { method, headers: { "X-CSRF-Token": this.csrf() }, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    let resp;
    try {
      resp = await fetch(url, opts);
    } catch (e) {
      return { status: 0, body: { error: "The registry cannot be reached: check the network and try again." } };
    }
    let data = {};
    try { data = await resp.json(); } catch (e) { /* not JSON */ }
    return { status: resp.status, body: data };
  },
  // when writes a time as the pages do (ui/templates.go "date"): 2 Jan 2006 15:04.
  when(iso) {
    const d = new Date(iso);
    if (isNaN(d)) return "";
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const two = (n) => String(n).padStart(2, "0");
    return d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear() + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  },
  // badge draws a status badge as ui/badge.go does, from an API answer's badge.
  badge(status, b) {
    const span = this.el("span", { class: "badge badge-" + (b ? b.tone : "unknown"), "data-status": status });
    span.append(this.el("span", { class: "badge-icon", "aria-hidden": "true" }, b ? b.icon : "?"), " " + (b ? b.word : status));
    return span;
  },
  el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  },
};
