package ui

import (
	"context"
	"fmt"

	"civreg"
)

// entryView places a record among the entries of its register page, for the review screen
// and the record page: "Entry 2 of 4 on this page", the other entries' links, and the band
// that static/entry.js highlights on the page image (the rest of the page dimmed).
type entryView struct {
	Entry  int
	Of     int
	Page   int    // the record's page the entry stands on
	Region string // "x0 y0 x1 y1" in upright page image pixels; "" for the whole page
	Others []entryLink
}

// entryLink is one entry of the same page.
type entryLink struct {
	ID      int64
	Entry   int
	Current bool
}

// entryOf returns where rec stands among its page's entries, or nil when the record is its
// page's only one and covers all of it. Links go only to entries u may see.
func (s *Server) entryOf(ctx context.Context, u *civreg.User, rec *civreg.Record) (*entryView, error) {
	on, err := s.DB.EntriesOnPage(ctx, rec.PageOwner(), rec.EntryPage)
	if err != nil {
		return nil, err
	}
	if len(on) <= 1 && rec.Region == nil {
		return nil, nil
	}
	v := &entryView{Entry: rec.Entry, Of: max(len(on), 1), Page: rec.EntryPage}
	if len(rec.Region) == 4 {
		g := rec.Region
		v.Region = fmt.Sprintf("%d %d %d %d", g[0], g[1], g[2], g[3])
	}
	for _, en := range on {
		if en.RecordID == rec.ID || u.MaySee(&civreg.Record{ID: en.RecordID, Status: en.Status, RecordType: en.RecordType}) {
			v.Others = append(v.Others, entryLink{en.RecordID, en.Entry, en.RecordID == rec.ID})
		}
	}
	return v, nil
}
