package civreg

import (
	"errors"
	"fmt"
)

// Error codes, each mapped to one HTTP status by package ui.
const (
	EINVALID      = "invalid"      // the caller sent something wrong
	ENOTFOUND     = "not_found"    // no such thing
	ECONFLICT     = "conflict"     // a stale version or a state that forbids the action
	EUNAUTHORIZED = "unauthorized" // no or wrong credentials
	EFORBIDDEN    = "forbidden"    // the caller's role may not do this
	ETOOLARGE     = "too_large"    // over a configured limit
	EUNSUPPORTED  = "unsupported"  // a file type the registry does not take
	EUNAVAILABLE  = "unavailable"  // a service the registry needs is down: try again later
	ECORRUPT      = "corrupt"      // stored data no longer matches what was recorded: an admin must look
	EINTERNAL     = "internal"     // a bug
)

// Error is an error with a code and a message fit to show the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for other errors,
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a generic message
// for other errors so that internal details never reach the user.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
