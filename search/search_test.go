package search_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/search"
	"civreg/storage"
)

func record(id int64, t civreg.RecordType, st civreg.Status, fields map[string]string) *civreg.Record {
	r := &civreg.Record{ID: id, Version: 1, RecordType: t, Status: st, Fields: map[string]civreg.Field{}}
	for k, v := range fields {
		r.Fields[k] = civreg.Field{Value: v}
	}
	return r
}

// registry is a small registry: the rows every backend must answer the same way.
var registry = []*civreg.Record{
	record(1, civreg.Birth, civreg.StatusApproved, map[string]string{"child_name": "Amelia Grace Burnett", "mother_name": "Joan Burnett",
		"registration_district": "Saint George Basseterre", "registration_number": "B3-2000/0792", "registration_date": "2000-03-20",
		"date_of_birth": "2000-03-14", "place_of_birth": "Joseph N. France General Hospital, Basseterre"}),
	record(2, civreg.Death, civreg.StatusApproved, map[string]string{"deceased_name": "Kendall Liburd", "registration_district": "Saint Paul Charlestown",
		"date_of_death": "1987-03-14", "registration_number": "D1-1987/0311", "cause_of_death": "Pneumonia", "place_of_death": "Alexandra Hospital"}),
	record(3, civreg.Marriage, civreg.StatusApproved, map[string]string{"groom_name": "Desmond Claxton", "bride_name": "Olive Hodge",
		"registration_district": "Saint John Figtree", "date_of_marriage": "1965-06-05", "place_of_marriage": "Moravian Church, Bethesda"}),
	record(4, civreg.Death, civreg.StatusNeedsReview, map[string]string{"deceased_name": "Winston Liburd", "registration_district": "Saint Paul Charlestown",
		"date_of_death": "1990-01-02"}),
	record(5, civreg.Birth, civreg.StatusArchived, map[string]string{"child_name": "Noëlle Francis", "registration_district": "Saint Mary Cayon",
		"registration_date": "1971-11-02", "date_of_birth": "1971-10-30"}),
}

func newIndex(t *testing.T) (*storage.DB, civreg.SearchIndex) {
	t.Helper()
	db, _ := testsvc.MigratedDB(t)
	idx := db.Search()
	for _, r := range registry {
		if err := idx.Put(context.Background(), search.FromRecord(r)); err != nil {
			t.Fatal(err)
		}
	}
	return db, idx
}

var reviewer = &civreg.User{Name: "rev", Role: civreg.RoleReviewer}
var health = &civreg.User{Name: "moh", Role: civreg.RoleHealth}

func find(t *testing.T, idx civreg.SearchIndex, u *civreg.User, text string, edit func(*civreg.SearchQuery)) []int64 {
	t.Helper()
	q := search.ParseQuery(text)
	q.Statuses = mustStatuses(t, u)
	q.Page, q.PerPage = 1, 20
	if edit != nil {
		edit(&q)
	}
	res, err := idx.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.RecordID)
	}
	if res.Total != len(ids) && res.Total <= q.PerPage {
		t.Errorf("search %q: total %d but %d hits", text, res.Total, len(ids))
	}
	return ids
}

// Behaviour is the table every backend answers alike: PostgreSQL here, Meilisearch when
// MEILI_URL is set.
var Behaviour = []struct {
	name  string
	query string
	user  *civreg.User
	edit  func(*civreg.SearchQuery)
	want  []int64
}{
	{"child's name", "Amelia", reviewer, nil, []int64{1}},
	{"mother's name", "Joan Burnett", reviewer, nil, []int64{1}},
	{"one letter wrong", "Amelja", reviewer, nil, []int64{1}},
	{"two letters wrong", "Libord", reviewer, nil, []int64{2, 4}},
	{"OCR rn for m", "Bumett", reviewer, nil, []int64{1}},
	{"OCR cl for d", "Desmond Ciaxton", reviewer, nil, []int64{3}},
	{"OCR 0 for O", "0live", reviewer, nil, []int64{3}},
	{"OCR 1 for l", "Kenda11", reviewer, nil, []int64{2}},
	{"accents", "Noelle", reviewer, nil, []int64{5}},
	{"registration number", "B3-2000/0792", reviewer, nil, []int64{1}},
	{"place", "Moravian", reviewer, nil, []int64{3}},
	{"full date", "1987-03-14", reviewer, nil, []int64{2}},
	{"full date day first", "14/03/1987", reviewer, nil, []int64{2}},
	{"year", "Liburd 1990", reviewer, nil, []int64{4}},
	{"district filter", "Liburd", reviewer, func(q *civreg.SearchQuery) { q.District = "Saint Paul Charlestown" }, []int64{2, 4}},
	{"type filter", "", reviewer, func(q *civreg.SearchQuery) { q.Type = civreg.Marriage }, []int64{3}},
	{"date range", "", reviewer, func(q *civreg.SearchQuery) { q.From, q.To = "1960-01-01", "1989-12-31" }, []int64{2, 3, 5}},
	{"status filter", "", reviewer, func(q *civreg.SearchQuery) { q.Statuses = []civreg.Status{civreg.StatusNeedsReview} }, []int64{4}},
	{"health staff: approved only", "Liburd", health, nil, []int64{2}},
	{"sensitive place of birth is not searchable", "Joseph France", reviewer, nil, nil},
	{"sensitive cause of death is not searchable", "Pneumonia", reviewer, nil, nil},
	{"sorted by date", "", reviewer, func(q *civreg.SearchQuery) { q.SortDate = true }, []int64{1, 4, 2, 5, 3}},
}

func TestSearchBehaviourOnPostgreSQL(t *testing.T) {
	_, idx := newIndex(t)
	runBehaviour(t, idx)
}

func runBehaviour(t *testing.T, idx civreg.SearchIndex) {
	for _, c := range Behaviour {
		got := find(t, idx, c.user, c.query, c.edit)
		if c.name != "sorted by date" {
			got = sorted(got)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s (%q): found %v, want %v", c.name, c.query, got, c.want)
		}
	}
}

func sorted(ids []int64) []int64 {
	out := append([]int64(nil), ids...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestSensitiveFieldsNeverReachTheIndex(t *testing.T) {
	for _, r := range registry {
		d := search.FromRecord(r)
		for k := range d.Fields {
			if civreg.IsSensitive(k) {
				t.Errorf("record %d: sensitive %s in the index document", r.ID, k)
			}
		}
		for _, k := range []string{"date_of_birth", "place_of_birth", "place_of_death", "cause_of_death"} {
			if v, ok := r.Fields[k]; ok && (strings.Contains(d.Body, search.Fold(v.Value)) || strings.Contains(d.Names, search.Fold(v.Value))) {
				t.Errorf("record %d: the value of %s is in the folded text", r.ID, k)
			}
		}
	}
}

func TestHighlightsMarkTheMatchedWords(t *testing.T) {
	h := civreg.SearchHit{Fields: map[string]string{"child_name": "Amelia Grace Burnett", "mother_name": "Joan <b>Burnett</b>"}}
	search.Highlight(&h, search.ParseQuery("Bumett"))
	if h.Highlights["child_name"] != "Amelia Grace <mark>Burnett</mark>" || strings.Contains(h.Highlights["mother_name"], "<b>") {
		t.Fatalf("highlights %v", h.Highlights)
	}
}

func TestReindexSwapsInANewIndexWhileSearchGoesOn(t *testing.T) {
	db, idx := newIndex(t)
	ctx := context.Background()
	_ = db
	var stop atomic.Bool
	var misses atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			q := search.ParseQuery("Amelia")
			q.Statuses, q.Page, q.PerPage = mustStatuses(t, reviewer), 1, 20
			if res, err := idx.Search(ctx, q); err != nil || res.Total != 1 {
				misses.Add(1)
			}
		}
	}()
	err := idx.Rebuild(ctx, func(put func(...civreg.SearchDoc) error) error {
		for i := 0; i < 300; i++ { // a slow rebuild: search must keep answering from the old index
			r := record(int64(1000+i), civreg.Death, civreg.StatusApproved, map[string]string{"deceased_name": fmt.Sprintf("Person %d Hanley", i)})
			if err := put(search.FromRecord(r)); err != nil {
				return err
			}
		}
		for _, r := range registry {
			if err := put(search.FromRecord(r)); err != nil {
				return err
			}
		}
		return nil
	})
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if misses.Load() != 0 {
		t.Fatalf("%d searches during the rebuild missed", misses.Load())
	}
	if got := find(t, idx, reviewer, "Hanley", nil); len(got) != 20 {
		t.Fatalf("after the swap the new index answers %d hits on a page, want 20", len(got))
	}
}

// TestFromRecordDropsDatesThatAreNotDates: OCR debris left in a date field (the soak met
// "Q@8-Aug-1946") must not stop the record being indexed.
func TestFromRecordDropsDatesThatAreNotDates(t *testing.T) {
	r := &civreg.Record{ID: 1, RecordType: civreg.Death, Fields: map[string]civreg.Field{
		"date_of_death": {Value: "Q@8-Aug-1946"}, "deceased_name": {Value: "Ann Liburd"}}}
	if d := search.FromRecord(r); d.EventDate != "" || d.Names == "" {
		t.Fatalf("document %+v: want no event date and the names", d)
	}
	r.Fields["date_of_death"] = civreg.Field{Value: "1946-08-08"}
	if d := search.FromRecord(r); d.EventDate != "1946-08-08" {
		t.Fatalf("event date %q", d.EventDate)
	}
}

// mustStatuses is what u may find with no status filter.
func mustStatuses(t *testing.T, u *civreg.User) []civreg.Status {
	t.Helper()
	s, err := u.SearchStatuses("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
