package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"civreg"
	"civreg/extract"
)

// The pages of each role. Handlers gather what the page shows and render one template; the
// review screen's behaviour is in static/review.js, the upload's in static/batch.js.

// fieldLabel turns a field key into words for people: registration_date → Registration date.
func fieldLabel(key string) string {
	s := strings.ReplaceAll(key, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var pageFuncs = template.FuncMap{
	"label": fieldLabel,
	"date":  func(t time.Time) string { return t.Local().Format("2 Jan 2006 15:04") },
	"pct":   func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	// marked shows a search highlight: search.Highlight HTML-escapes every value and adds
	// only <mark> tags.
	"marked": func(s string) template.HTML { return template.HTML(s) },
	"hasRole": func(u *civreg.User, roles ...string) bool {
		for _, r := range roles {
			if string(u.Role) == r {
				return true
			}
		}
		return false
	},
}

// home is each role's start page: what they came to do.
func (s *Server) home(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	s.render(w, r, http.StatusOK, "home", pageData{Title: "Start", User: u})
}

type batchRow struct {
	*civreg.Batch
	Counts civreg.BatchCounts
}

// batchRows lists the latest batches with their counts.
func (s *Server) batchRows(ctx context.Context) ([]batchRow, error) {
	batches, err := s.DB.Batches(ctx, 100)
	if err != nil {
		return nil, err
	}
	rows := make([]batchRow, len(batches))
	for i, b := range batches {
		rows[i].Batch = b
		if rows[i].Counts, err = s.DB.BatchCounts(ctx, b.ID); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func (s *Server) batchesPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	rows, err := s.batchRows(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "batches", pageData{Title: "Batches", User: u, Data: rows})
}

func (s *Server) createBatchForm(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	t, err := civreg.ParseRecordType(r.PostFormValue("record_type"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	b, err := s.DB.CreateBatch(r.Context(), u, strings.TrimSpace(r.PostFormValue("name")), t, r.PostFormValue("page_per_record") == "on")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/batches/%d", b.ID), http.StatusSeeOther)
}

func (s *Server) batchPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := s.loadBatch(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	uploads, err := s.DB.Uploads(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	refusals, err := s.DB.Refusals(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "batch", pageData{Title: v.Batch.Name, User: u, Data: map[string]any{
		"Batch": v.Batch, "Counts": v.Counts, "Records": v.Records, "Uploads": uploads, "Refusals": refusals,
		"MayUpload": u.HasRole(clerks...),
	}})
}

func (s *Server) reviewQueuePage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	queue, err := s.DB.ReviewQueue(r.Context(), 200)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "queue", pageData{Title: "Review queue", User: u, Data: queue})
}

// nextReview opens the worst-read record waiting, other than the one just finished.
func (s *Server) nextReview(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	id, err := s.DB.NextForReview(r.Context(), after)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		http.Redirect(w, r, "/review?done=1", http.StatusSeeOther)
		return
	} else if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/review/%d", id), http.StatusSeeOther)
}

// reviewPage is the review screen's frame; review.js loads the record through the API (so
// the view is audited there, once) and does the rest.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rec, err := s.DB.Record(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	changes, err := s.DB.FieldChanges(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var keys []map[string]string
	for _, t := range []civreg.RecordType{civreg.Birth, civreg.Death, civreg.Marriage} {
		for _, f := range civreg.FieldsOf(t) {
			keys = append(keys, map[string]string{"type": string(t), "key": f.Key, "label": fieldLabel(f.Key), "kind": f.Kind})
		}
	}
	meta, _ := json.Marshal(map[string]any{"keys": keys, "districts": extract.Districts})
	s.render(w, r, http.StatusOK, "review", pageData{Title: fmt.Sprintf("Review record %d", id), User: u, Data: map[string]any{
		"Record": rec, "Changes": changes, "Meta": string(meta),
	}})
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	d := map[string]any{"Params": r.URL.Query(), "Districts": extract.Districts, "Searched": false}
	if r.URL.Query().Get("q") != "" || r.URL.Query().Get("district") != "" || r.URL.Query().Get("type") != "" {
		res, q, err := s.runSearch(r, u, r.URL.Query())
		if err != nil {
			if civreg.ErrorCode(err) != civreg.EINVALID {
				s.pageError(w, r, err)
				return
			}
			d["Error"] = civreg.ErrorMessage(err)
		} else {
			d["Searched"], d["Result"], d["Page"] = true, res, q.Page
			next := r.URL.Query()
			next.Set("page", strconv.Itoa(q.Page+1))
			prev := r.URL.Query()
			prev.Set("page", strconv.Itoa(q.Page-1))
			d["Next"], d["Prev"] = "/search?"+next.Encode(), "/search?"+prev.Encode()
			d["HasNext"] = res.More || q.Page*q.PerPage < res.Total
		}
	}
	s.render(w, r, http.StatusOK, "search", pageData{Title: "Search records", User: u, Data: d})
}

// recordPage shows a record with the fields the user may see, and the scan. The view is
// written to the audit log, as the page says.
func (s *Server) recordPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rec, err := s.loadRecord(r, u, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var fields []civreg.Field
	for _, f := range civreg.FieldsOf(rec.RecordType) {
		if v, ok := rec.Fields[f.Key]; ok {
			v.Key = f.Key
			fields = append(fields, v)
		}
	}
	d := map[string]any{"Record": rec, "Fields": fields}
	if u.HasRole(archivists...) {
		if d["Archives"], err = s.DB.Archives(r.Context(), id); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "record", pageData{Title: fmt.Sprintf("Record %d", id), User: u, Data: d})
}

func (s *Server) archivistPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	rows, err := s.batchRows(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	alerts, err := s.DB.FixityAlerts(r.Context(), 100)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	last, err := s.DB.LastFixityCheck(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "archivist", pageData{Title: "Preservation", User: u, Data: map[string]any{
		"Batches": rows, "Alerts": alerts, "LastCheck": last,
	}})
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	users, err := s.DB.Users(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sort.Slice(users, func(i, j int) bool { return users[i].Name < users[j].Name })
	s.render(w, r, http.StatusOK, "users", pageData{Title: "Users", User: u, Error: r.URL.Query().Get("error"),
		Data: map[string]any{"Users": users, "Roles": civreg.Roles, "Done": r.URL.Query().Get("done")}})
}

// userAction handles the admin's forms on the users page; each is audited.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	ctx := r.Context()
	back := func(err error, done string) {
		if err != nil {
			if civreg.ErrorCode(err) == civreg.EINTERNAL || civreg.ErrorCode(err) == civreg.EUNAVAILABLE {
				s.pageError(w, r, err)
				return
			}
			http.Redirect(w, r, "/admin/users?error="+urlQuery(civreg.ErrorMessage(err)), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/admin/users?done="+urlQuery(done), http.StatusSeeOther)
	}
	action := r.PathValue("action")
	if action == "add" {
		role, err := civreg.ParseRole(r.PostFormValue("role"))
		if err != nil {
			back(err, "")
			return
		}
		nu, err := s.DB.CreateUser(ctx, strings.TrimSpace(r.PostFormValue("name")), role, r.PostFormValue("password"))
		if err == nil {
			err = s.DB.Audit(ctx, u, "user.add", 0, 0, map[string]any{"user": nu.Name, "role": role})
		}
		back(err, "added "+r.PostFormValue("name"))
		return
	}
	id, err := pathID(r)
	if err != nil {
		back(err, "")
		return
	}
	switch action {
	case "role":
		role, err := civreg.ParseRole(r.PostFormValue("role"))
		if err == nil {
			err = s.DB.SetRole(ctx, id, role)
		}
		if err == nil {
			err = s.DB.Audit(ctx, u, "user.set_role", 0, 0, map[string]any{"user_id": id, "role": role})
		}
		back(err, "role changed")
	case "password":
		err := s.DB.SetPassword(ctx, id, r.PostFormValue("password"))
		if err == nil {
			err = s.DB.Audit(ctx, u, "user.reset_password", 0, 0, map[string]any{"user_id": id})
		}
		back(err, "password reset")
	case "revoke":
		n, err := s.DB.RevokeTokens(ctx, id)
		if err == nil {
			err = s.DB.Audit(ctx, u, "user.revoke_tokens", 0, 0, map[string]any{"user_id": id, "tokens": n})
		}
		back(err, fmt.Sprintf("%d API tokens revoked", n))
	default:
		s.pageError(w, r, civreg.Errorf(civreg.ENOTFOUND, "no such action"))
	}
}

func (s *Server) problemsPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	problems, err := s.DB.ProblemRecords(r.Context(), 10*time.Minute, 200)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	alerts, err := s.DB.FixityAlerts(r.Context(), 50)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "problems", pageData{Title: "Stuck and failed records", User: u,
		Data: map[string]any{"Problems": problems, "Alerts": alerts, "Done": r.URL.Query().Get("done")}})
}

func (s *Server) retryRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	to, err := s.DB.RetryRecord(r.Context(), u, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/records?done="+urlQuery(fmt.Sprintf("record %d goes back to %s; the workers take it up within a minute", id, to)), http.StatusSeeOther)
}

// pageImage and pageWords serve what the review screen and record page show: the upright page
// image and the words read on it, for the roles that may see the record.
func (s *Server) pageImage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	s.pageObject(w, r, u, func(p civreg.Page) string { return p.ImageKey }, "image/png")
}

func (s *Server) pageWords(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	s.pageObject(w, r, u, func(p civreg.Page) string { return p.WordsKey }, "application/json")
}

func (s *Server) pageObject(w http.ResponseWriter, r *http.Request, u *civreg.User, key func(civreg.Page) string, contentType string) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	n, _ := strconv.Atoi(r.PathValue("page"))
	rec, err := s.DB.Record(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if u.Role == civreg.RoleHealth && rec.Status != civreg.StatusApproved && rec.Status != civreg.StatusArchived {
		s.apiError(w, r, civreg.Errorf(civreg.ENOTFOUND, "no record %d", id))
		return
	}
	if n < 1 || n > len(rec.Pages) || key(rec.Pages[n-1]) == "" {
		s.apiError(w, r, civreg.Errorf(civreg.ENOTFOUND, "record %d has no page %d read yet", id, n))
		return
	}
	obj, err := s.Objects.Get(r.Context(), key(rec.Pages[n-1]))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	defer obj.Close()
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "private, max-age=300")
	io.Copy(w, obj)
}

// rejectRecord answers POST /api/v1/records/{id}/reject {"version", "reason"}.
func (s *Server) rejectRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var req struct {
		Version int    `json:"version"`
		Reason  string `json:"reason"`
	}
	if err := readJSON(r, &req); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.DB.RejectRecord(r.Context(), u, id, req.Version, strings.TrimSpace(req.Reason)); err != nil {
		s.conflictOr(w, r, u, id, err)
		return
	}
	// Indexed again so that the record's new status (rejected) takes it out of search results.
	if err := s.Pipeline.RecordChanged(r.Context(), id, req.Version); err != nil {
		s.Log.Warn("index not enqueued; reconcile will", slog.Int64("record", id), slog.Any("err", err))
	}
	s.getRecord(w, r, u)
}

// fieldChanges answers GET /api/v1/records/{id}/history: every field change, who and when.
func (s *Server) fieldChanges(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	changes, err := s.DB.FieldChanges(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": changes})
}

func urlQuery(s string) string { return template.URLQueryEscaper(s) }
