package civreg

// Who may see what: the rules every adapter enforces and none defines.

// MaySee reports whether u may open rec at all. Ministry of Health staff see published
// (approved) records only; every other role that reads records sees them all.
func (u *User) MaySee(rec *Record) bool {
	if u.Role == RoleHealth {
		return rec.Status.Rule().Published
	}
	return u.HasRole(RoleReviewer, RoleArchivist, RoleAdmin)
}

// SearchStatuses is what u may find in a search: health staff published records only, others
// every indexed status, or the one they filter on. A filter u may not use gives EFORBIDDEN.
func (u *User) SearchStatuses(filter Status) ([]Status, error) {
	if filter != "" {
		r := filter.Rule()
		if !r.Indexed {
			return nil, Errorf(EINVALID, "status %q is not one a search can find", filter)
		}
		if u.Role == RoleHealth && !r.Published {
			return nil, Errorf(EFORBIDDEN, "Ministry of Health staff search approved records only")
		}
		return []Status{filter}, nil
	}
	if u.Role == RoleHealth {
		return StatusesWhere(func(r StatusRule) bool { return r.Published }), nil
	}
	return StatusesWhere(func(r StatusRule) bool { return r.Indexed }), nil
}

// MaySeeField reports whether u may see the field key: sensitive fields only for roles allowed them.
func (u *User) MaySeeField(key string) bool { return !IsSensitive(key) || u.MaySeeSensitive() }
