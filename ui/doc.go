// Package ui is the registry's HTTP side: the JSON API of docs/api.md, the web pages, sign-in
// and sessions, and the admin's queue dashboard.
//
// Every route is registered in Server.routes (server.go), with the roles allowed to use it
// next to it. Each action has its own file: record_approve.go answers POST
// /api/v1/records/{id}/approve, batch_page.go draws GET /batches/{id}. A handler returns an
// error instead of writing one; api and page (auth.go) turn it into a JSON answer or an error
// page through statusOf (errors.go) and log it once there. Each page has a typed view struct
// beside its handler and the template templates/NAME.html, found by that name.
package ui
