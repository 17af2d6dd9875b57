package ui

import (
	"html/template"

	"civreg"
)

// statusBadge is the one way a page shows a record's status ({{badge .Status}}): the
// lifecycle table's icon, word and tone. The icon is hidden from screen readers, which read
// the word; the colour repeats what the word says.
func statusBadge(s civreg.Status) template.HTML {
	return template.HTML(`<span class="badge badge-` + template.HTMLEscapeString(s.Tone()) + `" data-status="` +
		template.HTMLEscapeString(string(s)) + `"><span class="badge-icon" aria-hidden="true">` +
		template.HTMLEscapeString(s.Icon()) + `</span> ` + template.HTMLEscapeString(s.Word()) + `</span>`)
}

// badgeJSON is a status's badge for the pages' scripts (static/common.js civreg.badge), so
// that a status updated in place reads as the server would draw it.
type badgeJSON struct {
	Word string `json:"word"`
	Icon string `json:"icon"`
	Tone string `json:"tone"`
}

func badgeOf(s civreg.Status) badgeJSON { return badgeJSON{s.Word(), s.Icon(), s.Tone()} }
