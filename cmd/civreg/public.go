package main

import (
	"context"
	"errors"
	"fmt"
	"net"

	"civreg/storage"
)

// devMinIOSecret is the MinIO secret key of the defaults, for a laptop only.
const devMinIOSecret = "civreg-dev-secret"

// refuseDevelopmentSetup stops civreg serve from listening beyond this machine with what is
// fit only for a laptop: the development MinIO secret, a database superuser (who could
// rewrite the audit log) or a plain database connection to another host, unless that host is
// on a private network (CIVREG_DATABASE_PRIVATE). Each reason is named.
func refuseDevelopmentSetup(ctx context.Context, c *Config, db *storage.DB) error {
	if loopback(c.Listen) {
		return nil
	}
	var why []error
	if c.MinIOSecretKey == devMinIOSecret {
		why = append(why, errors.New("CIVREG_MINIO_SECRET_KEY is the development secret"))
	}
	if super, err := db.IsSuperuser(ctx); err != nil {
		return err
	} else if super {
		why = append(why, errors.New("CIVREG_DATABASE_URL signs in as a superuser: set CIVREG_MIGRATE_DATABASE_URL to the owner and CIVREG_DATABASE_URL to an app role, then run civreg migrate"))
	}
	cfg, err := storage.ParseURL(c.DatabaseURL)
	if err != nil {
		return fmt.Errorf("CIVREG_DATABASE_URL: %w", err)
	}
	if !cfg.TLS && !loopback(net.JoinHostPort(cfg.Host, "0")) && !c.DatabasePrivate {
		why = append(why, fmt.Errorf("CIVREG_DATABASE_URL reaches %s without TLS (sslmode=disable): use sslmode=verify-full, or set CIVREG_DATABASE_PRIVATE=true on a private network", cfg.Host))
	}
	if len(why) > 0 {
		return fmt.Errorf("serve: refusing to listen on %s with a development setup: %w", c.Listen, errors.Join(why...))
	}
	return nil
}

// loopback reports whether host:port names only this machine (a Unix socket path counts).
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" || len(host) > 0 && host[0] == '/' {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
