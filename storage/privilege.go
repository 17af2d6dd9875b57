package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// GrantApp makes role the one civreg serve and work connect as, and is run by civreg migrate
// as the schema's owner after the migrations: it may log in (with password, when not empty),
// read and write the registry's tables, only read and append to the audit log, and only read
// schema_migrations. It owns nothing, so it can neither change the schema nor disable the
// audit log's triggers. Run again after every migration, it grants the tables added since.
func (db *DB) GrantApp(ctx context.Context, role, password string) error {
	return db.inTx(ctx, "grant "+role, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, role).Scan(&exists); err != nil {
			return err
		}
		verb := "CREATE"
		if exists {
			verb = "ALTER"
		}
		var pw any // NULL: PASSWORD NULL, no password (trust or certificate sign-in)
		if password != "" {
			pw = password
		}
		var create string
		if err := tx.QueryRow(ctx, `SELECT format('`+verb+` ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', $1::text, $2::text)`,
			role, pw).Scan(&create); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, create); err != nil {
			return fmt.Errorf("%s role %s: %w", verb, role, err) // not the statement: it holds the password
		}
		stmts := []string{
			`SELECT format('REVOKE CREATE ON SCHEMA public FROM PUBLIC, %I', $1::text)`,
			`SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), $1::text)`,
			`SELECT format('GRANT USAGE ON SCHEMA public TO %I', $1::text)`,
			`SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO %I', $1::text)`,
			`SELECT format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', $1::text)`,
			`SELECT format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM %I', $1::text)`,
			`SELECT format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', $1::text)`,
		}
		for _, q := range stmts {
			var sql string
			if err := tx.QueryRow(ctx, q, role).Scan(&sql); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, sql); err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
		}
		return nil
	})
}

// IsSuperuser reports whether the database user civreg connects as is a superuser (which
// could disable the audit log's triggers): civreg serve refuses that on a public address.
func (db *DB) IsSuperuser(ctx context.Context) (bool, error) {
	var super bool
	err := db.pool.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super)
	return super, wrap(err, "database role")
}
