package extract

import (
	"civreg"
)

// ruledBox is a rectangle of the page bounded by rules on every side: a form's box, a table's
// cell. [x0 y0 x1 y1] in the page's pixels, inside its rules.
type ruledBox [4]int

// cellGrid is the share of the page's long side one square of the grid cells are found on
// stands for: fine enough for the narrowest gap between two boxes (0.08 in), coarse enough to
// be cheap (a few hundred thousand squares).
const cellGrid = 1.0 / 700

// findCells makes the page's cells from its rules: the rules are drawn on a coarse grid, their
// ends drawn on a little (rules found end a few pixels short of the corner they meet in), and
// each region of the grid the rules close off from the page's edge is a cell. An unruled
// page, or one whose rules close nothing (a title's underline), has none.
func findCells(p civreg.PageWords) []ruledBox {
	if len(p.Rules) == 0 || p.Width <= 0 || p.Height <= 0 {
		return nil
	}
	step := max(1, int(float64(max(p.Width, p.Height))*cellGrid))
	gw, gh := p.Width/step+1, p.Height/step+1
	ruled := make([]bool, gw*gh)
	reach := 2 // grid squares a rule's ends are drawn on
	for _, r := range p.Rules {
		x0, y0, x1, y1 := r.Box[0]/step, r.Box[1]/step, r.Box[2]/step, r.Box[3]/step
		if r.Vertical {
			y0, y1 = y0-reach, y1+reach
		} else {
			x0, x1 = x0-reach, x1+reach
		}
		for y := max(y0, 0); y <= min(y1, gh-1); y++ {
			for x := max(x0, 0); x <= min(x1, gw-1); x++ {
				ruled[y*gw+x] = true
			}
		}
	}
	seen := make([]bool, gw*gh)
	var out []ruledBox
	for start := range ruled {
		if ruled[start] || seen[start] {
			continue
		}
		b, edge, n := floodRegion(ruled, seen, gw, gh, start)
		// A cell holds at least a line of text: two squares each way.
		if edge || n < 4 || b[2]-b[0] < 2 || b[3]-b[1] < 2 {
			continue
		}
		out = append(out, ruledBox{b[0] * step, b[1] * step, min((b[2]+1)*step, p.Width), min((b[3]+1)*step, p.Height)})
	}
	return out
}

// floodRegion marks the unruled region of the grid around start as seen and returns its
// box in grid squares, whether it reaches the page's edge, and its size.
func floodRegion(ruled, seen []bool, gw, gh, start int) (box [4]int, edge bool, n int) {
	box = [4]int{gw, gh, -1, -1}
	stack := []int{start}
	seen[start] = true
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := i%gw, i/gw
		n++
		box = [4]int{min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)}
		if x == 0 || y == 0 || x == gw-1 || y == gh-1 {
			edge = true
		}
		for _, j := range [4]int{i - 1, i + 1, i - gw, i + gw} {
			if j < 0 || j >= len(ruled) || (j == i-1 && x == 0) || (j == i+1 && x == gw-1) || ruled[j] || seen[j] {
				continue
			}
			seen[j] = true
			stack = append(stack, j)
		}
	}
	return box, edge, n
}

// cellOf is the index of the smallest cell holding the box's centre, or -1.
func cellOf(cells []ruledBox, b [4]int) int {
	cx, cy := (b[0]+b[2])/2, (b[1]+b[3])/2
	best := -1
	for i, c := range cells {
		if cx >= c[0] && cx < c[2] && cy >= c[1] && cy < c[3] {
			if best < 0 || area(c) < area(cells[best]) {
				best = i
			}
		}
	}
	return best
}

func area(c ruledBox) int { return (c[2] - c[0]) * (c[3] - c[1]) }

// inCell says whether the box stands inside cell c, a few pixels' slack aside: a word that
// runs over the cell's rule is another's, or cut.
func inCell(c ruledBox, b [4]int, slack int) bool {
	return b[0] >= c[0]-slack && b[1] >= c[1]-slack && b[2] <= c[2]+slack && b[3] <= c[3]+slack
}

// framed drops the cells that hold many labels: a border round the page or a section is a
// frame, not a box a label's value is kept in. What is left are the boxes of the page.
func framed(cells []ruledBox, hits []labelHit) []ruledBox {
	count := make([]int, len(cells))
	for _, h := range hits {
		if i := cellOf(cells, h.box()); i >= 0 {
			count[i]++
		}
	}
	var out []ruledBox
	for i, c := range cells {
		if count[i] < 3 {
			out = append(out, c)
		}
	}
	return out
}

// crossesRule says whether a rule of the page runs through the box (a value's words), not
// merely along its edge: such a value joins words of two cells.
func crossesRule(b [4]int, rules []civreg.Rule) bool {
	s := max(2, (b[3]-b[1])/8) // what OCR's box may overhang
	for _, r := range rules {
		x0, y0, x1, y1 := r.Box[0], r.Box[1], r.Box[2], r.Box[3]
		if r.Vertical {
			over := min(y1, b[3]) - max(y0, b[1])
			if x0 > b[0]+s && x1 < b[2]-s && over*2 > b[3]-b[1] {
				return true
			}
			continue
		}
		over := min(x1, b[2]) - max(x0, b[0])
		if y0 > b[1]+s && y1 < b[3]-s && over*2 > min(b[2]-b[0], x1-x0) {
			return true
		}
	}
	return false
}

// distrustCrossing sends to review every field whose words a rule of its page runs through.
func distrustCrossing(fs []civreg.Field, rules []civreg.Rule) {
	for i, f := range fs {
		if len(f.Box) == 4 && crossesRule([4]int(f.Box), rules) {
			fs[i].NeedsReview = true
		}
	}
}

// underHeading says whether a register cell's words stand in one ruled cell under their
// column's heading: a cell whose width lies mostly outside the column is the next column's,
// its words cut into this column by where the headings stand. A page without cells says yes.
func underHeading(rows []*line, ws []civreg.Word, c column) bool {
	if len(rows) == 0 || rows[0].cells == nil || len(ws) == 0 {
		return true
	}
	cs := rows[0].cells
	at := cellOf(cs, ws[0].Box)
	for _, w := range ws[1:] {
		if cellOf(cs, w.Box) != at {
			return false // the words of two cells
		}
	}
	if at < 0 {
		return true // the table is not ruled round them
	}
	k := cs[at]
	over := min(k[2], c.x1) - max(k[0], c.x0)
	return over*2 >= min(k[2]-k[0], c.x1-c.x0)
}
