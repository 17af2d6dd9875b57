package stats

import (
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed causes.yaml
var starterCauses []byte

// CauseGroup is one group of causes of death: the words that put a cause in it.
type CauseGroup struct {
	Name  string   `yaml:"name"`
	ICD10 string   `yaml:"icd10"`
	Words []string `yaml:"words"`
	match *regexp.Regexp
}

// CauseGrouping maps the causes of death as written to the groups the tables count.
type CauseGrouping struct {
	Other  string       `yaml:"other"`
	Groups []CauseGroup `yaml:"groups"`
}

// LoadCauses reads the grouping file at path, or the starter grouping when path is "".
func LoadCauses(path string) (*CauseGrouping, error) {
	return loadFile(path, starterCauses, "the starter cause grouping", "cause grouping", ParseCauses)
}

// loadFile parses the file at path, or the starter file when path is "": the error names
// the file it came from.
func loadFile[T any](path string, starter []byte, starterName, what string, parse func([]byte) (*T, error)) (*T, error) {
	b, name := starter, starterName
	if path != "" {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("stats: %s: %w", what, err)
		}
		name = path
	}
	v, err := parse(b)
	if err != nil {
		return nil, fmt.Errorf("stats: %s: %w", name, err)
	}
	return v, nil
}

// ParseCauses reads a grouping file; a group without a name or words, a name given twice or
// no "other" group is an error naming it.
func ParseCauses(b []byte) (*CauseGrouping, error) {
	var g CauseGrouping
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("not a cause grouping: %v", err)
	}
	if strings.TrimSpace(g.Other) == "" {
		return nil, fmt.Errorf(`no "other" group: name the group for causes that match none`)
	}
	seen := map[string]bool{g.Other: true, Unknown: true, All: true}
	for i := range g.Groups {
		grp := &g.Groups[i]
		if strings.TrimSpace(grp.Name) == "" || len(grp.Words) == 0 {
			return nil, fmt.Errorf("group %d needs a name and at least one word", i+1)
		}
		if seen[grp.Name] {
			return nil, fmt.Errorf("group %q is named twice (or is a reserved name)", grp.Name)
		}
		seen[grp.Name] = true
		var alts []string
		for _, w := range grp.Words {
			if w = strings.Join(strings.Fields(strings.ToLower(w)), " "); w == "" {
				return nil, fmt.Errorf("group %q has an empty word", grp.Name)
			}
			alts = append(alts, regexp.QuoteMeta(w))
		}
		grp.match = regexp.MustCompile(`\b(` + strings.Join(alts, "|") + `)\b`)
	}
	return &g, nil
}

// Names lists the groups in the file's order, then the other group.
func (g *CauseGrouping) Names() []string {
	var out []string
	for _, grp := range g.Groups {
		out = append(out, grp.Name)
	}
	return append(out, g.Other)
}

// Group is the group of a cause of death as written: the first group one of whose words it
// holds, the other group when none, Unknown when nothing is written.
func (g *CauseGrouping) Group(cause string) string {
	c := strings.Join(strings.Fields(strings.ToLower(cause)), " ")
	if c == "" {
		return Unknown
	}
	for _, grp := range g.Groups {
		if grp.match.MatchString(c) {
			return grp.Name
		}
	}
	return g.Other
}
