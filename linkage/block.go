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
	return blockKey(h.Sum64() &^ 1)
}

// wide marks a key as a wide block: one of the year blocks that catch a surname or given
// name changed past its sound. In a dense registry such a block of a common name holds many
// people; past maxWide of them it is left to its district's block (the same key with the
// registration district), so the work stays in step with the records.
func wide(k blockKey) blockKey { return k | 1 }

func (k blockKey) isWide() bool { return k&1 == 1 }

// maxWide is the most persons a wide block is searched with.
const maxWide = 8

// wideKeys are a wide key and its district's block.
func wideKeys(district string, parts ...string) []blockKey {
	return []blockKey{wide(key(parts...)), key(append(parts, district)...)}
}

func decade(y int) string { return strconv.Itoa(y / 10) }

// birthKeys are the blocks a birth's child stands in for same-person links: surname and
// given-name sounds with the year of birth, and (wide) with its decade; the given-name
// sound, sex, surname initial and year (a surname misspelt past its sound); the surname
// sound, given-name initial and year (a given name misspelt). A bride's married surnames
// give blocks of their own.
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
			out = append(out, key("sgy", sk, p.gkey, ys), wide(key("sg", sk, p.gkey, decade(y))))
		}
		if sk != "" {
			out = append(out, wideKeys(p.district, "sy", sk, initial(p.name.Given), ys)...)
		}
		if p.gkey != "" {
			out = append(out, wideKeys(p.district, "gy", p.gkey, string(p.sex), initial(sn), ys)...)
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
		// Every year the age allows, a year off either way as ages are; and their decades,
		// for an age further off.
		seen := map[string]bool{}
		for y := years[0] - 1; y <= years[len(years)-1]+1; y++ {
			out = append(out, key("sgy", p.skey, p.gkey, strconv.Itoa(y)))
			if d := decade(y); !seen[d] {
				seen[d] = true
				out = append(out, wide(key("sg", p.skey, p.gkey, d)))
			}
		}
	}
	for _, y := range years {
		ys := strconv.Itoa(y)
		if p.skey != "" {
			out = append(out, wideKeys(p.district, "sy", p.skey, initial(p.name.Given), ys)...)
		}
		if p.gkey != "" {
			out = append(out, wideKeys(p.district, "gy", p.gkey, string(p.sex), initial(p.name.Surname), ys)...)
		}
	}
	return out
}

// duplicateKeys are the blocks of a birth for finding its second registration: the child's
// name sounds and year (and, wide, decade); the given-name or surname sound with the exact
// date of birth; the mother's name sounds and the year (the child's name drifted past its
// sound).
func duplicateKeys(p *person) []blockKey {
	if p.born == noDay {
		return nil
	}
	y := yearOf(p.born)
	dob := strconv.Itoa(p.born)
	var out []blockKey
	if p.skey != "" && p.gkey != "" {
		// the year of birth, or the next or last when the date drifted across New Year
		early, late := yearOf(p.born-62), yearOf(p.born+62)
		for yy := early; yy <= late; yy++ {
			out = append(out, key("sgy", p.skey, p.gkey, strconv.Itoa(yy)))
		}
		out = append(out, wide(key("sg", p.skey, p.gkey, decade(y))))
	}
	if p.gkey != "" {
		out = append(out, key("gd", p.gkey, dob))
	}
	if p.skey != "" {
		out = append(out, key("sd", p.skey, dob))
	}
	if mg, ms := Phonetic(p.mother.Given), Phonetic(p.mother.Surname); ms != "" {
		out = append(out, wideKeys(p.district, "md", ms, mg, strconv.Itoa(y))...)
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
