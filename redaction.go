package civreg

import (
	"sort"
	"strings"
)

// ScanCover is what must be covered on page n of rec's scan before u sees it: the boxes (page
// image pixels) of the record's sensitive fields on that page. covered is false for a role
// that sees sensitive fields, which gets the scan as it is. A sensitive field of the record's
// type whose place on the scan is unknown (not read, or read without a box) gives EFORBIDDEN:
// its value could be anywhere on the scan, so the scan is withheld rather than shown.
//
// On a register page that holds several entries, Ministry of Health staff see only their
// record's band: the rest of the page (other entries, which may be unapproved or hold their
// own sensitive values) is covered too, whatever their grant.
func (u *User) ScanCover(rec *Record, n int) (boxes [][4]int, covered bool, err error) {
	outside := u.outsideEntry(rec, n)
	if u.MaySeeSensitive() {
		return outside, len(outside) > 0, nil
	}
	defer func() {
		if err == nil {
			boxes = append(boxes, outside...)
		}
	}()
	var unknown []string
	for _, key := range sensitiveKeys(rec) {
		f, ok := rec.Fields[key]
		if !ok || f.Page < 1 || len(f.Box) != 4 {
			unknown = append(unknown, strings.ReplaceAll(key, "_", " "))
		} else if f.Page == n {
			boxes = append(boxes, [4]int{f.Box[0], f.Box[1], f.Box[2], f.Box[3]})
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, true, Errorf(EFORBIDDEN, "the scan of record %d is withheld from your role: where the %s is written on it is not known, so it cannot be covered; its fields are what you may see of it",
			rec.ID, strings.Join(unknown, " and the "))
	}
	return boxes, true, nil
}

// wholePage stands for "to the page's edge": covers are clipped to the image.
const wholePage = 1 << 24

// CoverMargin is the most a cover grows past its box when it is painted (package redact):
// covers of the area around an entry stop this far short of its band, so that grown they
// meet the band's edge and leave the band itself readable.
const CoverMargin = 24

// outsideEntry covers what lies outside rec's band on page n for health staff: all of a page
// the entry is not on, and around the band on the page it is on. A record that is the whole
// page (no region) has nothing outside it.
func (u *User) outsideEntry(rec *Record, n int) [][4]int {
	if u.Role != RoleHealth || len(rec.Region) != 4 {
		return nil
	}
	if page := max(rec.EntryPage, 1); page != n {
		return [][4]int{{0, 0, wholePage, wholePage}}
	}
	m := CoverMargin
	x0, y0, x1, y1 := rec.Region[0]-m, rec.Region[1]-m, rec.Region[2]+m, rec.Region[3]+m
	return [][4]int{
		{0, 0, wholePage, y0},         // above the band
		{0, y1, wholePage, wholePage}, // below it
		{0, y0, x0, y1},               // left of it
		{x1, y0, wholePage, y1},       // right of it
	}
}

// sensitiveKeys are the sensitive fields of rec's type and any key of rec the registry does not
// know (IsSensitive counts those as sensitive).
func sensitiveKeys(rec *Record) []string {
	var keys []string
	for _, spec := range FieldsOf(rec.RecordType) {
		if spec.Sensitive {
			keys = append(keys, spec.Key)
		}
	}
	for k := range rec.Fields {
		if _, known := LookupField(k); !known {
			keys = append(keys, k)
		}
	}
	return keys
}
