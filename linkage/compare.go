package linkage

import "math"

// Verdict is how one field of a pair compares.
type Verdict string

// The verdicts a field comparison gives.
const (
	Agree      Verdict = "agree"
	Close      Verdict = "close"    // one letter off, or the same sound
	Disagree   Verdict = "disagree" // both given, and different
	Missing    Verdict = "missing"  // one side does not say
	Impossible Verdict = "impossible"
)

// FieldComparison is one line of a pair's comparison: which fields were compared (their keys
// on each record), the verdict and its weight in bits.
type FieldComparison struct {
	What    string  `json:"what"`
	A       string  `json:"a"`
	B       string  `json:"b"`
	Verdict Verdict `json:"verdict"`
	Weight  float64 `json:"weight"`
	Note    string  `json:"note,omitempty"`
}

// veto is the weight of a comparison that rules a pair out (a death before the birth).
const veto = -40

// scorer adds up weights, and keeps each line when a person will read them.
type scorer struct {
	score  float64
	lines  []FieldComparison
	detail bool
}

func (s *scorer) add(what, a, b string, v Verdict, w float64, note string) {
	s.score += w
	if s.detail {
		s.lines = append(s.lines, FieldComparison{what, a, b, v, math.Round(w*100) / 100, note})
	}
}

// nameField is the field holding the name of a person in role r.
func nameField(r Role) string {
	switch r {
	case RoleDeceased:
		return "deceased_name"
	case RoleGroom:
		return "groom_name"
	case RoleBride:
		return "bride_name"
	}
	return "child_name"
}

// ageField is the field stating the age of a person in role r.
func ageField(r Role) string {
	switch r {
	case RoleGroom:
		return "groom_age"
	case RoleBride:
		return "bride_age"
	}
	return "age"
}

// namePart compares one part of two names: agreeing exactly weighs by the name's rarity,
// one letter off or the same sound weighs half of that, and a disagreement counts against.
func namePart(x, y string, share float64, against float64) (Verdict, float64) {
	switch {
	case x == "" || y == "":
		return Missing, 0
	case x == y:
		return Agree, agreeWeight(share)
	case nearName(x, y) || (len(x) > 3 && len(y) > 3 && Phonetic(x) == Phonetic(y)):
		return Close, max(agreeWeight(share)/2, 1)
	}
	return Disagree, against
}

// compareNames scores the given name, middle names and surname of a against b, each part
// scaled by scale (a parent's name tells less than the person's own). surnames are the
// surnames a may be found under (her own and those she married into).
func (s *scorer) compareNames(what, ka, kb string, a, b Name, surnames []string, f *Frequencies, scale, against float64) {
	v, w := namePart(a.Given, b.Given, f.share(f.Given, a.Given), against)
	if v == Disagree && (contains(a.Middle, b.Given) || contains(b.Middle, a.Given)) {
		v, w = Close, 1 // known by a middle name
	}
	s.add(what+": given name", ka, kb, v, w*scale, "")
	if len(a.Middle) > 0 && len(b.Middle) > 0 {
		v, w := namePart(a.Middle[0], b.Middle[0], f.share(f.Given, a.Middle[0]), -3)
		s.add(what+": middle name", ka, kb, v, min(w, 5)*scale, "")
	}
	best, bestW, note := Disagree, against, ""
	for i := 0; i < max(len(surnames), 1); i++ {
		sn := a.Surname
		if surnames != nil {
			sn = surnames[i]
		}
		v, w := namePart(sn, b.Surname, f.share(f.Surnames, sn), against)
		if w > bestW || (i == 0 && v == Missing) {
			best, bestW, note = v, w, ""
			if i > 0 {
				note = "married surname " + sn
			}
		}
	}
	s.add(what+": surname", ka, kb, best, bestW*scale, note)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s && s != "" {
			return true
		}
	}
	return false
}

// compareSex rules out a pair whose sexes differ; for a duplicate a clerk's slip is possible,
// so it only counts heavily against.
func (s *scorer) compareSex(a, b *person, ka, kb string, against float64) {
	switch {
	case a.sex == 0 || b.sex == 0:
		s.add("sex", ka, kb, Missing, 0, "")
	case a.sex == b.sex:
		s.add("sex", ka, kb, Agree, 1, "")
	case against == veto:
		s.add("sex", ka, kb, Impossible, veto, "")
	default:
		s.add("sex", ka, kb, Disagree, against, "")
	}
}

func (s *scorer) compareDistrict(a, b *person, agree, against float64) {
	switch {
	case a.district == "" || b.district == "":
		s.add("registration district", "registration_district", "registration_district", Missing, 0, "")
	case a.district == b.district:
		s.add("registration district", "registration_district", "registration_district", Agree, agree, "")
	default:
		s.add("registration district", "registration_district", "registration_district", Disagree, against, "")
	}
}

// compareAge checks the age stated at a death or a marriage against the date of birth, as
// a registrar does: the event before the birth, or a marriage of a child, rules the pair
// out; the stated age one year off (a birthday missed) still counts for it.
func (s *scorer) compareAge(b, o *person) {
	ka, kb := "date_of_birth", ageField(o.role)
	if b.born == noDay || o.event == noDay {
		s.add("age against date of birth", ka, kb, Missing, 0, "")
		return
	}
	if o.event < b.born {
		what := "died before born"
		if o.role != RoleDeceased {
			what = "married before born"
		}
		s.add("age against date of birth", ka, kb, Impossible, veto, what)
		return
	}
	actual := ageAt(b.born, o.event)
	if o.role != RoleDeceased && actual < minMarriageAge {
		s.add("age at marriage", ka, kb, Impossible, veto, "under age at the marriage")
		return
	}
	if o.age < 0 {
		s.add("age against date of birth", ka, kb, Missing, 0, "")
		return
	}
	switch d := abs(actual - o.age); {
	case d == 0:
		s.add("age against date of birth", ka, kb, Agree, 7, "")
	case d == 1:
		s.add("age against date of birth", ka, kb, Close, 2.5, "")
	case d == 2:
		s.add("age against date of birth", ka, kb, Disagree, -3, "")
	default:
		s.add("age against date of birth", ka, kb, Disagree, -10, "")
	}
}

// minMarriageAge is the youngest a person may marry (with a parent's consent).
const minMarriageAge = 15

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// compareBirthDates scores two registrations' dates of birth: the same day, a few days or a
// month apart, or day and month swapped (14/03 written 03/14) are what a late second
// registration drifts to.
func (s *scorer) compareBirthDates(a, b *person) {
	const k = "date_of_birth"
	if a.born == noDay || b.born == noDay {
		s.add("date of birth", k, k, Missing, 0, "")
		return
	}
	da, db := dateOf(a.born), dateOf(b.born)
	switch d := abs(a.born - b.born); {
	case d == 0:
		s.add("date of birth", k, k, Agree, 8, "")
	case d <= 7:
		s.add("date of birth", k, k, Close, 4, "days apart")
	case da.Year() == db.Year() && int(da.Month()) == db.Day() && da.Day() == int(db.Month()):
		s.add("date of birth", k, k, Close, 4, "day and month swapped")
	case d <= 62:
		s.add("date of birth", k, k, Close, 1.5, "weeks apart")
	case d <= 366:
		s.add("date of birth", k, k, Disagree, -8, "")
	default:
		s.add("date of birth", k, k, Disagree, -16, "years apart")
	}
}

// sameText compares two free-text fields (places) folded.
func (s *scorer) sameText(what, key string, a, b string, agree float64) {
	switch {
	case a == "" || b == "":
		s.add(what, key, key, Missing, 0, "")
	case a == b:
		s.add(what, key, key, Agree, agree, "")
	default:
		s.add(what, key, key, Disagree, 0, "")
	}
}
