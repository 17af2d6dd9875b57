package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"civreg"
)

// parseInterspersed parses flags that may come before or after positional arguments
// (`user add NAME --role clerk`), returning the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

const userUsage = "civreg user add NAME --role ROLE [--password-stdin] | token NAME | list | role NAME ROLE | password NAME --password-stdin | revoke NAME"

func runUser(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: %s", userUsage)
	}
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	role := fs.String("role", "", "clerk, reviewer, health, archivist or admin")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	need := func(n int, what string) error {
		if len(pos) != n {
			return fmt.Errorf("usage: civreg user %s %s", args[0], what)
		}
		return nil
	}
	switch args[0] {
	case "add":
		if err := need(1, "NAME --role ROLE [--password-stdin]"); err != nil {
			return err
		}
		r, err := civreg.ParseRole(*role)
		if err != nil {
			return err
		}
		pw := ""
		if *pwStdin {
			if pw, err = readPassword(m.Stdin); err != nil {
				return err
			}
		}
		u, err := db.CreateUser(ctx, pos[0], r, pw)
		if err != nil {
			return err
		}
		db.Audit(ctx, nil, "user.add", 0, 0, map[string]any{"user": u.Name, "role": u.Role, "by": "civreg user"})
		fmt.Fprintf(m.Stdout, "user %s added with role %s\n", u.Name, u.Role)
	case "token":
		if err := need(1, "NAME"); err != nil {
			return err
		}
		u, err := db.UserByName(ctx, pos[0])
		if err != nil {
			return err
		}
		tok, err := db.NewToken(ctx, u.ID)
		if err != nil {
			return err
		}
		db.Audit(ctx, nil, "user.token", 0, 0, map[string]any{"user": u.Name, "by": "civreg user"})
		fmt.Fprintln(m.Stdout, tok)
	case "list":
		users, err := db.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			state := ""
			if u.Disabled {
				state = " (disabled)"
			}
			fmt.Fprintf(m.Stdout, "%-20s %s%s\n", u.Name, u.Role, state)
		}
	case "role":
		if err := need(2, "NAME ROLE"); err != nil {
			return err
		}
		r, err := civreg.ParseRole(pos[1])
		if err != nil {
			return err
		}
		u, err := db.UserByName(ctx, pos[0])
		if err != nil {
			return err
		}
		if err := db.SetRole(ctx, u.ID, r); err != nil {
			return err
		}
		db.Audit(ctx, nil, "user.role", 0, 0, map[string]any{"user": u.Name, "role": r, "by": "civreg user"})
		fmt.Fprintf(m.Stdout, "user %s now has role %s\n", u.Name, r)
	case "password":
		if err := need(1, "NAME --password-stdin"); err != nil {
			return err
		}
		if !*pwStdin {
			return fmt.Errorf("give the password on standard input with --password-stdin, never on the command line")
		}
		u, err := db.UserByName(ctx, pos[0])
		if err != nil {
			return err
		}
		pw, err := readPassword(m.Stdin)
		if err != nil {
			return err
		}
		if err := db.SetPassword(ctx, u.ID, pw); err != nil {
			return err
		}
		db.Audit(ctx, nil, "user.password", 0, 0, map[string]any{"user": u.Name, "by": "civreg user"})
		fmt.Fprintf(m.Stdout, "password of %s changed; their sessions were ended\n", u.Name)
	case "revoke":
		if err := need(1, "NAME"); err != nil {
			return err
		}
		u, err := db.UserByName(ctx, pos[0])
		if err != nil {
			return err
		}
		n, err := db.RevokeTokens(ctx, u.ID)
		if err != nil {
			return err
		}
		db.Audit(ctx, nil, "user.revoke_tokens", 0, 0, map[string]any{"user": u.Name, "tokens": n, "by": "civreg user"})
		fmt.Fprintf(m.Stdout, "%d tokens of %s revoked\n", n, u.Name)
	default:
		return fmt.Errorf("unknown user command %q; usage: %s", args[0], userUsage)
	}
	return nil
}
