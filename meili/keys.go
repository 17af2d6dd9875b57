package meili

import (
	"context"
	"errors"
	"fmt"

	"github.com/meilisearch/meilisearch-go"
)

// Keys are the registry's own Meilisearch keys, made with the master key by civreg
// migrate, so that serve and work never hold the master key: Index writes the registry's
// indexes (documents, settings, the swap of a rebuild), Search only searches them.
type Keys struct{ Index, Search string }

// Fixed uids, so that making the keys again finds the ones made before.
const (
	meiliIndexKeyUID  = "0b6a4c1e-52d3-4f7e-9a61-3c8e2d5f7a01"
	meiliSearchKeyUID = "0b6a4c1e-52d3-4f7e-9a61-3c8e2d5f7a02"
)

// meiliKeyRequests are the two keys: a rebuild fills index_<suffix> before the swap, so the
// index key covers every index whose name starts with the live one's.
func meiliKeyRequests(index string) []*meilisearch.Key {
	return []*meilisearch.Key{
		{UID: meiliIndexKeyUID, Name: "civreg index", Description: "civreg serve and work: write the registry's indexes",
			Actions: []string{"search", "documents.*", "indexes.create", "indexes.get", "indexes.delete", "indexes.swap", "settings.*", "tasks.get"},
			Indexes: []string{index + "*"}},
		{UID: meiliSearchKeyUID, Name: "civreg search", Description: "civreg serve: search the registry",
			Actions: []string{"search"}, Indexes: []string{index}},
	}
}

// MakeKeys makes (or finds) the registry's keys with the master key and returns them.
func MakeKeys(ctx context.Context, url, masterKey, index string) (Keys, error) {
	client := meilisearch.New(url, meilisearch.WithAPIKey(masterKey))
	var got []string
	for _, req := range meiliKeyRequests(index) {
		k, err := client.GetKeyWithContext(ctx, req.UID)
		if notFound(err) {
			k, err = client.CreateKeyWithContext(ctx, req)
		}
		if err != nil {
			return Keys{}, fmt.Errorf("search: meilisearch key %q: %w", req.Name, err)
		}
		got = append(got, k.Key)
	}
	return Keys{Index: got[0], Search: got[1]}, nil
}

// IsMasterKey reports whether key may manage Meilisearch's keys, which only the master key
// may: civreg serve refuses to face a network with it.
func IsMasterKey(ctx context.Context, url, key string) (bool, error) {
	_, err := meilisearch.New(url, meilisearch.WithAPIKey(key)).GetKeysWithContext(ctx, &meilisearch.KeysQuery{Limit: 1})
	var me *meilisearch.Error
	if errors.As(err, &me) && (me.StatusCode == 403 || me.StatusCode == 401) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("search: meilisearch: %w", err)
	}
	return true, nil
}

// SearchWith makes m's searches sign in with key (the search key) instead of its own.
func (m *Index) SearchWith(url, key string) {
	m.searcher = meilisearch.New(url, meilisearch.WithAPIKey(key))
}

func notFound(err error) bool {
	var me *meilisearch.Error
	return errors.As(err, &me) && me.StatusCode == 404
}
