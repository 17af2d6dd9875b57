package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"civreg"
	"civreg/meili"
	"civreg/search"
)

// fakeMeili answers as Meilisearch's HTTP API documents it (task-based writes, GET /tasks/{uid},
// POST /indexes/{uid}/search), and records what the adapter sent.
type fakeMeili struct {
	mu       sync.Mutex
	requests map[string][]map[string]any // "METHOD path" → JSON bodies
	queries  map[string]string           // "METHOD path" → raw query
	failTask bool
	task     int
}

func (f *fakeMeili) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := r.Method + " " + r.URL.Path
	b, _ := io.ReadAll(r.Body)
	var body any
	json.Unmarshal(b, &body)
	switch v := body.(type) {
	case map[string]any:
		f.requests[key] = append(f.requests[key], v)
	case []any:
		for _, d := range v {
			f.requests[key] = append(f.requests[key], d.(map[string]any))
		}
	default:
		f.requests[key] = append(f.requests[key], nil)
	}
	f.queries[key] = r.URL.RawQuery
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Header.Get("Authorization") != "Bearer master-key":
		w.WriteHeader(401)
		fmt.Fprint(w, `{"message":"The provided API key is invalid.","code":"invalid_api_key","type":"auth","link":""}`)
	case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/tasks/"):
		status, errBody := "succeeded", `null`
		if f.failTask {
			status, errBody = "failed", `{"message":"Index `+"`records`"+` not found.","code":"index_not_found","type":"invalid_request","link":""}`
		}
		fmt.Fprintf(w, `{"uid":%s,"status":%q,"type":"documentAdditionOrUpdate","error":%s}`, strings.TrimPrefix(r.URL.Path, "/tasks/"), status, errBody)
	case strings.HasSuffix(r.URL.Path, "/search"):
		fmt.Fprint(w, `{"hits":[{"record_id":2,"record_type":"death","status":"approved","fields":{"deceased_name":"Kendall Liburd"},"names":"kendall liburd"}],
			"query":"libord","processingTimeMs":1,"hitsPerPage":20,"page":1,"totalPages":1,"totalHits":1}`)
	default:
		f.task++
		w.WriteHeader(202)
		fmt.Fprintf(w, `{"taskUid":%d,"indexUid":"records","status":"enqueued","type":"x","enqueuedAt":"2026-11-24T00:00:00Z"}`, f.task)
	}
}

func newFake(t *testing.T) (*fakeMeili, *meili.Index) {
	f := &fakeMeili{requests: map[string][]map[string]any{}, queries: map[string]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	m, err := meili.Open(context.Background(), srv.URL, "master-key", "records", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return f, m
}

func TestMeiliAppliesItsSettingsAtStart(t *testing.T) {
	f, _ := newFake(t)
	if c := f.requests["POST /indexes"]; len(c) != 1 || c[0]["uid"] != "records" || c[0]["primaryKey"] != "record_id" {
		t.Fatalf("create index: %v", c)
	}
	s := f.requests["PATCH /indexes/records/settings"]
	if len(s) != 1 {
		t.Fatalf("settings: %v", f.requests)
	}
	b, _ := json.Marshal(s[0])
	for _, want := range []string{`"filterableAttributes":["record_type","status","district","event_day","event_year","event_date","registration_number","record_id"]`,
		`"searchableAttributes":["names","body","registration_number","sounds"]`, `"sortableAttributes":["event_day","record_id"]`, `"typoTolerance":{`, `"enabled":true`,
		`"event_day:desc"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("settings lack %s: %s", want, b)
		}
	}
}

func TestMeiliDocumentsLeaveOutSensitiveFields(t *testing.T) {
	f, m := newFake(t)
	if err := m.Put(context.Background(), search.FromRecord(registry[0]), search.FromRecord(registry[1])); err != nil {
		t.Fatal(err)
	}
	docs := f.requests["POST /indexes/records/documents"]
	if len(docs) != 2 || f.queries["POST /indexes/records/documents"] != "primaryKey=record_id" {
		t.Fatalf("documents %v (query %q)", docs, f.queries["POST /indexes/records/documents"])
	}
	for _, d := range docs {
		b, _ := json.Marshal(d)
		for _, secret := range []string{"date_of_birth", "place_of_birth", "cause_of_death", "place_of_death", "Pneumonia", "Joseph N. France"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("document carries %s: %s", secret, b)
			}
		}
	}
	if docs[1]["event_year"] != float64(1987) || docs[0]["names"] != "amelia grace bumett joan bumett" {
		t.Errorf("documents %v", docs)
	}
}

func TestMeiliSearchSendsFoldedWordsAndTheFilters(t *testing.T) {
	f, m := newFake(t)
	q := search.ParseQuery("Libord 1987")
	q.Type, q.District, q.From, q.To = civreg.Death, "Saint Paul Charlestown", "1980-01-01", "1989-12-31"
	q.Statuses, q.Page, q.PerPage = mustStatuses(t, health), 1, 20
	res, err := m.Search(context.Background(), q)
	if err != nil || res.Total != 1 || res.Hits[0].RecordID != 2 || res.Hits[0].Fields["deceased_name"] != "Kendall Liburd" {
		t.Fatalf("search: %+v, %v", res, err)
	}
	req := f.requests["POST /indexes/records/search"][0]
	wantFilter := `status IN ["approved", "archived"] AND record_type = "death" AND district = "Saint Paul Charlestown" AND event_year = 1987 AND event_day >= 3652 AND event_day <= 7304`
	if req["q"] != "libord" || req["filter"] != wantFilter || req["matchingStrategy"] != "all" || req["hitsPerPage"] != float64(20) || req["page"] != float64(1) {
		t.Fatalf("search request %v\nwant filter %s", req, wantFilter)
	}
}

func TestMeiliFailedTaskIsAnError(t *testing.T) {
	f, m := newFake(t)
	f.failTask = true
	err := m.Put(context.Background(), search.FromRecord(registry[0]))
	if err == nil || !strings.Contains(err.Error(), "index_not_found") {
		t.Fatalf("failed task: %v", err)
	}
}

func TestMeiliRebuildSwapsANewIndexIn(t *testing.T) {
	f, m := newFake(t)
	err := m.Rebuild(context.Background(), func(put func(...civreg.SearchDoc) error) error {
		return put(search.FromRecord(registry[2]))
	})
	if err != nil {
		t.Fatal(err)
	}
	swap := f.requests["POST /swap-indexes"]
	if len(swap) != 1 {
		t.Fatalf("swap: %v", f.requests)
	}
	idx := swap[0]["indexes"].([]any)
	if idx[0] != "records" || !strings.HasPrefix(idx[1].(string), "records_") {
		t.Fatalf("swap %v", swap)
	}
	if len(f.requests["DELETE /indexes/"+idx[1].(string)]) != 1 {
		t.Fatalf("the old index was not deleted: %v", f.requests)
	}
}

// TestMeiliLiveBehaviour runs the behaviour table against a real Meilisearch when MEILI_URL
// is set (none can run on the development machines).
func TestMeiliLiveBehaviour(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL is not set: no Meilisearch to test against")
	}
	m, err := meili.Open(context.Background(), url, os.Getenv("MEILI_KEY"), fmt.Sprintf("civreg_test_%d", time.Now().UnixNano()), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range registry {
		if err := m.Put(context.Background(), search.FromRecord(r)); err != nil {
			t.Fatal(err)
		}
	}
	runBehaviour(t, m)
}
