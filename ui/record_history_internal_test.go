package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"civreg"
)

// What an audit entry names beyond its own fields lists reaches health staff filtered too: the
// keys of sensitive fields in any list or map, and the birth a person page linked a record to.
func TestTimelineDetailHidesSensitiveKeysAndLinksFromHealthStaff(t *testing.T) {
	health := &civreg.User{Name: "nurse", Role: civreg.RoleHealth}
	var d map[string]any
	json.Unmarshal([]byte(`{"person_of": 17, "version": 3, "disputed": ["cause_of_death", "deceased_name"],
		"accepted": ["place_of_death", 4], "boxes": {"cause_of_death": {"page": 1}, "deceased_name": {"page": 1}}}`), &d)
	got, _ := json.Marshal(withoutHidden(health, d))
	for _, hidden := range []string{"person_of", "cause_of_death", "place_of_death"} {
		if strings.Contains(string(got), hidden) {
			t.Errorf("health staff are told %s: %s", hidden, got)
		}
	}
	for _, kept := range []string{`"version":3`, `"deceased_name"`, `4`} {
		if !strings.Contains(string(got), kept) {
			t.Errorf("health staff lose %s: %s", kept, got)
		}
	}
	admin := &civreg.User{Name: "root", Role: civreg.RoleAdmin}
	if all, _ := json.Marshal(withoutHidden(admin, d)); !strings.Contains(string(all), "person_of") || !strings.Contains(string(all), "cause_of_death") {
		t.Errorf("an admin is not told everything: %s", all)
	}
}
