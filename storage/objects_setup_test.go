package storage_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/storage"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// The app's MinIO user works the pipeline's objects but cannot destroy an original: deleting
// one leaves its bytes as an older version that only the root user can remove, and the app can
// neither remove a version nor turn versioning off nor administer the server.
func TestAppMinIOUserCannotDestroyAnOriginal(t *testing.T) {
	ctx := context.Background()
	m := testsvc.StartMinIO(t)
	admin := storage.ObjectsConfig{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: "civreg"}
	const user, secret = "civreg-app", "civreg-app-secret-for-tests"
	if err := storage.SetUpObjects(ctx, admin, user, secret); err != nil {
		t.Fatal(err)
	}
	if err := storage.SetUpObjects(ctx, admin, user, secret); err != nil {
		t.Fatalf("second SetUpObjects: %v", err)
	}
	app := admin
	app.AccessKey, app.SecretKey = user, secret
	objects, err := storage.OpenObjects(ctx, app)
	if err != nil {
		t.Fatalf("app opens its bucket: %v", err)
	}
	key := civreg.NewOriginalKey()
	if err := objects.PutNew(ctx, key, strings.NewReader("scan bytes"), 10, "image/tiff"); err != nil {
		t.Fatal(err)
	}
	if err := objects.PutNew(ctx, key, strings.NewReader("other bytes"), 11, "image/tiff"); !errors.Is(err, civreg.ErrObjectExists) {
		t.Fatalf("second PutNew on a versioned bucket = %v, want ErrObjectExists", err)
	}
	if err := objects.Remove(ctx, key); err != nil {
		t.Fatalf("app removes the current version: %v", err)
	}

	raw := func(access, secret string) *minio.Client {
		c, err := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(access, secret, "")})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	appClient, root := raw(user, secret), raw(m.AccessKey, m.SecretKey)
	var versions []minio.ObjectInfo
	for v := range root.ListObjects(ctx, "civreg", minio.ListObjectsOptions{Prefix: key, WithVersions: true}) {
		if v.Err != nil {
			t.Fatal(v.Err)
		}
		versions = append(versions, v)
	}
	var kept string
	for _, v := range versions {
		if !v.IsDeleteMarker {
			kept = v.VersionID
		}
	}
	if kept == "" {
		t.Fatalf("versions of a removed original = %+v, want its bytes kept", versions)
	}
	obj, err := root.GetObject(ctx, "civreg", key, minio.GetObjectOptions{VersionID: kept})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(obj); err != nil || string(b) != "scan bytes" {
		t.Fatalf("kept version = %q, %v", b, err)
	}

	denied := map[string]error{
		"remove a version":     appClient.RemoveObject(ctx, "civreg", key, minio.RemoveObjectOptions{VersionID: kept}),
		"suspend versioning":   appClient.SuspendVersioning(ctx, "civreg"),
		"remove the lifecycle": appClient.SetBucketLifecycle(ctx, "civreg", nil),
		"set a bucket policy":  appClient.SetBucketPolicy(ctx, "civreg", `{"Version":"2012-10-17","Statement":[]}`),
		"make a bucket":        appClient.MakeBucket(ctx, "elsewhere", minio.MakeBucketOptions{}),
		"remove the bucket":    appClient.RemoveBucket(ctx, "civreg"),
	}
	for what, err := range denied {
		if minio.ToErrorResponse(err).Code != "AccessDenied" {
			t.Errorf("app user may %s: err = %v, want AccessDenied", what, err)
		}
	}
	if v, err := root.GetBucketVersioning(ctx, "civreg"); err != nil || !v.Enabled() {
		t.Errorf("versioning after the app's attempts = %+v, %v; want enabled", v, err)
	}
}

// With only the app's own credentials and no bucket, civreg says what to run.
func TestAppMinIOUserWithoutBucketSaysRunMigrate(t *testing.T) {
	ctx := context.Background()
	m := testsvc.StartMinIO(t)
	admin := storage.ObjectsConfig{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: "civreg"}
	if err := storage.SetUpObjects(ctx, admin, "civreg-app", "civreg-app-secret-for-tests"); err != nil {
		t.Fatal(err)
	}
	_, err := storage.OpenObjects(ctx, storage.ObjectsConfig{Endpoint: m.Endpoint, AccessKey: "civreg-app", SecretKey: "civreg-app-secret-for-tests", Bucket: "missing"})
	if err == nil || !strings.Contains(err.Error(), "civreg migrate") {
		t.Fatalf("OpenObjects on a missing bucket as the app = %v, want advice to run civreg migrate", err)
	}
}

// One app user may hold the policies of several buckets; setting up the second keeps the first.
func TestAppMinIOUserKeepsEveryBucketItWasGiven(t *testing.T) {
	ctx := context.Background()
	m := testsvc.StartMinIO(t)
	const user, secret = "civreg-app", "civreg-app-secret-for-tests"
	for _, bucket := range []string{"civreg", "civreg-bench"} {
		admin := storage.ObjectsConfig{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: bucket}
		if err := storage.SetUpObjects(ctx, admin, user, secret); err != nil {
			t.Fatal(err)
		}
	}
	for _, bucket := range []string{"civreg", "civreg-bench"} {
		o, err := storage.OpenObjects(ctx, storage.ObjectsConfig{Endpoint: m.Endpoint, AccessKey: user, SecretKey: secret, Bucket: bucket})
		if err != nil {
			t.Fatalf("bucket %s: %v", bucket, err)
		}
		if err := o.Put(ctx, "pages/1/1.png", strings.NewReader("x"), 1, "image/png"); err != nil {
			t.Errorf("bucket %s: %v", bucket, err)
		}
	}
}
