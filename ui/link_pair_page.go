package ui

import (
	"context"
	"fmt"
	"net/http"

	"civreg"
	"civreg/linkage"
)

// linkPairView is one pair side by side: both records, their scans, each comparison the
// score is made of, and the decisions a person can take.
type linkPairView struct {
	layout
	Done  string // what the last decision did
	Link  linkage.Link
	A, B  linkSide
	Lines []linkage.FieldComparison
}

type linkSide struct {
	Record *civreg.Record
	Fields []civreg.Field
	Marks  map[string]linkage.Verdict // per field key: how it compares with the other record
}

// linkPairPage answers GET /links/{id}: a pair for a reviewer to decide. Both records'
// views are written to the audit log.
func (s *Server) linkPairPage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	v, err := s.pairView(r.Context(), u, id)
	if err != nil {
		return err
	}
	v.layout = layout{Title: fmt.Sprintf("Records %d and %d", v.Link.A, v.Link.B), User: u}
	v.Done = r.URL.Query().Get("done")
	return s.render(w, r, http.StatusOK, "link_pair", v)
}

func (s *Server) pairView(ctx context.Context, u *civreg.User, id int64) (*linkPairView, error) {
	l, err := s.DB.LinkByID(ctx, id)
	if err != nil {
		return nil, err
	}
	a, err := s.loadRecord(ctx, u, l.A)
	if err != nil {
		return nil, err
	}
	b, err := s.loadRecord(ctx, u, l.B)
	if err != nil {
		return nil, err
	}
	full, err := s.DB.LinkRecords(ctx, []int64{l.A, l.B})
	if err != nil {
		return nil, err
	}
	la, lb := linkRecordOf(a), linkRecordOf(b)
	for _, fr := range full { // the birth's married surnames
		if fr.ID == l.A {
			la.Married = fr.Married
		}
	}
	freq, err := s.DB.NameFrequencies(ctx, []linkage.Record{la, lb})
	if err != nil {
		return nil, err
	}
	_, lines := linkage.Compare(la, lb, l.Kind, l.Role, freq)
	v := &linkPairView{Link: *l,
		A: linkSide{Record: a, Fields: shownFields(u, a), Marks: marks(lines, true)},
		B: linkSide{Record: b, Fields: shownFields(u, b), Marks: marks(lines, false)}}
	// A comparison of a field the reviewer may not see says nothing of it.
	for _, c := range lines {
		if u.MaySeeField(c.A) && u.MaySeeField(c.B) {
			v.Lines = append(v.Lines, c)
		}
	}
	return v, nil
}

// marks sums up, per field of one side, how the comparisons using it went: a name whose
// given name agrees and surname does not is marked close, not agreeing.
func marks(lines []linkage.FieldComparison, sideA bool) map[string]linkage.Verdict {
	out := map[string]linkage.Verdict{}
	for _, l := range lines {
		key := l.B
		if sideA {
			key = l.A
		}
		prev, seen := out[key]
		switch {
		case l.Verdict == linkage.Missing:
			if !seen {
				out[key] = linkage.Missing
			}
		case !seen || prev == linkage.Missing || prev == l.Verdict:
			out[key] = l.Verdict
		case l.Verdict == linkage.Impossible || prev == linkage.Impossible:
			out[key] = linkage.Impossible
		default:
			out[key] = linkage.Close
		}
	}
	return out
}
