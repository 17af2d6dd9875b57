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
func (u *User) ScanCover(rec *Record, n int) (boxes [][4]int, covered bool, err error) {
	if u.MaySeeSensitive() {
		return nil, false, nil
	}
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
