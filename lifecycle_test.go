package civreg_test

import (
	"slices"
	"testing"

	"civreg"
)

func TestLifecycleTable(t *testing.T) {
	if got := len(civreg.Lifecycle); got != len(civreg.Statuses) {
		t.Fatalf("lifecycle has %d rules for %d statuses", got, len(civreg.Statuses))
	}
	for i, r := range civreg.Lifecycle {
		if r.Status != civreg.Statuses[i] {
			t.Errorf("rule %d is for %s, want %s (pipeline order)", i, r.Status, civreg.Statuses[i])
		}
	}
	tests := []struct {
		name string
		keep func(civreg.StatusRule) bool
		want []civreg.Status
	}{
		{"editable", func(r civreg.StatusRule) bool { return r.Editable }, []civreg.Status{civreg.StatusNeedsReview, civreg.StatusApproved, civreg.StatusArchived}},
		{"rejectable", func(r civreg.StatusRule) bool { return r.Rejectable }, []civreg.Status{civreg.StatusNeedsReview, civreg.StatusApproved}},
		{"published", func(r civreg.StatusRule) bool { return r.Published }, []civreg.Status{civreg.StatusApproved, civreg.StatusArchived}},
		{"in the pipeline", func(r civreg.StatusRule) bool { return r.InPipeline }, []civreg.Status{civreg.StatusQueued, civreg.StatusOCR, civreg.StatusExtracting, civreg.StatusApproved}},
		{"stopped", func(r civreg.StatusRule) bool { return r.Stopped }, []civreg.Status{civreg.StatusRejected, civreg.StatusFailed}},
	}
	for _, tt := range tests {
		if got := civreg.StatusesWhere(tt.keep); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if r := civreg.Status("lost").Rule(); r.Editable || r.Approvable || r.Indexed || r.Published {
		t.Errorf("an unknown status allows something: %+v", r)
	}
}

func TestStagesHaveWorkInTheirStatuses(t *testing.T) {
	tests := []struct {
		stage civreg.Stage
		has   []civreg.Status
	}{
		{civreg.StageOCR, []civreg.Status{civreg.StatusQueued, civreg.StatusOCR}},
		{civreg.StageExtract, []civreg.Status{civreg.StatusExtracting}},
		{civreg.StageArchive, []civreg.Status{civreg.StatusApproved}},
	}
	for _, tt := range tests {
		for _, s := range civreg.Statuses {
			if got, want := civreg.Stages[tt.stage].Has(s), slices.Contains(tt.has, s); got != want {
				t.Errorf("%s has work in %s: %v, want %v", tt.stage, s, got, want)
			}
		}
		if during := civreg.Stages[tt.stage].During; !civreg.Stages[tt.stage].Has(during) {
			t.Errorf("%s runs in %s, a status it has no work in", tt.stage, during)
		}
	}
}

// TestEveryStatusHasABadge: each status has its own word and icon, and a tone the stylesheet
// colours, so that no badge is blank or two statuses look the same.
func TestEveryStatusHasABadge(t *testing.T) {
	tones := map[string]bool{"waiting": true, "attention": true, "good": true, "stopped": true}
	words, icons := map[string]bool{}, map[string]bool{}
	for _, r := range civreg.Lifecycle {
		if r.Word == "" || r.Icon == "" || !tones[r.Tone] {
			t.Errorf("%s: word %q, icon %q, tone %q", r.Status, r.Word, r.Icon, r.Tone)
		}
		if words[r.Word] || icons[r.Icon] {
			t.Errorf("%s shares its word or icon with another status", r.Status)
		}
		words[r.Word], icons[r.Icon] = true, true
	}
	if s := civreg.Status("lost"); s.Word() != "lost" || s.Tone() != "unknown" {
		t.Errorf("an unknown status badge: %q %q", s.Word(), s.Tone())
	}
}
