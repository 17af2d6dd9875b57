package ui

import (
	"html/template"
	"log/slog"
	"net/http"
	"sync"

	"civreg"
	"civreg/linkage"
)

// The linkage's pages parse their own templates (templates/link_*.html with the layout), once.
var linkTemplates = sync.OnceValue(func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, n := range []string{"link_queue", "link_pair", "link_person"} {
		out[n] = template.Must(template.New(n).Funcs(pageFuncs).Funcs(linkFuncs).ParseFS(templateFiles, "templates/layout.html", "templates/"+n+".html"))
	}
	return out
})

var linkFuncs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	// verdict says a comparison's verdict in words, so colour is never the only signal.
	"verdict": func(v linkage.Verdict) string {
		return map[linkage.Verdict]string{linkage.Agree: "agrees", linkage.Close: "nearly agrees", linkage.Disagree: "disagrees",
			linkage.Missing: "not on both", linkage.Impossible: "impossible"}[v]
	},
	"role": func(r linkage.Role) string {
		return map[linkage.Role]string{linkage.RoleChild: "registered at birth", linkage.RoleDeceased: "the deceased",
			linkage.RoleGroom: "the groom", linkage.RoleBride: "the bride"}[r]
	},
}

func (s *Server) renderLink(w http.ResponseWriter, r *http.Request, name string, d pageData) {
	if sess := sessionOf(r); sess != nil && d.CSRF == "" {
		d.CSRF = sess.CSRFToken
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if err := linkTemplates()[name].ExecuteTemplate(w, name+".html", d); err != nil {
		s.Log.Error("render page", slog.String("page", name), slog.Any("err", err))
	}
}

// shownFields are a record's fields u may see, in the order of spec/records.md.
func shownFields(u *civreg.User, rec *civreg.Record) []civreg.Field {
	visible := civreg.VisibleFields(u, rec.Fields)
	var out []civreg.Field
	for _, f := range civreg.FieldsOf(rec.RecordType) {
		if v, ok := visible[f.Key]; ok {
			v.Key = f.Key
			out = append(out, v)
		}
	}
	return out
}

// linkRecordOf is a stored record as the linkage reads it.
func linkRecordOf(rec *civreg.Record) linkage.Record {
	lr := linkage.Record{ID: rec.ID, Type: rec.RecordType, Fields: map[string]string{}}
	for k, f := range rec.Fields {
		lr.Fields[k] = f.Value
	}
	return lr
}
