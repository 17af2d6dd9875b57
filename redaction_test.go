package civreg_test

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"civreg"
	"civreg/redact"
)

// TestHealthStaffSeeOnlyTheirEntrysBandOfASharedPage: on a register page of several entries,
// the derivative health staff get shows their record's band and covers every other pixel,
// granted the sensitive fields or not; roles that see everything get the page as it is.
func TestHealthStaffSeeOnlyTheirEntrysBandOfASharedPage(t *testing.T) {
	band := image.Rect(100, 400, 900, 600)
	rec := &civreg.Record{ID: 7, RecordType: civreg.Birth, Entry: 2, EntryPage: 1, PageOf: 6,
		Region: []int{band.Min.X, band.Min.Y, band.Max.X, band.Max.Y},
		Fields: map[string]civreg.Field{
			"date_of_birth":  {Value: "1987-03-14", Page: 1, Box: []int{150, 450, 300, 480}},
			"place_of_birth": {Value: "Cayon", Page: 1, Box: []int{320, 450, 420, 480}},
		}}
	health := &civreg.User{Role: civreg.RoleHealth}
	granted := &civreg.User{Role: civreg.RoleHealth, SeesSensitive: true}
	reviewer := &civreg.User{Role: civreg.RoleReviewer}

	for _, tc := range []struct {
		name      string
		u         *civreg.User
		sensitive bool // the sensitive boxes are covered too
	}{{"health", health, true}, {"health granted the sensitive fields", granted, false}} {
		boxes, covered, err := tc.u.ScanCover(rec, 1)
		if err != nil || !covered {
			t.Fatalf("%s: covered %v, err %v", tc.name, covered, err)
		}
		page := paint(boxes)
		for _, p := range []image.Point{{50, 50}, {500, 390}, {500, 610}, {90, 500}, {910, 500}, {999, 999}} {
			if !black(page, p) {
				t.Errorf("%s: %v outside the entry's band is readable", tc.name, p)
			}
		}
		for _, p := range []image.Point{{500, 410}, {500, 590}, {110, 500}, {890, 550}} {
			if black(page, p) {
				t.Errorf("%s: %v inside the entry's band is covered", tc.name, p)
			}
		}
		if got := black(page, image.Pt(200, 465)); got != tc.sensitive {
			t.Errorf("%s: date of birth covered %v, want %v", tc.name, got, tc.sensitive)
		}
	}
	other := *rec
	other.EntryPage = 2
	boxes, _, _ := health.ScanCover(&other, 1)
	if page := paint(boxes); !black(page, image.Pt(500, 500)) || !black(page, image.Pt(1, 1)) {
		t.Error("a page the entry does not stand on is readable to health staff")
	}
	if boxes, covered, _ := reviewer.ScanCover(rec, 1); covered || len(boxes) > 0 {
		t.Errorf("a reviewer's scan is covered: %v", boxes)
	}
	whole := *rec
	whole.Region = nil
	boxes, _, _ = health.ScanCover(&whole, 1)
	if page := paint(boxes); black(page, image.Pt(800, 800)) {
		t.Error("a record that is its whole page is covered beyond its sensitive fields")
	}
}

func paint(boxes [][4]int) image.Image {
	page := image.NewGray(image.Rect(0, 0, 1000, 1000))
	draw.Draw(page, page.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	return redact.Cover(page, boxes)
}

func black(img image.Image, p image.Point) bool {
	r, _, _, _ := img.At(p.X, p.Y).RGBA()
	return r == 0
}
