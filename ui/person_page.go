package ui

import (
	"context"
	"fmt"
	"net/http"

	"civreg"
	"civreg/linkage"
)

// personPageView shows the persons a record is about (a marriage is about two).
type personPageView struct {
	layout
	Record *civreg.Record
	People []personView
}

// personView is one person's records together: the birth and any later registration of it,
// the marriages, the death.
type personView struct {
	Name    string
	Records []personRecord
}

type personRecord struct {
	Record *civreg.Record
	Role   linkage.Role
	Kind   linkage.Kind // how it is linked to the birth; empty for the birth itself
	Score  float64
	Fields []civreg.Field
}

// personPage answers GET /people/{id}: the persons record id is about, each with their
// linked records that u may see, sensitive fields hidden as on every page.
func (s *Server) personPage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	ctx := r.Context()
	rec, err := s.loadRecord(ctx, u, id)
	if err != nil {
		return err
	}
	births := []int64{id}
	if rec.RecordType != civreg.Birth {
		if births, err = s.birthsOf(ctx, id); err != nil {
			return err
		}
	}
	v := &personPageView{layout: layout{Title: fmt.Sprintf("Who record %d is about", id), User: u}, Record: rec}
	for _, b := range births {
		p, err := s.person(ctx, u, b)
		if err != nil {
			return err
		}
		if len(p.Records) > 0 {
			v.People = append(v.People, *p)
		}
	}
	return s.render(w, r, http.StatusOK, "link_person", v)
}

// birthsOf are the births record id is linked to as the same person.
func (s *Server) birthsOf(ctx context.Context, id int64) ([]int64, error) {
	links, err := s.DB.LinksOf(ctx, id, false)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, l := range links {
		if l.B == id && l.State == linkage.LinkLinked && l.Kind == linkage.SamePerson {
			out = append(out, l.A)
		}
	}
	return out, nil
}

// person gathers the records of the person born in birth that u may see; each one shown is
// a view, and logged as one.
func (s *Server) person(ctx context.Context, u *civreg.User, birth int64) (*personView, error) {
	links, err := s.DB.Person(ctx, birth)
	if err != nil {
		return nil, err
	}
	p := &personView{}
	add := func(id int64, role linkage.Role, kind linkage.Kind, score float64) error {
		for _, have := range p.Records {
			if have.Record.ID == id && have.Role == role {
				return nil
			}
		}
		rec, err := s.DB.Record(ctx, id)
		if err != nil || !u.MaySee(rec) {
			return err
		}
		if err := s.DB.Audit(ctx, u, "record.view", id, rec.BatchID, map[string]any{"person_of": birth}); err != nil {
			return err // a view that cannot be logged is not shown
		}
		if p.Name == "" && role == linkage.RoleChild {
			p.Name = rec.Fields["child_name"].Value
		}
		p.Records = append(p.Records, personRecord{Record: rec, Role: role, Kind: kind, Score: score, Fields: shownFields(u, rec)})
		return nil
	}
	if err := add(birth, linkage.RoleChild, "", 0); err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.Kind == linkage.Duplicate {
			if err := add(l.A, linkage.RoleChild, "", 0); err != nil {
				return nil, err
			}
		}
		if err := add(l.B, l.Role, l.Kind, l.Score); err != nil {
			return nil, err
		}
	}
	return p, nil
}
