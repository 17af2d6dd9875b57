package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"civreg"
	"civreg/storage"
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
	cmd, ok := userCommands[args[0]]
	if !ok {
		return fmt.Errorf("unknown user command %q; usage: %s", args[0], userUsage)
	}
	if cmd.args >= 0 && len(pos) != cmd.args {
		return fmt.Errorf("usage: civreg user %s %s", args[0], cmd.usage)
	}
	return cmd.run(ctx, &userCommand{m: m, db: db, pos: pos, role: *role, pwStdin: *pwStdin})
}

// userCommand is what one user subcommand works with: the database and its arguments.
type userCommand struct {
	m       *Main
	db      *storage.DB
	pos     []string
	role    string
	pwStdin bool
}

// user looks up the user the command names first.
func (c *userCommand) user(ctx context.Context) (*civreg.User, error) {
	return c.db.UserByName(ctx, c.pos[0])
}

// audit records what the command did, as done by civreg user.
func (c *userCommand) audit(ctx context.Context, action string, detail map[string]any) {
	detail["by"] = "civreg user"
	c.db.Audit(ctx, nil, action, 0, 0, detail)
}

// userCommands are the user subcommands: how many arguments each takes (-1: any), their
// usage, and what they do.
var userCommands = map[string]struct {
	args  int
	usage string
	run   func(context.Context, *userCommand) error
}{
	"add":      {1, "NAME --role ROLE [--password-stdin]", addUser},
	"token":    {1, "NAME", newToken},
	"list":     {-1, "", listUsers},
	"role":     {2, "NAME ROLE", setRole},
	"password": {1, "NAME --password-stdin", setPassword},
	"revoke":   {1, "NAME", revokeTokens},
}

func addUser(ctx context.Context, c *userCommand) error {
	r, err := civreg.ParseRole(c.role)
	if err != nil {
		return err
	}
	pw := ""
	if c.pwStdin {
		if pw, err = readPassword(c.m.Stdin); err != nil {
			return err
		}
	}
	u, err := c.db.CreateUser(ctx, c.pos[0], r, pw)
	if err != nil {
		return err
	}
	c.audit(ctx, "user.add", map[string]any{"user": u.Name, "role": u.Role})
	fmt.Fprintf(c.m.Stdout, "user %s added with role %s\n", u.Name, u.Role)
	return nil
}

func newToken(ctx context.Context, c *userCommand) error {
	u, err := c.user(ctx)
	if err != nil {
		return err
	}
	tok, err := c.db.NewToken(ctx, u.ID)
	if err != nil {
		return err
	}
	c.audit(ctx, "user.token", map[string]any{"user": u.Name})
	fmt.Fprintln(c.m.Stdout, tok)
	return nil
}

func listUsers(ctx context.Context, c *userCommand) error {
	users, err := c.db.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		state := ""
		if u.Disabled {
			state = " (disabled)"
		}
		fmt.Fprintf(c.m.Stdout, "%-20s %s%s\n", u.Name, u.Role, state)
	}
	return nil
}

func setRole(ctx context.Context, c *userCommand) error {
	r, err := civreg.ParseRole(c.pos[1])
	if err != nil {
		return err
	}
	u, err := c.user(ctx)
	if err != nil {
		return err
	}
	if err := c.db.SetRole(ctx, u.ID, r); err != nil {
		return err
	}
	c.audit(ctx, "user.role", map[string]any{"user": u.Name, "role": r})
	fmt.Fprintf(c.m.Stdout, "user %s now has role %s\n", u.Name, r)
	return nil
}

func setPassword(ctx context.Context, c *userCommand) error {
	if !c.pwStdin {
		return fmt.Errorf("give the password on standard input with --password-stdin, never on the command line")
	}
	u, err := c.user(ctx)
	if err != nil {
		return err
	}
	pw, err := readPassword(c.m.Stdin)
	if err != nil {
		return err
	}
	if err := c.db.SetPassword(ctx, u.ID, pw); err != nil {
		return err
	}
	c.audit(ctx, "user.password", map[string]any{"user": u.Name})
	fmt.Fprintf(c.m.Stdout, "password of %s changed; their sessions were ended\n", u.Name)
	return nil
}

func revokeTokens(ctx context.Context, c *userCommand) error {
	u, err := c.user(ctx)
	if err != nil {
		return err
	}
	n, err := c.db.RevokeTokens(ctx, u.ID)
	if err != nil {
		return err
	}
	c.audit(ctx, "user.revoke_tokens", map[string]any{"user": u.Name, "tokens": n})
	fmt.Fprintf(c.m.Stdout, "%d tokens of %s revoked\n", n, u.Name)
	return nil
}
