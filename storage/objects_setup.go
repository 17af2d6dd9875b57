package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/lifecycle"
)

// appPolicyName is the MinIO policy for the app's user on one bucket: a user may be given the
// policies of several buckets (the benchmarks' own beside the registry's).
func appPolicyName(bucket string) string { return "civreg-app-" + bucket }

// remakeable are the key prefixes of what the pipeline can make again from the originals:
// their replaced versions expire; originals' and archive copies' versions never do.
var remakeable = []string{"pages/", "words/", "derived/", "incoming/"}

// noncurrentDays is how long a replaced page image, words or derivative is kept.
const noncurrentDays = 30

// SetUpObjects prepares MinIO for the registry, signed in as its root user (admin): the
// bucket, versioning on it (an original overwritten or deleted keeps its bytes as an older
// version, which only the root user can remove), older versions of remakeable objects
// expiring, and, when app names another user, that user with a policy that may read, write
// and delete current objects of the bucket but not delete a version, change the bucket's
// versioning, lifecycle or policy, make or remove buckets, or administer the server.
// It is safe to run again: it sets what is already set.
func SetUpObjects(ctx context.Context, admin ObjectsConfig, appUser, appSecret string) error {
	client, err := minio.New(admin.Endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(admin.AccessKey, admin.SecretKey, ""), Secure: admin.Secure,
	})
	if err != nil {
		return fmt.Errorf("storage: minio %s: %w", admin.Endpoint, err)
	}
	if _, err := OpenObjects(ctx, admin); err != nil { // makes the bucket
		return err
	}
	if err := client.EnableVersioning(ctx, admin.Bucket); err != nil {
		return fmt.Errorf("storage: versioning on bucket %s: %w", admin.Bucket, err)
	}
	rules := lifecycle.NewConfiguration()
	for _, p := range remakeable {
		rules.Rules = append(rules.Rules, lifecycle.Rule{
			ID: "expire-replaced-" + p[:len(p)-1], Status: "Enabled",
			RuleFilter:                  lifecycle.Filter{Prefix: p},
			NoncurrentVersionExpiration: lifecycle.NoncurrentVersionExpiration{NoncurrentDays: noncurrentDays},
		})
	}
	if err := client.SetBucketLifecycle(ctx, admin.Bucket, rules); err != nil {
		return fmt.Errorf("storage: lifecycle of bucket %s: %w", admin.Bucket, err)
	}
	if appUser == "" || appUser == admin.AccessKey {
		return nil
	}
	return setUpAppUser(ctx, admin, appUser, appSecret)
}

// setUpAppUser makes (or updates) the app's user and gives it the bucket's policy.
func setUpAppUser(ctx context.Context, admin ObjectsConfig, user, secret string) error {
	adm, err := madmin.NewWithOptions(admin.Endpoint, &madmin.Options{
		Creds: credentials.NewStaticV4(admin.AccessKey, admin.SecretKey, ""), Secure: admin.Secure,
	})
	if err != nil {
		return fmt.Errorf("storage: minio admin %s: %w", admin.Endpoint, err)
	}
	policy, err := json.Marshal(appPolicy(admin.Bucket))
	if err != nil {
		return err
	}
	name := appPolicyName(admin.Bucket)
	if err := adm.AddCannedPolicy(ctx, name, policy); err != nil {
		return fmt.Errorf("storage: minio policy %s: %w", name, err)
	}
	if err := adm.AddUser(ctx, user, secret); err != nil {
		return fmt.Errorf("storage: minio user %s: %w", user, err)
	}
	_, err = adm.AttachPolicy(ctx, madmin.PolicyAssociationReq{Policies: []string{name}, User: user})
	// Attaching a policy the user has already is refused; that is the state wanted.
	if err != nil && madmin.ToErrorResponse(err).Code != "XMinioAdminPolicyChangeAlreadyApplied" {
		return fmt.Errorf("storage: minio policy %s for %s: %w", name, user, err)
	}
	return nil
}

// appPolicy is what the app may do: objects of its bucket, current versions only.
func appPolicy(bucket string) map[string]any {
	return map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{
			{
				"Effect":   "Allow",
				"Action":   []string{"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"},
				"Resource": []string{"arn:aws:s3:::" + bucket},
			},
			{
				"Effect": "Allow",
				"Action": []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
					"s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"},
				"Resource": []string{"arn:aws:s3:::" + bucket + "/*"},
			},
			// MinIO lets s3:DeleteObject remove a version unless this is denied outright.
			{
				"Effect":   "Deny",
				"Action":   []string{"s3:DeleteObjectVersion"},
				"Resource": []string{"arn:aws:s3:::" + bucket + "/*"},
			},
		},
	}
}

// Privileged reports whether o's user may read the bucket's versioning, which the app's
// policy does not allow: it signs in as the root user or another too powerful one.
func (o *Objects) Privileged(ctx context.Context) (bool, error) {
	_, err := o.client.GetBucketVersioning(ctx, o.bucket)
	if minio.ToErrorResponse(err).Code == "AccessDenied" {
		return false, nil
	} else if err != nil {
		return false, objectErr(err, "versioning of %s", o.bucket)
	}
	return true, nil
}
