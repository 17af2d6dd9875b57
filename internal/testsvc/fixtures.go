package testsvc

import (
	"context"
	"testing"

	"civreg"
	"civreg/storage"
)

// User creates a registry user for a test, which stops at once if the database refuses.
func User(t testing.TB, db *storage.DB, name string, role civreg.Role, password string) *civreg.User {
	t.Helper()
	u, err := db.CreateUser(context.Background(), name, role, password)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Batch creates a batch of one record a page, opened by u, for a test.
func Batch(t testing.TB, db *storage.DB, u *civreg.User, name string, rt civreg.RecordType) *civreg.Batch {
	t.Helper()
	b, err := db.CreateBatch(context.Background(), u, name, rt, false)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
