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

// wide marks a key as a wide block: one of the decade and initial blocks that catch an age
// far off or a name changed past its sound. Such a block of a common name holds many people,
// so it is searched only while it is small (maxWide).
func wide(k blockKey) blockKey { return k | 1 }

func (k blockKey) isWide() bool { return k&1 == 1 }

// A path is one way two persons may meet: a block and the blocks it is split into when it
// is too large, coarse to fine. Each person is indexed in every block of a path; a search
// uses the coarsest one still small enough (its cap), so a dense registry's crowded block of
// a common name gives way to the same block within the registration district, and the work
// a person costs stays the same however large the registry grows. A true pair is lost only
// when its block is crowded and the two records name different districts; in such a crowd
// namesakes are many and the pair would be for a person to tell apart anyway.
type path []blockKey

// Caps: the most persons a block is searched with before it gives way to its finer block.
// Exact blocks (sound keys and a year) are tight already; wide ones hold more strangers.
const (
	maxBlock = 8
	maxWide  = 3
)

func (p path) cap() int {
	if p[0].isWide() {
		return maxWide
	}
	return maxBlock
}

// split is the path of a block: its key, then the same key within the district.
func split(k blockKey, district string) path {
	fine := key(strconv.FormatUint(uint64(k), 36), district)
	if k.isWide() {
		fine = wide(fine)
	}
	return path{k, fine}
}

func decade(y int) string { return strconv.Itoa(y / 10) }

// birthKeys are the paths a birth's child stands in for same-person links: surname and
// given-name sounds with the year of birth, and (wide) with its decade; the given-name
// sound, sex, surname initial and year (a surname misspelt past its sound); the surname
// sound, given-name initial and year (a given name misspelt). A bride's married surnames
// give paths of their own.
func birthKeys(p *person) []path {
	if p.born == noDay {
		return nil
	}
	y := yearOf(p.born)
	ys := strconv.Itoa(y)
	var out []path
	for i, sn := range p.surnames {
		sk := p.skey
		if i > 0 {
			sk = Phonetic(sn)
		}
		if sk != "" && p.gkey != "" {
			out = append(out, split(key("sgy", sk, p.gkey, ys), p.district), split(wide(key("sg", sk, p.gkey, decade(y))), p.district))
		}
		if sk != "" {
			out = append(out, split(wide(key("sy", sk, initial(p.name.Given), ys)), p.district))
		}
		if p.gkey != "" {
			out = append(out, split(wide(key("gy", p.gkey, string(p.sex), initial(sn), ys)), p.district))
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

// otherKeys are the paths of a groom, bride or deceased: the same as birthKeys, for each
// year of birth the stated age allows (the year before the event's year less the age, or
// that year; for the decade, a year more either way); with no age, every decade of the
// century before the event.
func otherKeys(p *person) []path {
	var years []int
	if y, ok := p.bornAround(); ok {
		years = []int{y - 1, y}
	} else if p.event != noDay {
		for y := yearOf(p.event) - 100; y <= yearOf(p.event); y += 10 {
			years = append(years, y)
		}
	}
	var out []path
	sn, given := p.name.Surname, p.name.Given
	if p.skey != "" && p.gkey != "" && len(years) > 0 {
		// Every year the age allows, a year off either way as ages are; and their decades,
		// for an age further off.
		seen := map[string]bool{}
		for y := years[0] - 1; y <= years[len(years)-1]+1; y++ {
			out = append(out, split(key("sgy", p.skey, p.gkey, strconv.Itoa(y)), p.district))
			if d := decade(y); !seen[d] {
				seen[d] = true
				out = append(out, split(wide(key("sg", p.skey, p.gkey, d)), p.district))
			}
		}
	}
	for _, y := range years {
		ys := strconv.Itoa(y)
		if p.skey != "" {
			out = append(out, split(wide(key("sy", p.skey, initial(given), ys)), p.district))
		}
		if p.gkey != "" {
			out = append(out, split(wide(key("gy", p.gkey, string(p.sex), initial(sn), ys)), p.district))
		}
	}
	return out
}

// duplicateKeys are the paths of a birth for finding its second registration: the child's
// name sounds and year (and, wide, decade); the given-name or surname sound with the exact
// date of birth; the mother's name sounds and the year (the child's name drifted past its
// sound).
func duplicateKeys(p *person) []path {
	if p.born == noDay {
		return nil
	}
	y := yearOf(p.born)
	dob := strconv.Itoa(p.born)
	var out []path
	if p.skey != "" && p.gkey != "" {
		// the year of birth, or the next or last when the date drifted across New Year
		early, late := yearOf(p.born-62), yearOf(p.born+62)
		for yy := early; yy <= late; yy++ {
			out = append(out, split(key("sgy", p.skey, p.gkey, strconv.Itoa(yy)), p.district))
		}
		out = append(out, split(wide(key("sg", p.skey, p.gkey, decade(y))), p.district))
	}
	if p.gkey != "" {
		out = append(out, split(key("gd", p.gkey, dob), p.district))
	}
	if p.skey != "" {
		out = append(out, split(key("sd", p.skey, dob), p.district))
	}
	if mg, ms := Phonetic(p.mother.Given), Phonetic(p.mother.Surname); ms != "" {
		out = append(out, split(wide(key("md", ms, mg, strconv.Itoa(y))), p.district))
	}
	return out
}

// BlockKeys are every block the persons of r stand in, as a newly approved record and as
// someone else's candidate, every block of every path: a record's candidates are the records
// sharing one of its keys.
func BlockKeys(r Record) []int64 {
	seen := map[blockKey]bool{}
	var out []int64
	for _, p := range people(0, &r) {
		for _, pa := range pathsOf(&p) {
			for _, k := range pa {
				if !seen[k] {
					seen[k] = true
					out = append(out, int64(k))
				}
			}
		}
	}
	return out
}

func pathsOf(p *person) []path {
	if p.role == RoleChild {
		return append(birthKeys(p), duplicateKeys(p)...)
	}
	return otherKeys(p)
}

// Names are the names of the persons r names, as the frequencies count them.
func Names(r Record) []Name {
	var out []Name
	for _, p := range people(0, &r) {
		out = append(out, p.name)
	}
	return out
}

// SearchKeys are the blocks a record's persons are searched in, as the in-memory run
// chooses them: of each path, the coarsest block holding at most its cap of the size counts
// (records by block key, as the database's index counts them), or else the finest.
func SearchKeys(r Record, size map[int64]int) []int64 {
	seen := map[blockKey]bool{}
	var out []int64
	for _, p := range people(0, &r) {
		for _, pa := range pathsOf(&p) {
			k := pa[len(pa)-1]
			for _, c := range pa {
				if size[int64(c)] <= pa.cap() {
					k = c
					break
				}
			}
			if !seen[k] {
				seen[k] = true
				out = append(out, int64(k))
			}
		}
	}
	return out
}
