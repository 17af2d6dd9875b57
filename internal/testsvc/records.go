package testsvc

import (
	"testing"

	"civreg"
	"civreg/linkage"
	"civreg/storage"
)

// ApprovedRecords stores recs, with their own IDs and fields, as approved records of batch,
// in two statements: tests of the linkage need populations no upload could make quickly.
func ApprovedRecords(t testing.TB, url string, batch int64, recs []linkage.Record) {
	t.Helper()
	var ids, fieldIDs []int64
	var types, keys, values []string
	for _, r := range recs {
		ids = append(ids, r.ID)
		types = append(types, string(r.Type))
		for k, v := range r.Fields {
			fieldIDs, keys, values = append(fieldIDs, r.ID), append(keys, k), append(values, v)
		}
	}
	Exec(t, url, `INSERT INTO records (id, batch_id, record_type, status, approved_at, approved_by)
		SELECT unnest($1::bigint[]), $2, unnest($3::text[]), 'approved', now(), 'test'`, ids, batch, types)
	Exec(t, url, `SELECT setval('records_id_seq', (SELECT max(id) FROM records))`)
	Exec(t, url, `INSERT INTO fields (record_id, key, value, confidence, needs_review, version)
		SELECT unnest($1::bigint[]), unnest($2::text[]), unnest($3::text[]), 1, false, 1`, fieldIDs, keys, values)
}

// ApprovedPopulation is a new migrated database holding recs as approved records of one
// batch, and the database's URL.
func ApprovedPopulation(t testing.TB, recs []linkage.Record) (*storage.DB, string) {
	t.Helper()
	db, url := MigratedDB(t)
	b := Batch(t, db, User(t, db, "clerk", civreg.RoleClerk, ""), "Registers", civreg.Birth)
	ApprovedRecords(t, url, b.ID, recs)
	return db, url
}
