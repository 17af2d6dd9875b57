package ui

import (
	"net/http"
	"net/url"
	"sort"

	"civreg"
)

// usersView is the admin's users page: the add form and each user's role, password and tokens.
type usersView struct {
	layout
	Users []*civreg.User
	Roles []civreg.Role
	Done  string // what the last form did
}

// usersPage answers GET /admin/users; ?done= names (from userNotices, never as text) what the
// last form did.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	return s.showUsers(w, r, u, http.StatusOK, "", userNotices[r.URL.Query().Get("done")])
}

// userNotices is every message the users page shows after a form, by the key in ?done=: a
// link cannot make the page say anything else.
var userNotices = map[string]string{
	"added":     "user added",
	"role":      "role changed",
	"password":  "password reset; the user's sessions ended and API tokens revoked",
	"revoked":   "API tokens revoked",
	"sensitive": "access to sensitive fields changed",
	"disabled":  "user disabled; their sessions ended",
	"enabled":   "user enabled",
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, u *civreg.User, status int, problem, done string) error {
	users, err := s.DB.Users(r.Context())
	if err != nil {
		return err
	}
	sort.Slice(users, func(i, j int) bool { return users[i].Name < users[j].Name })
	v := &usersView{layout{Title: "Users", User: u, Error: problem}, users, civreg.Roles, done}
	return s.render(w, r, status, "users", v)
}

// userChange is one of the users page's forms: done is the userNotices key of what it did.
// id is the user the route's {id} names, 0 for a new user.
type userChange func(r *http.Request, admin *civreg.User, id int64) (done string, err error)

// userForm ends each of the users page's forms: back to the page saying what was done, or
// the page again saying what was wrong with the form (never through the URL). The registry's
// own failures get the error page.
func (s *Server) userForm(fn userChange) handler {
	return func(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
		var id int64
		var err error
		if r.PathValue("id") != "" {
			id, err = pathID(r)
		}
		done := ""
		if err == nil {
			done, err = fn(r, u, id)
		}
		if code := civreg.ErrorCode(err); code == civreg.EINTERNAL || code == civreg.EUNAVAILABLE {
			return err
		}
		if err != nil {
			return s.showUsers(w, r, u, statusOf(civreg.ErrorCode(err)), civreg.ErrorMessage(err), "")
		}
		http.Redirect(w, r, "/admin/users?done="+url.QueryEscape(done), http.StatusSeeOther)
		return nil
	}
}
