package ui

import (
	"context"
	"net/http"

	"civreg"
	"civreg/linkage"
)

// recordLinksAnswer is GET /api/v1/records/{id}/links: the pairs the record is in, with the
// other record of each, and the first registration when the record is a later one.
type recordLinksAnswer struct {
	RecordID    int64          `json:"record_id"`
	DuplicateOf int64          `json:"duplicate_of,omitempty"`
	Links       []linkage.Link `json:"links"`
}

// recordLinks answers with the links of a record u may see, leaving out pairs whose other
// record u may not see. Ministry of Health staff see links made, not pairs under review.
func (s *Server) recordLinks(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	links, first, err := s.visibleLinks(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, recordLinksAnswer{RecordID: id, DuplicateOf: first, Links: links})
	return nil
}

// visibleLinks returns the pairs record id is in that u may know of, and the record it
// is a later registration of (0 if none). ENOTFOUND when u may not see the record.
func (s *Server) visibleLinks(ctx context.Context, u *civreg.User, id int64) ([]linkage.Link, int64, error) {
	if _, err := s.visibleRecord(ctx, u, id); err != nil {
		return nil, 0, err
	}
	reviewer := u.HasRole(reviewers...)
	all, err := s.DB.LinksOf(ctx, id, reviewer)
	if err != nil {
		return nil, 0, err
	}
	links := []linkage.Link{}
	seen := map[int64]bool{}
	for _, l := range all {
		if l.State != linkage.LinkLinked && !reviewer {
			continue
		}
		other := l.A
		if other == id {
			other = l.B
		}
		if _, ok := seen[other]; !ok {
			o, err := s.DB.Record(ctx, other)
			if err != nil {
				return nil, 0, err
			}
			seen[other] = u.MaySee(o)
		}
		if seen[other] {
			links = append(links, l)
		}
	}
	first, err := s.DB.DuplicateOf(ctx, id)
	return links, first, err
}
