package workers

import (
	"fmt"
	"image"
	"maps"
	"slices"
	"strings"

	"civreg"
	"civreg/extract"
)

// entries turns what the extractor read on a record's pages (with their upright images, for
// the ink beside a value) into what the extract stage stores. Pages holding several entries (a register page) give one extraction an entry, the
// first for rec itself; other pages give one record, as a certificate over all its pages.
// A later entry of a page, extracted again (an admin's retry), takes its own entry only.
func (r *Reading) entries(rec *civreg.Record, pages []civreg.PageWords, images []*image.Gray, uprights map[int][]byte, problems map[int]string, vocab *extract.Vocabulary) []civreg.Extraction {
	read := r.readEntries(pages, images, uprights, vocab, nil)
	if rec.PageOf != 0 {
		for _, en := range read {
			if en.Page == rec.EntryPage && en.Entry == rec.Entry {
				return []civreg.Extraction{entryExtraction(en, problems[en.Page], onPage(read, en.Page))}
			}
		}
		return []civreg.Extraction{{Error: fmt.Sprintf("entry %d is no longer found on page %d when it is read again: enter its fields by hand", rec.Entry, rec.EntryPage)}}
	}
	if split(read) {
		out := make([]civreg.Extraction, len(read))
		for i, en := range read {
			out[i] = entryExtraction(en, problems[en.Page], onPage(read, en.Page))
		}
		// A page that could not be read holds no entry: its first entry's reviewer is told.
		for _, n := range slices.Sorted(maps.Keys(problems)) {
			if onPage(read, n) == 0 {
				out[0].Note = strings.TrimPrefix(out[0].Note+"; "+problems[n], "; ")
			}
		}
		return out
	}
	all := slices.Collect(maps.Values(problems))
	slices.Sort(all)
	if len(pages) == 1 && len(read) == 1 {
		ex := entryExtraction(read[0], strings.Join(all, "; "), 1)
		return []civreg.Extraction{ex}
	}
	res := r.Extractor.Extract(pages)
	ex := civreg.Extraction{RecordType: res.RecordType, TypeConfidence: res.TypeConfidence, Fields: res.Fields}
	if res.Design != "" {
		ex.Note = "read as a " + res.Design
	}
	ex.Error = noFieldsReason(all, res)
	return []civreg.Extraction{ex}
}

// split says whether the pages hold several records: more than one entry, some of a register.
func split(read []extract.Entry) bool {
	if len(read) < 2 {
		return false
	}
	for _, en := range read {
		if en.Layout == extract.LayoutRegister {
			return true
		}
	}
	return false
}

// onPage counts the entries read on page.
func onPage(read []extract.Entry, page int) int {
	n := 0
	for _, en := range read {
		if en.Page == page {
			n++
		}
	}
	return n
}

// withSuggestions is the entry's fields with what the second reading or the vocabulary offered
// for each value left in review (never for a trusted one: a suggestion is only ever offered).
func withSuggestions(en extract.Entry) []civreg.Field {
	fields := slices.Clone(en.Fields)
	for i, f := range fields {
		if s, ok := en.Suggested[f.Key]; ok && f.NeedsReview && s != f.Value {
			fields[i].Suggested = s
		}
	}
	return fields
}

// entryExtraction is one entry as the record it becomes: its place and band on its page (a
// register entry's band; none for a certificate, which is its whole page), its fields, and
// a note of how it was read and of any doubt. An entry in doubt (written by hand, uncertain
// boundaries) has nothing trusted, and the reviewer is told why.
func entryExtraction(en extract.Entry, pageProblem string, of int) civreg.Extraction {
	ex := civreg.Extraction{RecordType: en.RecordType, TypeConfidence: en.TypeConfidence, Fields: withSuggestions(en),
		Entry: en.Entry, EntryPage: en.Page}
	if en.Layout == extract.LayoutRegister {
		ex.Region = en.Region[:]
	}
	var notes []string
	if en.Design != "" {
		notes = append(notes, "read as a "+en.Design)
	}
	if of > 1 {
		notes = append(notes, fmt.Sprintf("entry %d of %d on page %d", en.Entry, of, en.Page))
	}
	if en.Handwritten && en.Doubt == "" {
		en.Doubt = "written by hand"
	}
	if en.Doubt != "" {
		notes = append(notes, "nothing trusted: "+en.Doubt)
		ex.Fields = slices.Clone(en.Fields)
		for i := range ex.Fields {
			ex.Fields[i].NeedsReview = true
		}
	}
	ex.Note = strings.Join(notes, "; ")
	var problems []string
	if pageProblem != "" {
		problems = []string{pageProblem}
	}
	ex.Error = noFieldsReason(problems, en.Result())
	return ex
}
