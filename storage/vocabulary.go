package storage

import (
	"context"

	"civreg"
)

// NameVocabulary returns the values of the non-sensitive fields of one kind (civreg.KindName:
// the names; civreg.KindText: places such as the place of marriage) of published (approved,
// archived) records, each with how many records hold it: what extract.NewVocabulary checks
// words OCR may have misread against. A kind no field has gives an empty map; sensitive fields
// are never read, so no suggestion drawn from it can show a value a role may not see.
func (db *DB) NameVocabulary(ctx context.Context, kind string) (map[string]int, error) {
	var keys []string
	for _, f := range civreg.FieldSpecs {
		if f.Kind == kind && !f.Sensitive {
			keys = append(keys, f.Key)
		}
	}
	switch kind {
	case civreg.KindName, civreg.KindText:
	default:
		return nil, civreg.Errorf(civreg.EINVALID, "storage: a name vocabulary is of names or places, not of %q", kind)
	}
	rows, err := db.pool.Query(ctx, `SELECT f.value, count(DISTINCT f.record_id) FROM fields f JOIN records r ON r.id = f.record_id
		WHERE r.status = ANY($1) AND f.key = ANY($2) AND btrim(f.value) <> '' GROUP BY f.value`, publishedStatuses, keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return nil, err
		}
		out[v] = n
	}
	return out, rows.Err()
}
