// Package search is the registry's search: turning records into index documents (without their
// sensitive fields), folding text so that typos and OCR's usual confusions still match, reading
// a query typed by Ministry staff, and marking matches. It holds no index: the PostgreSQL one
// lives in package storage, the Meilisearch one in package meili.
package search

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"civreg"
	"civreg/linkage"

	"golang.org/x/text/unicode/norm"
)

// confusions are OCR's usual misreadings, folded the same way on both sides of a match.
var confusions = strings.NewReplacer("rn", "m", "cl", "d", "vv", "w", "0", "o", "1", "l", "|", "l", "5", "s")

// Fold lowers s, strips accents and folds OCR's confusions, so "Bumett", "Burnett" and
// "Burnétt" all become "bumett".
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return confusions.Replace(b.String())
}

// FromRecord makes the index document of a record: sensitive fields (docs/records.md) are
// left out, whoever will search.
func FromRecord(r *civreg.Record) civreg.SearchDoc {
	d := civreg.SearchDoc{RecordID: r.ID, Version: r.Version, Type: r.RecordType, Status: r.Status, Fields: map[string]string{}}
	var names, body []string
	for k, f := range r.Fields {
		if civreg.IsSensitive(k) {
			continue
		}
		d.Fields[k] = f.Value
		body = append(body, Fold(f.Value))
	}
	spec, _ := r.RecordType.Spec()
	for _, k := range spec.NameFields() {
		if v, ok := d.Fields[k]; ok {
			names = append(names, Fold(v))
		}
	}
	d.Names = strings.Join(names, " ")
	d.Sounds = Sounds(d.Names)
	d.Body = strings.Join(body, " ")
	d.District = d.Fields["registration_district"]
	d.RegNumber = d.Fields["registration_number"]
	if ev := spec.EventDate; ev != "" && !civreg.IsSensitive(ev) {
		d.EventDate = d.Fields[ev]
	} else if ev != "" {
		// The date of birth is sensitive: a birth is found by its registration date instead.
		d.EventDate = d.Fields["registration_date"]
	}
	// A date a reviewer has not yet put right (OCR debris left in a date field) is no date to
	// sort or filter by: the record is indexed without one rather than not at all.
	if _, err := time.Parse("2006-01-02", d.EventDate); err != nil {
		d.EventDate = ""
	}
	return d
}

var (
	isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dmyDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	year    = regexp.MustCompile(`^(1[89]|20)\d{2}$`)
	regNo   = regexp.MustCompile(`(?i)^[BDM]\d{1,2}-\d{4}/\d{3,5}$`)
)

// ParseQuery reads what was typed: full dates (2001-05-03 or 03/05/2001, day first), years,
// registration numbers, and words to match in names and places.
func ParseQuery(text string) civreg.SearchQuery {
	var q civreg.SearchQuery
	for _, tok := range strings.Fields(text) {
		t := strings.Trim(tok, ".,;:\"'")
		switch {
		case isoDate.MatchString(t):
			q.Date = t
		case dmyDate.MatchString(t):
			m := dmyDate.FindStringSubmatch(t)
			d, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			q.Date = m[3] + "-" + pad(mo) + "-" + pad(d)
		case year.MatchString(t):
			q.Year, _ = strconv.Atoi(t)
		case regNo.MatchString(t):
			q.RegNumber = strings.ToUpper(t)
		case t != "":
			q.Words = append(q.Words, Fold(t))
		}
	}
	return q
}

func pad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Highlight marks, in each field of a hit, the words that match the query's words (folded
// alike, one or two letters off allowed), as HTML with <mark>. Values are escaped.
func Highlight(h *civreg.SearchHit, q civreg.SearchQuery) {
	h.Highlights = map[string]string{}
	for k, v := range h.Fields {
		words := strings.Fields(v)
		hit := false
		for i, w := range words {
			if matches(Fold(strings.Trim(w, ".,")), q) || (q.RegNumber != "" && strings.EqualFold(w, q.RegNumber)) {
				words[i] = "<mark>" + html.EscapeString(w) + "</mark>"
				hit = true
			} else {
				words[i] = html.EscapeString(w)
			}
		}
		if hit {
			h.Highlights[k] = strings.Join(words, " ")
		}
	}
}

func matches(word string, q civreg.SearchQuery) bool {
	for _, qw := range q.Words {
		if word == qw || (len(qw) >= 4 && civreg.EditDistance(word, qw) <= 2) || (len(qw) >= 3 && strings.HasPrefix(word, qw)) || SoundsAlike(word, qw) {
			return true
		}
	}
	return false
}

// Sound returns the sound key a folded word is matched by when it is spelt another way
// ("fahey", "fahei" and "fahie" share one), or "" for a word too short to tell.
func Sound(word string) string { return linkage.SoundKey(word) }

// Sounds lists the sound keys of the words of folded names, each once.
func Sounds(names string) string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(names) {
		if k := Sound(w); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return strings.Join(out, " ")
}

// SoundsAlike reports whether two folded words share a sound key.
func SoundsAlike(a, b string) bool { k := Sound(b); return k != "" && Sound(a) == k }
