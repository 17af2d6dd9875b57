package main

import (
	"context"
	"fmt"

	"civreg/meili"
	"civreg/storage"
)

// setUpServices gives MinIO and Meilisearch, when their root credentials are configured, what
// serve and work need without those credentials: a versioned bucket and a limited MinIO user,
// and Meilisearch keys narrower than the master key (printed, for MEILI_KEY and
// MEILI_SEARCH_KEY).
func (m *Main) setUpServices(ctx context.Context) error {
	c := m.Config
	if c.MinIORootUser != "" {
		admin := storage.ObjectsConfig{Endpoint: c.MinIOEndpoint, AccessKey: c.MinIORootUser, SecretKey: c.MinIORootPassword,
			Bucket: c.MinIOBucket, Secure: c.MinIOSecure}
		if err := storage.SetUpObjects(ctx, admin, c.MinIOAccessKey, c.MinIOSecretKey); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		fmt.Fprintf(m.Stdout, "MinIO bucket %s is versioned; %s may use its objects, not delete a version or change the bucket\n", c.MinIOBucket, c.MinIOAccessKey)
	}
	if c.MeiliMasterKey != "" && c.MeiliURL != "" {
		keys, err := meili.MakeKeys(ctx, c.MeiliURL, c.MeiliMasterKey, c.MeiliIndex)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		fmt.Fprintf(m.Stdout, "Meilisearch keys for serve and work (the master key is for migrate only):\nMEILI_KEY=%s\nMEILI_SEARCH_KEY=%s\n", keys.Index, keys.Search)
	}
	return nil
}
