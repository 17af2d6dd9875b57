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

// usersPage answers GET /admin/users; ?done= and ?error= say how the last form went.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	users, err := s.DB.Users(r.Context())
	if err != nil {
		return err
	}
	sort.Slice(users, func(i, j int) bool { return users[i].Name < users[j].Name })
	v := &usersView{layout{Title: "Users", User: u, Error: r.URL.Query().Get("error")}, users, civreg.Roles, r.URL.Query().Get("done")}
	return s.render(w, r, http.StatusOK, "users", v)
}

// userChange is one of the users page's forms: done says what it did. id is the user the
// route's {id} names, 0 for a new user.
type userChange func(r *http.Request, admin *civreg.User, id int64) (done string, err error)

// userForm ends each of the users page's forms: back to the page saying what was done, or
// what was wrong with the form. The registry's own failures get the error page.
func userForm(fn userChange) handler {
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
			http.Redirect(w, r, "/admin/users?error="+url.QueryEscape(civreg.ErrorMessage(err)), http.StatusSeeOther)
			return nil
		}
		http.Redirect(w, r, "/admin/users?done="+url.QueryEscape(done), http.StatusSeeOther)
		return nil
	}
}
