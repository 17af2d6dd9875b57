package stats

import (
	"fmt"
	"math/big"
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
