package ui

import (
	"html/template"

	"civreg"
	"civreg/linkage"
)

// linkFuncs are the template functions of the linkage's pages.
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

// shownFields are a record's fields u may see, in the order of docs/records.md.
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

// personName is the name of the person of role in rec.
func personName(rec *civreg.Record, role linkage.Role) string {
	key := map[linkage.Role]string{linkage.RoleChild: "child_name", linkage.RoleDeceased: "deceased_name",
		linkage.RoleGroom: "groom_name", linkage.RoleBride: "bride_name"}[role]
	return rec.Fields[key].Value
}
