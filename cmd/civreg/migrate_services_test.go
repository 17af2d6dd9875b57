package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"civreg/internal/testsvc"
	"civreg/storage"
)

// civreg migrate with MinIO's root user makes the bucket versioned and the app's user limited;
// serve on a public address then accepts the app's user and refuses the root user.
func TestMigrateMakesTheLimitedMinIOUserAndServeRefusesRoot(t *testing.T) {
	ctx := context.Background()
	m := testsvc.StartMinIO(t)
	c := &Config{MigrateURL: testsvc.Postgres(t), MinIOEndpoint: m.Endpoint, MinIOBucket: "civreg",
		MinIORootUser: m.AccessKey, MinIORootPassword: m.SecretKey,
		MinIOAccessKey: "civreg-app", MinIOSecretKey: "an app secret for tests"}
	c.DatabaseURL = c.MigrateURL
	var out bytes.Buffer
	if err := runMigrate(ctx, &Main{Config: c, Stdout: &out}, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "civreg-app may use its objects") {
		t.Fatalf("migrate said:\n%s", out.String())
	}
	open := func(access, secret string) *storage.Objects {
		o, err := storage.OpenObjects(ctx, storage.ObjectsConfig{Endpoint: m.Endpoint, AccessKey: access, SecretKey: secret, Bucket: "civreg"})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	public := *c
	public.Listen = "0.0.0.0:8080"
	if err := refusePowerfulServiceKeys(ctx, &public, open(c.MinIOAccessKey, c.MinIOSecretKey)); err != nil {
		t.Errorf("serve with the app's MinIO user: %v", err)
	}
	err := refusePowerfulServiceKeys(ctx, &public, open(m.AccessKey, m.SecretKey))
	if err == nil || !strings.Contains(err.Error(), "CIVREG_MINIO_ACCESS_KEY may change the bucket") {
		t.Errorf("serve with MinIO's root user: %v, want a refusal", err)
	}
	laptop := *c
	laptop.Listen = "127.0.0.1:8080"
	if err := refusePowerfulServiceKeys(ctx, &laptop, open(m.AccessKey, m.SecretKey)); err != nil {
		t.Errorf("serve on loopback with MinIO's root user: %v", err)
	}
}
