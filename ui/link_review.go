package ui

import (
	"fmt"
	"net/http"
	"strconv"

	"civreg"
	"civreg/linkage"
	"civreg/storage"
)

// linkQueueView is the review queue of uncertain pairs.
type linkQueueView struct {
	Rows       []linkQueueRow
	Total      int
	Page, Last int
	Done       string
}

type linkQueueRow struct {
	storage.Link
	AName, BName string
	BType        civreg.RecordType
}

const linkQueuePage = 50

// linkQueue lists the pairs waiting for a person, most likely first.
func (s *Server) linkQueue(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	links, total, err := s.DB.LinkReviewQueue(r.Context(), linkQueuePage, (page-1)*linkQueuePage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := linkQueueView{Total: total, Page: page, Last: max((total+linkQueuePage-1)/linkQueuePage, 1), Done: r.URL.Query().Get("done")}
	for _, l := range links {
		a, errA := s.DB.Record(r.Context(), l.A)
		b, errB := s.DB.Record(r.Context(), l.B)
		if errA != nil || errB != nil {
			s.pageError(w, r, fmt.Errorf("ui: link queue: %w", firstErr(errA, errB)))
			return
		}
		v.Rows = append(v.Rows, linkQueueRow{Link: l, AName: a.Fields["child_name"].Value, BName: personName(b, l.Role), BType: b.RecordType})
	}
	s.renderLink(w, r, "link_queue", pageData{Title: "Who is who: pairs to decide", User: u, Data: v})
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// personName is the name of the person of role in rec.
func personName(rec *civreg.Record, role linkage.Role) string {
	key := map[linkage.Role]string{linkage.RoleChild: "child_name", linkage.RoleDeceased: "deceased_name",
		linkage.RoleGroom: "groom_name", linkage.RoleBride: "bride_name"}[role]
	return rec.Fields[key].Value
}

// linkPairView is one pair side by side: both records, their scans, each comparison the
// score is made of, and the decisions a person can take.
type linkPairView struct {
	Done  string // what the last decision did
	Link  storage.Link
	A, B  linkSide
	Lines []linkage.FieldComparison
}

type linkSide struct {
	Record *civreg.Record
	Fields []civreg.Field
	Marks  map[string]linkage.Verdict // per field key: how it compares with the other record
}

// linkPair shows a pair for a reviewer to decide.
func (s *Server) linkPair(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := s.pairView(r, u, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderLink(w, r, "link_pair", pageData{Title: fmt.Sprintf("Records %d and %d", v.Link.A, v.Link.B), User: u, Data: v})
}

func (s *Server) pairView(r *http.Request, u *civreg.User, id int64) (*linkPairView, error) {
	ctx := r.Context()
	l, err := s.DB.LinkByID(ctx, id)
	if err != nil {
		return nil, err
	}
	a, err := s.loadRecord(r, u, l.A)
	if err != nil {
		return nil, err
	}
	b, err := s.loadRecord(r, u, l.B)
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
	v := &linkPairView{Link: *l, Lines: lines,
		A: linkSide{Record: a, Fields: shownFields(u, a), Marks: marks(lines, true)},
		B: linkSide{Record: b, Fields: shownFields(u, b), Marks: marks(lines, false)}}
	// A comparison of a field the reviewer may not see says nothing of it.
	kept := v.Lines[:0]
	for _, c := range v.Lines {
		if u.MaySeeField(c.A) && u.MaySeeField(c.B) {
			kept = append(kept, c)
		}
	}
	v.Lines = kept
	v.Done = r.URL.Query().Get("done")
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

// decideLink records a reviewer's decision and opens the next pair.
func (s *Server) decideLink(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	decision := r.PostFormValue("decision")
	l, err := s.DB.DecideLink(r.Context(), u, id, decision)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if decision == storage.DecideUndo {
		http.Redirect(w, r, fmt.Sprintf("/links/%d", id), http.StatusSeeOther)
		return
	}
	next, _, err := s.DB.LinkReviewQueue(r.Context(), 1, 0)
	if err != nil || len(next) == 0 {
		http.Redirect(w, r, "/links?done="+urlQuery(fmt.Sprintf("records %d and %d: %s; nothing else is waiting", l.A, l.B, l.State)), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/links/%d?done=%s", next[0].ID, urlQuery(fmt.Sprintf("records %d and %d: %s", l.A, l.B, l.State))), http.StatusSeeOther)
}
