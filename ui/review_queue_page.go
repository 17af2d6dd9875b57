package ui

import (
	"net/http"

	"civreg"
)

// queueView is the review queue: records waiting, worst read first.
type queueView struct {
	layout
	Queue []civreg.QueueItem
}

// reviewQueuePage answers GET /review.
func (s *Server) reviewQueuePage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	queue, err := s.DB.ReviewQueue(r.Context(), 200)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "queue", &queueView{layout{Title: "Review queue", User: u}, queue})
}
