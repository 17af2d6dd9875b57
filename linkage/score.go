package linkage

// The two comparisons the linkage makes, field by field. Weights are in bits (log2 of how
// much likelier the agreement is for a true pair than for two records chosen at random).

// scoreSamePerson compares a birth's child b with the person o of a marriage or a death.
func scoreSamePerson(b, o *person, f *Frequencies, s *scorer) {
	surnames := b.surnames
	if o.role == RoleBride {
		surnames = surnames[:1] // a bride marries under the surname she was born with
	}
	s.compareNames("name", "child_name", nameField(o.role), b.name, o.name, surnames, f, 1, -6)
	s.compareSex(b, o, "sex", sexField(o.role), veto)
	s.compareAge(b, o)
	s.compareDistrict(b, o, 1.5, -0.5)
}

// sexField is where a record of role r says the person's sex: a marriage says it by the role.
func sexField(r Role) string {
	if r == RoleGroom {
		return "groom_name"
	} else if r == RoleBride {
		return "bride_name"
	}
	return "sex"
}

// scoreDuplicate compares two registrations of a birth: the child, the date of birth, the
// parents, the district and the place.
func scoreDuplicate(a, b *person, f *Frequencies, s *scorer) {
	s.compareNames("child", "child_name", "child_name", a.name, b.name, a.surnames, f, 1, -20)
	s.compareSex(a, b, "sex", "sex", -8)
	s.compareBirthDates(a, b)
	if a.mother.Surname != "" && b.mother.Surname != "" {
		s.compareNames("mother", "mother_name", "mother_name", a.mother, b.mother, nil, f, 0.6, -4)
	}
	if a.father.Surname != "" && b.father.Surname != "" {
		s.compareNames("father", "father_name", "father_name", a.father, b.father, nil, f, 0.4, -3)
	}
	s.compareDistrict(a, b, 1, -1)
	s.sameText("place of birth", "place_of_birth", a.place, b.place, 0.5)
}
