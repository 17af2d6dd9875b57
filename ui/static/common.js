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
  el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  },
};
