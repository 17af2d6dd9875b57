package ui

import (
	"cmp"
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// The statistics charts are drawn here as SVG, on the server: no script, no library. Colours
// come with a second signal (a hatched fill, a legend with words, the table beside each chart).

// chartSeries is one series of a chart; a nil value is withheld, or what Gap says.
type chartSeries struct {
	Name   string
	Values []*int64
	Gap    string // the mark for a nil value in a column chart ("c", withheld, when empty)
}

var seriesFills = []string{"#0b5394", "url(#%s-hatch)"}

// svgChart accumulates one chart's SVG; every text written is escaped.
type svgChart struct {
	b  strings.Builder
	id string
}

func newChart(id, title string, w, h int) *svgChart {
	c := &svgChart{id: id}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="chart" role="img" aria-labelledby="%s-title">`, w, h, id)
	fmt.Fprintf(&c.b, `<title id="%s-title">%s</title>`, id, template.HTMLEscapeString(title))
	fmt.Fprintf(&c.b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" fill="#a61c00"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>`, id)
	return c
}

func (c *svgChart) fill(series int) string {
	if series == 0 {
		return seriesFills[0]
	}
	return fmt.Sprintf(seriesFills[1], c.id)
}

func (c *svgChart) rect(x, y, w, h float64, fill string) {
	fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, y, max(w, 0), max(h, 0), fill)
}

func (c *svgChart) text(x, y float64, anchor string, s string) {
	fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="11" fill="#1a1a1a">%s</text>`, x, y, anchor, template.HTMLEscapeString(s))
}

func (c *svgChart) line(x1, y1, x2, y2 float64) {
	fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#767676" stroke-width="1"/>`, x1, y1, x2, y2)
}

// legend writes the series names with their fills along the top.
func (c *svgChart) legend(x, y float64, names []string, fills []string) {
	for i, n := range names {
		c.rect(x, y-9, 10, 10, fills[i])
		c.text(x+14, y, "start", n)
		x += 24 + 7*float64(len(n))
	}
}

func (c *svgChart) html() template.HTML {
	c.b.WriteString(`</svg>`)
	return template.HTML(c.b.String()) // every value in it was escaped or formatted as a number
}

// niceMax rounds the largest value up to 1, 2 or 5 times a power of ten.
func niceMax(series ...[]*int64) int64 {
	top := int64(1)
	for _, s := range series {
		for _, v := range s {
			if v != nil && *v > top {
				top = *v
			}
		}
	}
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= top {
				return m * p
			}
		}
	}
}

// columnsChart draws grouped vertical bars, one group per label (years).
func columnsChart(id, title string, labels []string, series []chartSeries) template.HTML {
	const w, h, left, top, bottom = 760, 300, 56, 28, 36
	c := newChart(id, title, w, h)
	var vals [][]*int64
	var names, fills []string
	for i, s := range series {
		vals, names, fills = append(vals, s.Values), append(names, s.Name), append(fills, c.fill(i))
	}
	c.legend(left, 14, append(names, "c = withheld"), append(fills, "none"))
	top1 := float64(niceMax(vals...))
	plotH := float64(h - top - bottom)
	for k := 0; k <= 4; k++ {
		y := float64(top) + plotH*float64(4-k)/4
		c.line(left, y, w-8, y)
		c.text(left-4, y+4, "end", strconv.FormatInt(int64(top1)*int64(k)/4, 10))
	}
	group := float64(w-left-8) / float64(max(len(labels), 1))
	bar := group * 0.8 / float64(max(len(series), 1))
	every := max(1, (len(labels)+14)/15)
	for i, l := range labels {
		x := float64(left) + group*float64(i) + group*0.1
		for si, s := range series {
			v := s.Values[i]
			if v == nil {
				c.text(x+bar*float64(si)+bar/2, float64(h-bottom)-2, "middle", cmp.Or(s.Gap, "c"))
				continue
			}
			bh := plotH * float64(*v) / top1
			c.rect(x+bar*float64(si), float64(h-bottom)-bh, bar, bh, c.fill(si))
		}
		if i%every == 0 {
			c.text(x+group*0.4, float64(h-bottom)+16, "middle", l)
		}
	}
	return c.html()
}

// barsChart draws grouped horizontal bars, one row per label (parishes, causes).
func barsChart(id, title string, labels []string, series []chartSeries) template.HTML {
	const w, left, top, row = 760, 230, 28, 26
	h := top + row*len(labels) + 8
	c := newChart(id, title, w, h)
	var vals [][]*int64
	var names, fills []string
	for i, s := range series {
		vals, names, fills = append(vals, s.Values), append(names, s.Name), append(fills, c.fill(i))
	}
	c.legend(left, 14, names, fills)
	top1 := float64(niceMax(vals...))
	plotW := float64(w - left - 60)
	bar := float64(row-6) / float64(max(len(series), 1))
	for i, l := range labels {
		y := float64(top + row*i)
		c.text(left-6, y+float64(row)/2+3, "end", l)
		for si, s := range series {
			v, by := s.Values[i], y+bar*float64(si)
			if v == nil {
				c.text(left+4, by+bar-2, "start", "c (withheld)")
				continue
			}
			bw := plotW * float64(*v) / top1
			c.rect(left, by, bw, bar-1, c.fill(si))
			c.text(left+bw+4, by+bar-2, "start", strconv.FormatInt(*v, 10))
		}
	}
	c.line(left, top, left, float64(h-8))
	return c.html()
}

// pyramidChart draws deaths by age group, men to the left and women to the right, the oldest
// at the top.
func pyramidChart(id, title string, ages []string, men, women []*int64) template.HTML {
	const w, top, row, mid, label = 760, 28, 18, 380, 60
	h := top + row*len(ages) + 8
	c := newChart(id, title, w, h)
	c.legend(20, 14, []string{"Men (left)", "Women (right)"}, []string{c.fill(0), c.fill(1)})
	top1 := float64(niceMax(men, women))
	half := float64(mid - label/2 - 40)
	for k := range ages {
		i := len(ages) - 1 - k // oldest first, at the top
		y := float64(top + row*k)
		c.text(mid, y+row-5, "middle", ages[i])
		for side, vs := range [][]*int64{men, women} {
			v := vs[i]
			dir := float64(2*side - 1)
			edge := float64(mid) + dir*label/2
			if v == nil {
				c.text(edge+dir*4, y+row-5, map[bool]string{true: "start", false: "end"}[side == 1], "c")
				continue
			}
			bw := half * float64(*v) / top1
			x := edge
			if side == 0 {
				x = edge - bw
			}
			c.rect(x, y+1, bw, row-3, c.fill(side))
			c.text(edge+dir*(bw+4), y+row-5, map[bool]string{true: "start", false: "end"}[side == 1], strconv.FormatInt(*v, 10))
		}
	}
	return c.html()
}

var bandFills = []string{"#1e6b2e", "#6a9f3a", "#b26b00", "#a61c00", "#767676"}

// sharesChart draws one 100% bar per label split by band, each part labelled with its share;
// withheld parts are shown together as one grey part (their sum is the total less the rest,
// already public). A row whose total is withheld is drawn empty and says so.
func sharesChart(id, title string, labels, bands []string, values [][]*int64, totals []*int64) template.HTML {
	const w, left, top, row = 760, 110, 44, 34
	h := top + row*len(labels) + 8
	c := newChart(id, title, w, h)
	fills := append(append([]string{}, bandFills[:len(bands)]...), "#c8c8c4")
	c.legend(left, 14, append(append([]string{}, bands...), "withheld"), fills)
	plotW := float64(w - left - 20)
	for i, l := range labels {
		y := float64(top + row*i)
		c.text(left-6, y+row/2+2, "end", l)
		if totals[i] == nil || *totals[i] == 0 {
			c.text(left+4, y+row/2+2, "start", "total withheld or none")
			continue
		}
		x, shown := float64(left), int64(0)
		parts := append([]*int64{}, values[i]...)
		for _, v := range parts {
			if v != nil {
				shown += *v
			}
		}
		withheld := *totals[i] - shown
		parts = append(parts, &withheld)
		for b, v := range parts {
			if v == nil || *v == 0 {
				continue
			}
			pw := plotW * float64(*v) / float64(*totals[i])
			c.rect(x, y+2, pw, row-8, fills[min(b, len(fills)-1)])
			if pw > 34 {
				fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#fff">%d%%</text>`, x+pw/2, y+row/2+1, 100**v / *totals[i])
			}
			x += pw
		}
	}
	return c.html()
}
