package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"civreg"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"
)

// keyedAs is how a keyer types value of field key: dates day first with a two-figure year
// where that reads back the same, sex as b or g, a district as the shortest start of its
// name the gazetteer knows; the rest as written.
func keyedAs(key, value string) string {
	spec, _ := civreg.LookupField(key)
	switch spec.Kind {
	case civreg.KindDate:
		var y, m, d int
		fmt.Sscanf(value, "%d-%d-%d", &y, &m, &d)
		short := fmt.Sprintf("%d %d %02d", d, m, y%100)
		if got, _ := civreg.ParseKeyedDate(short, time.Now()); got == value {
			return short
		}
		return fmt.Sprintf("%d %d %d", d, m, y)
	case civreg.KindSex:
		return map[string]string{"M": "b", "F": "g"}[value]
	case civreg.KindDistrict:
		for n := 1; n <= len(value); n++ {
			if got, ok := civreg.KeyedDistrict(strings.ToLower(value[:n])); ok && got == value {
				return strings.ToLower(value[:n])
			}
		}
	}
	return value
}

// keyer is a scripted person at the keying screen, keyboard only.
type keyer struct {
	b       *browserSession
	entries map[int64]map[string]string // record → what to key, by field
	// illegible marks fields the keyer cannot read (Ctrl+I), by record.
	illegible map[int64]string
}

// keyAll keys every entry /keying/next offers until the list is empty, and returns how many.
func (k *keyer) keyAll(t *testing.T) int {
	b := k.b
	b.do("open the next entry to key", chromedp.Navigate(b.base+"/keying/next"))
	n := 0
	for {
		b.wait("a keying screen or the empty list", `!!document.getElementById("key-form") && document.activeElement && document.activeElement.id.startsWith("k-") || location.pathname === "/keying"`, 20*time.Second)
		id, err := chromedp.Run(b.ctx, chromedp.Evaluate[int64](`document.getElementById("key-form") ? Number(document.getElementById("keying").dataset.record) : 0`))
		if err != nil {
			t.Fatal(err)
		}
		if id == 0 {
			return n
		}
		if n == 0 {
			b.screenshot("keying")
		}
		values, ok := k.entries[id]
		if !ok {
			t.Fatalf("the keying list offered record %d, not one of this test's", id)
		}
		keys, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#key-form input")).map(i => i.name)`))
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range keys {
			if k.illegible[id] == key {
				b.do("mark "+key+" illegible", chromedp.KeyEvent("i", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
				continue
			}
			b.do("key "+key, chromedp.KeyEvent(keyedAs(key, values[key])+"\r"))
		}
		b.wait("the keying sent", fmt.Sprintf(`!document.getElementById("keying") || document.getElementById("keying").dataset.record != "%d"`, id), 20*time.Second)
		n++
	}
}

// TestBrowserKeysTwentyHandwrittenEntries: a scripted keyer keys 20 handwritten register
// entries in Chromium from the keyboard alone, Enter after each field; every value reaches
// the record as the register has it, and each field took no more keys than the characters
// stored plus one. It reports keys and seconds a field (README, "Keying").
func TestBrowserKeysTwentyHandwrittenEntries(t *testing.T) {
	chromium := chromiumOrFail(t)
	e := newEnv(t)
	entries := e.handwrittenEntries(t, civreg.KeyingSingle, 20, 7)
	k := &keyer{b: openBrowser(t, e, chromium), entries: map[int64]map[string]string{}, illegible: map[int64]string{}}
	for i, en := range entries {
		k.entries[en.ID] = en.Truth
		if i%5 == 0 {
			k.illegible[en.ID] = "place_of_birth"
		}
	}
	k.b.login("reviewer1")
	if n := k.keyAll(t); n != 20 {
		t.Fatalf("keyed %d entries, want 20", n)
	}

	ctx := context.Background()
	for _, en := range entries {
		rec, err := e.db.Record(ctx, en.ID)
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range en.Truth {
			f := rec.Fields[key]
			if k.illegible[en.ID] == key {
				if !f.NeedsReview || f.SetBy != "" {
					t.Errorf("record %d: the illegible %s was set: %+v", en.ID, key, f)
				}
			} else if f.Value != want || f.SetBy != "reviewer1" || f.NeedsReview {
				t.Errorf("record %d: %s is %q (set by %q), want %q keyed by reviewer1", en.ID, key, f.Value, f.SetBy, want)
			}
		}
		if rec.Status != civreg.StatusNeedsReview {
			t.Errorf("record %d is %s after keying; approval is a reviewer's", en.ID, rec.Status)
		}
	}
	reportKeying(t, e)
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'record.key'`); n != 20 {
		t.Errorf("%d record.key audit rows, want 20", n)
	}
}

// reportKeying checks that no field took more keys than its stored characters plus one, and
// logs the keys and seconds a field.
func reportKeying(t *testing.T, e *env) {
	t.Helper()
	rows := e.keyedFields(t)
	var keys, chars, over int
	var secs float64
	for _, r := range rows {
		keys += r.keys
		chars += len([]rune(r.value))
		secs += r.seconds
		if r.keys > len([]rune(r.value))+1 {
			over++
			t.Errorf("%s = %q took %d keys, over its %d characters plus one", r.key, r.value, r.keys, len([]rune(r.value)))
		}
	}
	n := float64(len(rows))
	t.Logf("keying: %d fields of 20 entries, %.2f keys a field (stored characters + 1: %.2f), %.3f s a field (scripted keyer), %d fields over target",
		len(rows), float64(keys)/n, float64(chars)/n+1, secs/n, over)
}

type keyedRow struct {
	key, value string
	keys       int
	seconds    float64
}

func (e *env) keyedFields(t *testing.T) []keyedRow {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, _ := c.Query(ctx, `SELECT key, value, keystrokes, seconds FROM keyed_fields`)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (keyedRow, error) {
		var kr keyedRow
		return kr, r.Scan(&kr.key, &kr.value, &kr.keys, &kr.seconds)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBrowserDoubleKeyingAndArbitration: in Chromium, two keyers key three entries of a
// double-keyed batch, neither shown the other's values nor OCR's; each mistypes one field of
// a different entry. The fields they agree on are on the records at once; an arbitrator picks
// each disagreement with one key, and the records then hold what the register says, ready
// for a reviewer's approval. The admin's keyers page shows each keyer's agreement.
func TestBrowserDoubleKeyingAndArbitration(t *testing.T) {
	chromium := chromiumOrFail(t)
	e := newEnv(t)
	ctx := context.Background()
	for _, name := range []string{"reviewer2", "reviewer3"} {
		if _, err := e.db.CreateUser(ctx, name, civreg.RoleReviewer, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
	}
	entries := e.handwrittenEntries(t, civreg.KeyingDouble, 3, 11)
	b := openBrowser(t, e, chromium)
	typed := func(wrong int, key, value string) *keyer {
		k := &keyer{b: b, entries: map[int64]map[string]string{}}
		for i, en := range entries {
			k.entries[en.ID] = map[string]string{}
			for f, v := range en.Truth {
				k.entries[en.ID][f] = v
			}
			if i == wrong {
				k.entries[en.ID][key] = value
			}
		}
		return k
	}
	wrongSex := map[string]string{"M": "F", "F": "M"}[entries[0].Truth["sex"]]
	for _, who := range []struct {
		name string
		k    *keyer
	}{{"reviewer1", typed(0, "sex", wrongSex)}, {"reviewer2", typed(1, "child_name", entries[1].Truth["child_name"]+"e")}} {
		b.login(who.name)
		b.do("open the first entry", chromedp.Navigate(b.base+"/records/"+itoa(entries[0].ID)+"/key"))
		shown, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#key-form input")).map(i => i.value + i.placeholder).join("")`))
		if err != nil || shown != "" {
			t.Errorf("%s's keying screen shows values before keying: %q, %v", who.name, shown, err)
		}
		if n := who.k.keyAll(t); n != 3 {
			t.Fatalf("%s keyed %d entries, want 3", who.name, n)
		}
		b.logout()
	}
	if f := e.fieldOf(t, entries[2].ID, "child_name"); f.Value != entries[2].Truth["child_name"] || f.NeedsReview {
		t.Errorf("a name both keyed alike is not on the record: %+v", f)
	}

	b.login("reviewer3")
	arbitrateAll(t, e, b, entries)
	b.wait("the empty lists", `location.pathname === "/keying"`, 20*time.Second)

	for _, en := range entries {
		for key, want := range en.Truth {
			if f := e.fieldOf(t, en.ID, key); f.Value != want || f.NeedsReview {
				t.Errorf("record %d: %s is %+v, want %q", en.ID, key, f, want)
			}
		}
		rec, _ := e.db.Record(ctx, en.ID)
		reviewer3, _ := e.db.UserByName(ctx, "reviewer3")
		if err := e.db.ApproveRecord(ctx, reviewer3, en.ID, rec.Version); err != nil {
			t.Errorf("approving keyed record %d: %v", en.ID, err)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'record.arbitrate'`); n != 2 {
		t.Errorf("%d record.arbitrate audit rows, want 2", n)
	}
	adminSeesAgreement(t, b, entries)
}

// adminSeesAgreement: the admin's keyers page names both keyers and how many fields were compared.
func adminSeesAgreement(t *testing.T, b *browserSession, entries []keyedEntry) {
	t.Helper()
	b.logout()
	b.login("admin1")
	b.do("open the keyers page", chromedp.Navigate(b.base+"/admin/keyers"))
	text := b.text("#keyers")
	n := len(entries[0].Truth) + len(entries[1].Truth) + len(entries[2].Truth)
	for _, want := range []string{"reviewer1", "reviewer2", fmt.Sprintf("of %d", n)} {
		if !strings.Contains(text, want) {
			t.Errorf("the keyers page lacks %q:\n%s", want, text)
		}
	}
	b.screenshot("keyers")
	t.Logf("double keying: %d fields of 3 entries each keyed twice; 2 disagreements arbitrated; keyers page:\n%s", n, text)
}

// arbitrateAll settles, as the signed-in arbitrator, the two entries /keying/next offers
// for arbitration, each disagreement picked with one key for the keying that holds what the
// register says.
func arbitrateAll(t *testing.T, e *env, b *browserSession, entries []keyedEntry) {
	t.Helper()
	b.do("open the next entry to arbitrate", chromedp.Navigate(b.base+"/keying/next?list=arbitrate"))
	for n := 0; n < 2; n++ {
		b.wait("an arbitration screen", `!!document.getElementById("arbitrate-form") && document.getElementById("arbitrate").dataset.ready === "true" && !document.getElementById("arbitrate").dataset.done`, 20*time.Second)
		if n == 0 {
			b.screenshot("arbitration")
		}
		id, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int64](`Number(document.getElementById("arbitrate").dataset.record)`))
		truth := e.truthOf(entries, id)
		labels, err := chromedp.Run(b.ctx, chromedp.Evaluate[[][]string](`Array.from(document.querySelectorAll("fieldset.dispute")).map(f => [f.dataset.key].concat(Array.from(f.querySelectorAll("label.pick")).map(l => l.textContent.trim())))`))
		if err != nil || len(labels) != 1 {
			t.Fatalf("record %d: disputes %v, %v; want one", id, labels, err)
		}
		pick := ""
		for i, l := range labels[0][1:] {
			if strings.HasSuffix(l, " "+truth[labels[0][0]]) && i < 2 {
				pick = fmt.Sprint(i + 1)
			}
		}
		if pick == "" {
			t.Fatalf("record %d: no keying holds the register's %s %q: %v", id, labels[0][0], truth[labels[0][0]], labels)
		}
		b.do("pick and store", chromedp.KeyEvent(pick), chromedp.KeyEvent("\r"))
		b.wait("the picks stored", fmt.Sprintf(`!document.getElementById("arbitrate") || document.getElementById("arbitrate").dataset.record != "%d"`, id), 20*time.Second)
	}
}

func (e *env) fieldOf(t *testing.T, id int64, key string) civreg.Field {
	t.Helper()
	rec, err := e.db.Record(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Fields[key]
}

func (e *env) truthOf(entries []keyedEntry, id int64) map[string]string {
	for _, en := range entries {
		if en.ID == id {
			return en.Truth
		}
	}
	return nil
}
