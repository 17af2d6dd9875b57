package civreg

import (
	"time"
)

// Session is a signed-in browser.
type Session struct {
	ID        string // the cookie value; only its hash is stored
	CSRFToken string
	User      *User
	ExpiresAt time.Time
}
