package stats

import (
	"civreg"
	"fmt"
	"maps"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// equations returns the table's linear equations over its hidden cells, published counts
// moved to the right-hand side: for each row and column, cells minus margin equal zero.
func equations(g *grid) (vars []cell, rows [][]*big.Rat) {
	index := map[cell]int{}
	for i := range g.n {
		for j := range g.n[i] {
			if g.hidden[i][j] {
				index[cell{i, j}] = len(vars)
				vars = append(vars, cell{i, j})
			}
		}
	}
	na, nb := len(g.a), len(g.b)
	addLine := func(cells []cell, margin cell) {
		row := make([]*big.Rat, len(vars)+1)
		for k := range row {
			row[k] = new(big.Rat)
		}
		for _, c := range append(cells, margin) {
			sign := int64(1)
			if c == margin {
				sign = -1
			}
			if k, ok := index[c]; ok {
				row[k].Add(row[k], big.NewRat(sign, 1))
			} else {
				row[len(vars)].Sub(row[len(vars)], big.NewRat(sign*g.n[c.i][c.j], 1))
			}
		}
		rows = append(rows, row)
	}
	for i := 0; i <= na; i++ {
		var cs []cell
		for j := 0; j < nb; j++ {
			cs = append(cs, cell{i, j})
		}
		addLine(cs, cell{i, nb})
	}
	for j := 0; j <= nb; j++ {
		var cs []cell
		for i := 0; i < na; i++ {
			cs = append(cs, cell{i, j})
		}
		addLine(cs, cell{na, j})
	}
	return vars, rows
}

// rank is the rank of the coefficient part (all but the last column) over the rationals.
func rank(rows [][]*big.Rat, width int) int {
	m := make([][]*big.Rat, len(rows))
	for i, r := range rows {
		m[i] = make([]*big.Rat, width)
		for k := range width {
			m[i][k] = new(big.Rat).Set(r[k])
		}
	}
	r := 0
	for c := 0; c < width && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if m[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		for i := range m {
			if i != r && m[i][c].Sign() != 0 {
				f := new(big.Rat).Quo(m[i][c], m[r][c])
				for k := c; k < width; k++ {
					m[i][k].Sub(m[i][k], new(big.Rat).Mul(f, m[r][k]))
				}
			}
		}
		r++
	}
	return r
}

// recoverable lists the hidden cells whose value follows from the published ones by linear
// algebra (subtraction and addition of published rows, columns and totals): those for which
// adding "this cell = ?" as an equation does not raise the rank.
func recoverable(g *grid) []cell {
	vars, rows := equations(g)
	base := rank(rows, len(vars))
	var out []cell
	for k, c := range vars {
		unit := make([]*big.Rat, len(vars)+1)
		for x := range unit {
			unit[x] = new(big.Rat)
		}
		unit[k].SetInt64(1)
		if rank(append(rows, unit), len(vars)) == base {
			out = append(out, c)
		}
	}
	return out
}

// randomGrid has mostly small counts, so most cells need hiding.
func randomGrid(rnd *rand.Rand, na, nb int) *grid {
	g := &grid{}
	for i := range na {
		g.a = append(g.a, string(rune('A'+i)))
	}
	for j := range nb {
		g.b = append(g.b, string(rune('a'+j)))
	}
	g.n = make([][]int64, na+1)
	g.hidden = make([][]bool, na+1)
	for i := range g.n {
		g.n[i] = make([]int64, nb+1)
		g.hidden[i] = make([]bool, nb+1)
	}
	for i := range na {
		for j := range nb {
			n := int64(rnd.IntN(9))
			if rnd.IntN(4) == 0 {
				n = 0
			}
			g.n[i][j] = n
			g.n[i][nb] += n
			g.n[na][j] += n
			g.n[na][nb] += n
		}
	}
	return g
}

func checkPublished(t *testing.T, g *grid, k int64, what string) {
	t.Helper()
	for i := range g.n {
		for j, n := range g.n[i] {
			if !g.hidden[i][j] && n > 0 && n < k {
				t.Fatalf("%s: count %d published at %v", what, n, cell{i, j})
			}
			if g.hidden[i][j] && n == 0 {
				t.Fatalf("%s: a zero is hidden at %v (a hidden zero can be pinned by the others)", what, cell{i, j})
			}
		}
	}
	if rec := recoverable(g); len(rec) > 0 {
		t.Fatalf("%s: hidden cells %v can be worked out from what is published", what, rec)
	}
}

func TestTheRecoverabilityCheckFindsACellLeftAlone(t *testing.T) {
	// Hiding only the small count leaves it equal to its row total minus the others.
	g := randomGrid(rand.New(rand.NewPCG(3, 3)), 3, 3)
	g.n = [][]int64{{2, 10, 12, 24}, {10, 10, 10, 30}, {10, 10, 10, 30}, {22, 30, 32, 84}}
	g.hidden[0][0] = true
	if rec := recoverable(g); len(rec) != 1 || rec[0] != (cell{0, 0}) {
		t.Fatalf("primary suppression alone: recoverable %v, want the hidden cell", rec)
	}
	g.suppress(5)
	checkPublished(t, g, 5, "after complementary suppression")
}

func TestNoHiddenCellOfARandomPublicTableIsRecoverable(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 4))
	for trial := range 300 {
		na, nb := 1+rnd.IntN(7), 1+rnd.IntN(9)
		k := int64(3 + rnd.IntN(8))
		g := randomGrid(rnd, na, nb)
		g.suppress(k)
		checkPublished(t, g, k, fmt.Sprintf("random table %d (%dx%d, K=%d)", trial, na, nb, k))
	}
}

func TestNoHiddenCellOfAGeneratedPublicTableIsRecoverable(t *testing.T) {
	p := generate(3000, 9)
	counts, rules := Tally(p.records), StarterRules()
	for _, def := range tableDefs {
		for _, k := range []int64{3, 5, 10} {
			g := build(def, counts[def.source], rules)
			g.suppress(k)
			checkPublished(t, g, k, def.name)
		}
	}
}

// TestBruteForceFindsAnotherTableForEveryHiddenCell enumerates, for small tables, every table
// of counts of 0 or more that agrees with all that is published (each hidden count tried within
// 2 of its true value) and checks every hidden cell takes at least two values among them.
func TestBruteForceFindsAnotherTableForEveryHiddenCell(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 11))
	enumerated := 0
	defer func() {
		if enumerated < 50 {
			t.Errorf("only %d tables with hidden cells were small enough to enumerate", enumerated)
		}
	}()
	for trial := range 150 {
		g := randomGrid(rnd, 1+rnd.IntN(3), 1+rnd.IntN(3))
		g.suppress(5)
		vars, _ := equations(g)
		if len(vars) == 0 {
			continue
		}
		seen := make([]map[int64]bool, len(vars))
		for k := range seen {
			seen[k] = map[int64]bool{}
		}
		values := make([]int64, len(vars))
		var try func(k int)
		try = func(k int) {
			if k == len(vars) {
				if consistent(g, vars, values) {
					for x, v := range values {
						seen[x][v] = true
					}
				}
				return
			}
			truth := g.n[vars[k].i][vars[k].j]
			for v := max(0, truth-2); v <= truth+2; v++ {
				values[k] = v
				try(k + 1)
			}
		}
		if len(vars) > 7 {
			continue // 5^7 tables is the most this test enumerates
		}
		enumerated++
		try(0)
		for x, c := range vars {
			if !seen[x][g.n[c.i][c.j]] {
				t.Fatalf("trial %d: the true table was not among the consistent ones", trial)
			}
			if len(seen[x]) < 2 {
				t.Fatalf("trial %d: hidden cell %v can only be %v", trial, c, seen[x])
			}
		}
	}
}

// consistent reports whether the grid, with values in place of its hidden cells, adds up.
func consistent(g *grid, vars []cell, values []int64) bool {
	n := make([][]int64, len(g.n))
	for i := range g.n {
		n[i] = append([]int64{}, g.n[i]...)
	}
	for k, c := range vars {
		n[c.i][c.j] = values[k]
	}
	na, nb := len(g.a), len(g.b)
	for i := 0; i <= na; i++ {
		s := int64(0)
		for j := 0; j < nb; j++ {
			s += n[i][j]
		}
		if s != n[i][nb] {
			return false
		}
	}
	for j := 0; j <= nb; j++ {
		s := int64(0)
		for i := 0; i < na; i++ {
			s += n[i][j]
		}
		if s != n[na][j] {
			return false
		}
	}
	return true
}

// modP is arithmetic modulo the prime 2^61-1: exact, and fast enough to row-reduce every
// public table's equations at once.
const modP = 1<<61 - 1

func mulMod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, rem := bits.Div64(hi, lo, modP)
	return rem
}

func invMod(a uint64) uint64 { // a^(p-2)
	out, e := uint64(1), uint64(modP-2)
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			out = mulMod(out, a)
		}
		a = mulMod(a, a)
	}
	return out
}

// determinedKeys row-reduces the equations (coefficients per variable, mod p) and returns
// the variables some reduced row pins alone: those a reader can work out.
func determinedKeys(rows []map[int]uint64) map[int]bool {
	var pivots []map[int]uint64
	var pivotCol []int
	for _, r := range rows {
		row := maps.Clone(r)
		for k, p := range pivots {
			if f := row[pivotCol[k]]; f != 0 {
				for c, v := range p {
					row[c] = (row[c] + modP - mulMod(f, v)) % modP
					if row[c] == 0 {
						delete(row, c)
					}
				}
			}
		}
		col := -1
		for c := range row {
			if col < 0 || c < col {
				col = c
			}
		}
		if col < 0 {
			continue
		}
		inv := invMod(row[col])
		for c := range row {
			row[c] = mulMod(row[c], inv)
		}
		for k, p := range pivots { // keep earlier rows reduced against the new pivot
			if f := p[col]; f != 0 {
				for c, v := range row {
					p[c] = (p[c] + modP - mulMod(f, v)) % modP
					if p[c] == 0 {
						delete(p, c)
					}
				}
				pivots[k] = p
			}
		}
		pivots, pivotCol = append(pivots, row), append(pivotCol, col)
	}
	out := map[int]bool{}
	for k, p := range pivots {
		if len(p) == 1 {
			out[pivotCol[k]] = true
		}
	}
	return out
}

// sharedDeaths are random small counts of deaths: the deaths of a year are a margin of both
// deaths tables, so each table alone would sometimes withhold it where the other shows it.
func sharedDeaths(rnd *rand.Rand) Counts {
	c := Counts{DeathYearDistrict: {}, DeathYearCause: {}}
	causes := []string{"Stroke", "Myocardial infarction", "Pneumonia", "Old age"}
	for range 10 + rnd.IntN(60) {
		y := []string{"1990", "1991", "1992", ""}[rnd.IntN(4)]
		c[DeathYearDistrict][[2]string{y, civreg.Districts[rnd.IntN(3)]}]++
		c[DeathYearCause][[2]string{y, causes[rnd.IntN(len(causes))]}]++
	}
	return c
}

func TestNoHiddenCountIsRecoverableFromAllPublicTablesTogether(t *testing.T) {
	for _, c := range []struct {
		n int
		k int64
	}{{150, 3}, {150, 5}, {400, 5}, {400, 10}, {2500, 5}, {2500, 10}} {
		p := generate(c.n, uint64(c.n))
		checkTogether(t, Tally(p.records), c.k, fmt.Sprintf("%d records, K=%d", c.n, c.k))
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for trial := range 400 {
		k := int64(3 + rnd.IntN(6))
		checkTogether(t, sharedDeaths(rnd), k, fmt.Sprintf("random deaths %d, K=%d", trial, k))
	}
}

// checkTogether suppresses every public table and checks, over all their equations at once,
// that a count has one status wherever it is shown and no withheld count can be worked out.
func checkTogether(t *testing.T, counts Counts, k int64, what string) {
	t.Helper()
	grids := buildAll(counts, StarterRules())
	suppressTogether(grids, k)
	hiddenKey, shown := map[string]bool{}, map[string]bool{}
	for _, def := range tableDefs {
		g := grids[def.name]
		for i := range g.n {
			for j := range g.n[i] {
				if key := cellKey(def, g, i, j); g.hidden[i][j] {
					hiddenKey[key] = true
				} else {
					shown[key] = true
				}
			}
		}
	}
	index := map[string]int{}
	for key := range hiddenKey {
		if shown[key] {
			t.Fatalf("%s: %s is withheld in one table and shown in another", what, key)
		}
		index[key] = len(index)
	}
	var rows []map[int]uint64
	for _, def := range tableDefs {
		g := grids[def.name]
		na, nb := len(g.a), len(g.b)
		for x := 0; x <= na+nb+1; x++ {
			var line []cell
			marginCell := cell{x, nb}
			if x <= na {
				line = g.line(x, false)
			} else {
				line, marginCell = g.line(x-na-1, true), cell{na, x - na - 1}
			}
			row := map[int]uint64{}
			for _, c := range line {
				if v, ok := index[cellKey(def, g, c.i, c.j)]; ok {
					coef := uint64(1)
					if c == marginCell {
						coef = modP - 1
					}
					row[v] = (row[v] + coef) % modP
				}
			}
			rows = append(rows, row)
		}
	}
	if det := determinedKeys(rows); len(det) > 0 {
		t.Fatalf("%s: %d withheld counts follow from the public tables together", what, len(det))
	}
}
