package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"civreg"
	"civreg/meili"
)

// fakeKeys answers Meilisearch's documented /keys routes: only the master key manages keys;
// a made key's value is fixed by its uid.
type fakeKeys struct {
	mu      sync.Mutex
	keys    map[string]map[string]any // uid → key as created
	created int
}

func (f *fakeKeys) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer master-key" {
		w.WriteHeader(403)
		fmt.Fprint(w, `{"message":"The provided API key is invalid.","code":"invalid_api_key","type":"auth","link":""}`)
		return
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/keys":
		fmt.Fprint(w, `{"results":[],"offset":0,"limit":1,"total":0}`)
	case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/keys/"):
		k, ok := f.keys[strings.TrimPrefix(r.URL.Path, "/keys/")]
		if !ok {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"message":"API key not found.","code":"api_key_not_found","type":"invalid_request","link":""}`)
			return
		}
		json.NewEncoder(w).Encode(k)
	case r.Method == "POST" && r.URL.Path == "/keys":
		var k map[string]any
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &k)
		k["key"] = "key-of-" + k["uid"].(string)
		f.keys[k["uid"].(string)] = k
		f.created++
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(k)
	default:
		w.WriteHeader(404)
	}
}

// The registry's keys are made once, each limited to what its holder does, and found again.
func TestMeiliKeysAreMadeOnceWithNarrowRights(t *testing.T) {
	ctx := context.Background()
	f := &fakeKeys{keys: map[string]map[string]any{}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	first, err := meili.MakeKeys(ctx, srv.URL, "master-key", "records")
	if err != nil {
		t.Fatal(err)
	}
	again, err := meili.MakeKeys(ctx, srv.URL, "master-key", "records")
	if err != nil || again != first || f.created != 2 {
		t.Fatalf("second MakeMeiliKeys = %+v, %v (%d made); want the same two keys %+v", again, err, f.created, first)
	}
	if first.Index == first.Search || first.Index == "" || first.Search == "" {
		t.Fatalf("keys %+v", first)
	}
	for _, k := range f.keys {
		actions, _ := json.Marshal(k["actions"])
		indexes, _ := json.Marshal(k["indexes"])
		switch k["key"] {
		case first.Search:
			if string(actions) != `["search"]` || string(indexes) != `["records"]` {
				t.Errorf("search key may %s on %s; want search on records only", actions, indexes)
			}
		case first.Index:
			if strings.Contains(string(actions), `"keys.`) || strings.Contains(string(actions), `"*"`) || string(indexes) != `["records*"]` {
				t.Errorf("index key may %s on %s; want no key management, the registry's indexes only", actions, indexes)
			}
		}
	}
	if _, err := meili.MakeKeys(ctx, srv.URL, "not-the-master", "records"); err == nil {
		t.Error("MakeMeiliKeys with a wrong master key succeeded")
	}
}

func TestMeiliTellsTheMasterKeyFromAnother(t *testing.T) {
	ctx := context.Background()
	f := &fakeKeys{keys: map[string]map[string]any{}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	keys, err := meili.MakeKeys(ctx, srv.URL, "master-key", "records")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]bool{"master-key": true, keys.Index: false, keys.Search: false} {
		if master, err := meili.IsMasterKey(ctx, srv.URL, key); err != nil || master != want {
			t.Errorf("IsMasterKey(%q) = %v, %v; want %v", key, master, err, want)
		}
	}
}

// With a search key, searches sign in with it, writes with the index key.
func TestMeiliSearchesWithTheSearchKey(t *testing.T) {
	f, m := newFake(t)
	m.SearchWith(f.url, "search-key")
	if _, err := m.Search(context.Background(), civreg.SearchQuery{Words: []string{"liburd"}, Page: 1, PerPage: 20}); err != nil {
		t.Fatal(err)
	}
	if got := f.auth["POST /indexes/records/search"]; got != "search-key" {
		t.Errorf("search signed in with %q, want the search key", got)
	}
	if got := f.auth["PATCH /indexes/records/settings"]; got != "master-key" {
		t.Errorf("settings signed in with %q, want the index key", got)
	}
}
