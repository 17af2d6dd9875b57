package stats

// Suppression. A two-way table with its margins is a set of equations: each row's cells sum
// to the row's total, each column's to the column's total, the totals to the grand total.
// Written with the margins' signs flipped, every equation says "the cells meeting at this
// row (or column) sum to zero", so the table is a bipartite graph (a node per row and per
// column, the margin row and column included; an edge per cell) and the hidden cells are its
// hidden edges. A hidden cell can be worked out from the published ones exactly when no
// cycle of hidden cells passes through it, that is when it is a bridge of the graph of
// hidden cells. Zero counts are never hidden, so every hidden count is at least 1 and moving
// one up and down a cycle gives another table with the same published counts.

// cell names a cell of a grid by row and column (len(a) and len(b) are the margins).
type cell struct{ i, j int }

// suppress hides every count from 1 to k-1, then hides complements until no hidden count can
// be recovered: each row and column with one hidden count gets a second, and each hidden
// count that is still a bridge gets a complement closing a cycle through it.
func (g *grid) suppress(k int64) {
	for i := range g.n {
		for j, n := range g.n[i] {
			if n >= 1 && n < k {
				g.hidden[i][j] = true
			}
		}
	}
	for {
		for g.pairLines() {
		}
		bridges := g.bridges()
		if len(bridges) == 0 || !g.closeCycle(bridges[0]) {
			return
		}
	}
}

// line lists the cells of row i (column when col).
func (g *grid) line(x int, col bool) []cell {
	var out []cell
	if col {
		for i := range g.n {
			out = append(out, cell{i, x})
		}
		return out
	}
	for j := range g.n[x] {
		out = append(out, cell{x, j})
	}
	return out
}

// pairLines hides a complement in every line that has exactly one hidden cell; it reports
// whether it hid any.
func (g *grid) pairLines() bool {
	added := false
	for col, count := range []int{len(g.n), len(g.n[0])} {
		for x := 0; x < count; x++ {
			cells := g.line(x, col == 1)
			hidden := 0
			for _, c := range cells {
				if g.hidden[c.i][c.j] {
					hidden++
				}
			}
			if hidden == 1 {
				added = g.hideSmallest(cells) || added
			}
		}
	}
	return added
}

// hideSmallest hides the smallest positive published count among cells (an inner cell before
// a margin on a tie); false when there is none.
func (g *grid) hideSmallest(cells []cell) bool {
	best, found := cell{}, false
	for _, c := range cells {
		n := g.n[c.i][c.j]
		if g.hidden[c.i][c.j] || n == 0 {
			continue
		}
		if !found || n < g.n[best.i][best.j] || (n == g.n[best.i][best.j] && g.isMargin(best) && !g.isMargin(c)) {
			best, found = c, true
		}
	}
	if found {
		g.hidden[best.i][best.j] = true
	}
	return found
}

func (g *grid) isMargin(c cell) bool { return c.i == len(g.a) || c.j == len(g.b) }

// node numbers: rows 0..len(a), then columns.
func (g *grid) rowNode(i int) int { return i }
func (g *grid) colNode(j int) int { return len(g.n) + j }

// adjacency of the hidden cells' graph: per node, the hidden cells meeting there.
func (g *grid) adjacency() [][]cell {
	adj := make([][]cell, len(g.n)+len(g.n[0]))
	for i := range g.n {
		for j := range g.n[i] {
			if g.hidden[i][j] {
				adj[g.rowNode(i)] = append(adj[g.rowNode(i)], cell{i, j})
				adj[g.colNode(j)] = append(adj[g.colNode(j)], cell{i, j})
			}
		}
	}
	return adj
}

func (g *grid) other(c cell, node int) int {
	if node == g.rowNode(c.i) {
		return g.colNode(c.j)
	}
	return g.rowNode(c.i)
}

// bridges lists the hidden cells that lie on no cycle of hidden cells: the ones a reader
// could work out (Tarjan's bridge search).
func (g *grid) bridges() []cell {
	adj := g.adjacency()
	disc := make([]int, len(adj))
	low := make([]int, len(adj))
	t := 0
	var out []cell
	var visit func(v int, via cell, root bool)
	visit = func(v int, via cell, root bool) {
		t++
		disc[v], low[v] = t, t
		for _, c := range adj[v] {
			if !root && c == via {
				continue
			}
			w := g.other(c, v)
			if disc[w] == 0 {
				visit(w, c, false)
				low[v] = min(low[v], low[w])
				if low[w] > disc[v] {
					out = append(out, c)
				}
			} else {
				low[v] = min(low[v], disc[w])
			}
		}
	}
	for v := range adj {
		if disc[v] == 0 {
			visit(v, cell{-1, -1}, true)
		}
	}
	return out
}

// closeCycle hides one more cell so that bridge b lies on a cycle: the smallest positive
// published cell joining the two sides b separates; failing that, the smallest in b's row or
// column; failing that, the smallest anywhere. False when no positive count is left to hide.
func (g *grid) closeCycle(b cell) bool {
	side := g.sideOf(b)
	var joining, near, anywhere []cell
	for i := range g.n {
		for j := range g.n[i] {
			if g.hidden[i][j] || g.n[i][j] == 0 {
				continue
			}
			c := cell{i, j}
			anywhere = append(anywhere, c)
			if rs, cs := side[g.rowNode(i)], side[g.colNode(j)]; rs != 0 && cs != 0 && rs != cs {
				joining = append(joining, c)
			}
			if i == b.i || j == b.j {
				near = append(near, c)
			}
		}
	}
	for _, cs := range [][]cell{joining, near, anywhere} {
		if g.hideSmallest(cs) {
			return true
		}
	}
	return false
}

// sideOf labels the nodes reachable without crossing bridge b: 1 from its row's side, 2 from
// its column's, 0 for nodes of other parts of the graph.
func (g *grid) sideOf(b cell) []int {
	adj := g.adjacency()
	side := make([]int, len(adj))
	for label, start := range []int{g.rowNode(b.i), g.colNode(b.j)} {
		stack := []int{start}
		side[start] = label + 1
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, c := range adj[v] {
				if w := g.other(c, v); c != b && side[w] == 0 {
					side[w] = label + 1
					stack = append(stack, w)
				}
			}
		}
	}
	return side
}
