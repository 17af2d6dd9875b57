package linkage

import (
	"hash/fnv"
	"strconv"
)

// blockKey is a hashed blocking key: two persons are compared only when they share one.
type blockKey uint64

func key(parts ...string) blockKey {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return blockKey(h.Sum64())
}

func decade(y int) string { return strconv.Itoa(y / 10) }

// birthKeys are the blocks a birth's child stands in for same-person links: surname and
// given-name sounds in the decade of birth; the given-name sound, sex and year (a woman
// found under her married surname, a surname misspelt past its sound); the surname sound
// and year (a given name misspelt). A bride's married surnames give blocks of their own.
func birthKeys(p *person) []blockKey {
	y := yearOf(p.born)
	if p.born == noDay {
		return nil
	}
	ys := strconv.Itoa(y)
	var out []blockKey
	for i, sn := range p.surnames {
		sk := p.skey
		if i > 0 {
			sk = Phonetic(sn)
		}
		if sk != "" && p.gkey != "" {
			out = append(out, key("sg", sk, p.gkey, decade(y)))
		}
		if sk != "" {
			out = append(out, key("sy", sk, initial(p.name.Given), ys))
		}
		if p.gkey != "" {
			out = append(out, key("gy", p.gkey, string(p.sex), initial(sn), ys))
		}
	}
	return out
}

// initial is the first letter of a name, which clerks and OCR seldom get wrong: it keeps the
// year blocks of common names small.
func initial(name string) string {
	if name == "" {
		return ""
	}
	return name[:1]
}

// otherKeys are the blocks of a groom, bride or deceased: the same keys as birthKeys, for
// each year of birth the stated age allows (the year before the event's year less the age,
// or that year; for the decade, a year more either way); with no age, every decade of the
// century before the event.
func otherKeys(p *person) []blockKey {
	var years []int
	if y, ok := p.bornAround(); ok {
		years = []int{y - 1, y}
	} else if p.event != noDay {
		for y := yearOf(p.event) - 100; y <= yearOf(p.event); y += 10 {
			years = append(years, y)
		}
	}
	var out []blockKey
	if p.skey != "" && p.gkey != "" && len(years) > 0 {
		// The decade of every year the age allows, a year off either way as ages are.
		seen := map[string]bool{}
		for y := years[0] - 1; y <= years[len(years)-1]+1; y++ {
			if d := decade(y); !seen[d] {
				seen[d] = true
				out = append(out, key("sg", p.skey, p.gkey, d))
			}
		}
	}
	for _, y := range years {
		ys := strconv.Itoa(y)
		if p.skey != "" {
			out = append(out, key("sy", p.skey, initial(p.name.Given), ys))
		}
		if p.gkey != "" {
			out = append(out, key("gy", p.gkey, string(p.sex), initial(p.name.Surname), ys))
		}
	}
	return out
}

// duplicateKeys are the blocks of a birth for finding its second registration: the child's
// name sounds and decade; the given-name or surname sound with the exact date of birth; the
// mother's name sounds and the year (the child's name drifted past its sound).
func duplicateKeys(p *person) []blockKey {
	if p.born == noDay {
		return nil
	}
	y := yearOf(p.born)
	dob := strconv.Itoa(p.born)
	var out []blockKey
	if p.skey != "" && p.gkey != "" {
		out = append(out, key("sg", p.skey, p.gkey, decade(y)))
	}
	if p.gkey != "" {
		out = append(out, key("gd", p.gkey, dob))
	}
	if p.skey != "" {
		out = append(out, key("sd", p.skey, dob))
	}
	if mg, ms := Phonetic(p.mother.Given), Phonetic(p.mother.Surname); ms != "" {
		out = append(out, key("md", ms, mg, strconv.Itoa(y)))
	}
	return out
}

// BlockKeys are every block the persons of r stand in, as a newly approved record and as
// someone else's candidate: a record's candidates are the records sharing one of its keys.
func BlockKeys(r Record) []int64 {
	seen := map[blockKey]bool{}
	var out []int64
	for _, p := range people(0, &r) {
		keys := otherKeys(&p)
		if p.role == RoleChild {
			keys = append(birthKeys(&p), duplicateKeys(&p)...)
		}
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				out = append(out, int64(k))
			}
		}
	}
	return out
}

// Names are the names of the persons r names, as the frequencies count them.
func Names(r Record) []Name {
	var out []Name
	for _, p := range people(0, &r) {
		out = append(out, p.name)
	}
	return out
}
