package civreg

import "time"

// Role is what a user of the registry may do.
type Role string

// The roles of docs/api.md.
const (
	RoleClerk     Role = "clerk"     // scans and uploads batches
	RoleReviewer  Role = "reviewer"  // corrects and approves records
	RoleHealth    Role = "health"    // Ministry of Health staff: searches approved records
	RoleArchivist Role = "archivist" // exports preservation copies
	RoleAdmin     Role = "admin"     // manages users and watches the queues
)

// Roles lists every role.
var Roles = []Role{RoleClerk, RoleReviewer, RoleHealth, RoleArchivist, RoleAdmin}

// ParseRole returns the role named s, or an EINVALID error.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "role %q is not one of clerk, reviewer, health, archivist, admin", s)
}

// User is a person (or another ministry system) with a role.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	// SeesSensitive grants a health user the sensitive fields of docs/records.md.
	SeesSensitive bool `json:"sees_sensitive"`
}

// MaySeeSensitive reports whether u may see fields marked sensitive in docs/records.md.
func (u *User) MaySeeSensitive() bool {
	switch u.Role {
	case RoleReviewer, RoleArchivist, RoleAdmin:
		return true
	case RoleHealth:
		return u.SeesSensitive
	}
	return false
}

// HasRole reports whether u holds one of roles.
func (u *User) HasRole(roles ...Role) bool {
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}
