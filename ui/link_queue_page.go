package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"civreg"
	"civreg/linkage"
)

// linkQueueView is the review queue of uncertain pairs.
type linkQueueView struct {
	layout
	Rows       []linkQueueRow
	Total      int
	Page, Last int
	Done       string
}

type linkQueueRow struct {
	linkage.Link
	AName, BName string
	BType        civreg.RecordType
}

const linkQueueLength = 50

// linkQueuePage answers GET /links: the pairs waiting for a person, most likely first.
func (s *Server) linkQueuePage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	links, total, err := s.DB.LinkReviewQueue(r.Context(), linkQueueLength, (page-1)*linkQueueLength)
	if err != nil {
		return err
	}
	v := &linkQueueView{layout: layout{Title: "Who is who: pairs to decide", User: u},
		Total: total, Page: page, Last: max((total+linkQueueLength-1)/linkQueueLength, 1), Done: r.URL.Query().Get("done")}
	for _, l := range links {
		a, errA := s.DB.Record(r.Context(), l.A)
		b, errB := s.DB.Record(r.Context(), l.B)
		if err := errors.Join(errA, errB); err != nil {
			return fmt.Errorf("ui: link queue: %w", err)
		}
		v.Rows = append(v.Rows, linkQueueRow{Link: l, AName: a.Fields["child_name"].Value, BName: personName(b, l.Role), BType: b.RecordType})
	}
	return s.render(w, r, http.StatusOK, "link_queue", v)
}
