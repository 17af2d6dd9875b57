package linkage_test

import (
	"testing"

	"civreg"
	"civreg/linkage"
	"civreg/linkage/population"
)

// TestHeldOutPopulationMeetsTargets measures the linkage with its thresholds (tuned on seed
// 1) on a population it was not tuned on.
func TestHeldOutPopulationMeetsTargets(t *testing.T) {
	pop := population.Generate(population.ForRecords(2, 30000))
	res := linkage.NewLinker().Link(pop.Records, nil)
	got := pop.Measure(res)
	targets := []struct {
		kind              linkage.Kind
		precision, recall float64
	}{
		{linkage.SamePerson, 0.97, 0.90},
		{linkage.Duplicate, 0.95, 0.85},
	}
	for _, tg := range targets {
		m := got[tg.kind]
		t.Logf("%s: precision %.4f recall %.4f (%d true pairs, %d links, review %d)", tg.kind, m.Precision, m.Recall, m.Truth, m.Links, m.Review)
		if m.Truth < 100 {
			t.Fatalf("%s: only %d true pairs generated; the population is too small to measure", tg.kind, m.Truth)
		}
		if m.Precision < tg.precision || m.Recall < tg.recall {
			t.Errorf("%s: precision %.4f (want >= %.2f), recall %.4f (want >= %.2f)", tg.kind, m.Precision, tg.precision, m.Recall, tg.recall)
		}
	}
}

// TestComparedPairsGrowNearLinearly checks blocking keeps the work in step with the records
// without losing the pairs to find: four times the records may cost at most a quarter more
// comparisons a record, and all but 1% of the true pairs are still compared at all.
func TestComparedPairsGrowNearLinearly(t *testing.T) {
	small := population.Generate(population.ForRecords(3, 5000))
	large := population.Generate(population.ForRecords(3, 20000))
	l := linkage.NewLinker()
	a := l.Link(small.Records, nil).Compared
	complete := large.NewCompleteness()
	l.Compared = complete.Observe
	b := l.Link(large.Records, nil).Compared
	perA, perB := float64(a)/float64(len(small.Records)), float64(b)/float64(len(large.Records))
	t.Logf("%d records: %d pairs (%.2f a record); %d records: %d pairs (%.2f a record); pair completeness %v",
		len(small.Records), a, perA, len(large.Records), b, perB, complete.Share())
	if perB > 1.25*perA {
		t.Errorf("pairs per record grew from %.2f to %.2f for four times the records", perA, perB)
	}
	for kind, share := range complete.Share() {
		if share < 0.99 {
			t.Errorf("%s: only %.4f of the true pairs compared", kind, share)
		}
	}
}

func BenchmarkLink(b *testing.B) {
	pop := population.Generate(population.ForRecords(1, 50000))
	b.ResetTimer()
	for range b.N {
		linkage.NewLinker().Link(pop.Records, nil)
	}
}

func rec(id int64, t civreg.RecordType, kv ...string) linkage.Record {
	r := linkage.Record{ID: id, Type: t, Fields: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Fields[kv[i]] = kv[i+1]
	}
	return r
}
