package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"civreg"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// parseTemplates parses every page once, at start: templates/NAME.html, with layout.html's
// top and bottom, becomes the page NAME.
func parseTemplates() map[string]*template.Template {
	base := template.Must(template.New("layout").Funcs(pageFuncs).Funcs(linkFuncs).ParseFS(templateFiles, "templates/layout.html"))
	files, _ := fs.Glob(templateFiles, "templates/*.html")
	out := map[string]*template.Template{}
	for _, f := range files {
		file := path.Base(f)
		if file == "layout.html" {
			continue
		}
		out[strings.TrimSuffix(file, ".html")] = template.Must(template.Must(base.Clone()).ParseFS(templateFiles, f))
	}
	return out
}

// layout is what every page's frame shows; each page's view embeds it.
type layout struct {
	Title string
	User  *civreg.User
	CSRF  string
	Error string
}

func (l *layout) frame() *layout { return l }

// view is a page's data: its own fields beside the layout's.
type view interface{ frame() *layout }

// render draws the page name with v. It is drawn in full before anything is sent, so a page
// that fails to draw is answered as an error, not cut short.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) error {
	if sess := sessionOf(r); sess != nil && v.frame().CSRF == "" {
		v.frame().CSRF = sess.CSRFToken
	}
	t := s.templates[name]
	if t == nil {
		return fmt.Errorf("ui: no template %s.html", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name+".html", v); err != nil {
		return fmt.Errorf("ui: page %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w) // a browser gone away needs no answer
	return nil
}

// fieldLabel turns a field key into words for people: registration_date → Registration date.
func fieldLabel(key string) string {
	s := strings.ReplaceAll(key, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var pageFuncs = template.FuncMap{
	"label": fieldLabel,
	"badge": statusBadge,
	"date":  func(t time.Time) string { return t.Local().Format("2 Jan 2006 15:04") },
	"pct":   func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	// marked shows a search highlight: search.Highlight HTML-escapes every value and adds
	// only <mark> tags.
	"marked": func(s string) template.HTML { return template.HTML(s) },
	"hasRole": func(u *civreg.User, roles ...string) bool {
		for _, r := range roles {
			if string(u.Role) == r {
				return true
			}
		}
		return false
	},
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	return http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
}
