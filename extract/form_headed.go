package extract

import (
	"image"
	"slices"
	"strings"

	"civreg"
)

// A form whose rules close no box (faint or broken hairlines) is found from its headings
// alone.

// registerLabels are the registers' headings whole, normalised.
func registerLabels(f *Forms) map[string]bool {
	out := map[string]bool{}
	for _, d := range f.Designs {
		if d.Layout != LayoutRegister {
			continue
		}
		for _, labels := range d.Fields {
			for _, l := range labels {
				out[norm(l)] = true
			}
		}
		for _, l := range d.OtherColumns {
			out[norm(l)] = true
		}
	}
	return out
}

// headingRun says a run of a line's words is a heading on a form with no boxes: heading words
// (a number before them), not ending in a comma as a value's part does; a heading of one word
// is a register heading whole ("Sex", "Occupation") or numbered.
func headingRun(vocab, labels map[string]bool, run []civreg.Word) bool {
	words := run
	if isNumberWord(words[0]) {
		words = words[1:]
	}
	if len(words) == 0 || strings.HasSuffix(words[len(words)-1].Text, ",") {
		return false
	}
	if !allHeading(vocab, words) && !headingish(vocab, words) {
		return false
	}
	return len(words) > 1 || len(run) > 1 || labels[norm(words[0].Text)]
}

// headedCells finds a form's boxes from its headings where its rules close no boxes (rules
// too faint, or broken, or none): each heading (its words and the lines it wraps onto) heads
// a box reaching across to the next heading beside it and down to the next heading under
// it. Its value is the words beside the heading on its lines (a heading at the left of its
// box) or under it.
func headedCells(p civreg.PageWords, vocab, labels map[string]bool, h int) []formCell {
	var heads []*headRun
	var values []civreg.Word
	var words []civreg.Word
	for _, w := range p.Words {
		if norm(w.Text) != "" || isNumberWord(w) {
			words = append(words, w) // "|", "~~", "-": rules and specks
		}
	}
	for _, l := range wordLines(words) {
		var cur []civreg.Word
		flush := func() {
			if len(cur) == 0 {
				return
			}
			if headingRun(vocab, labels, cur) {
				r := &headRun{words: cur, box: extent(cur)}
				if last := lastAbove(heads, r.box, h); last != nil {
					last.words = append(last.words, cur...)
					last.box = last.box.Union(r.box)
				} else {
					heads = append(heads, r)
				}
			} else {
				values = append(values, cur...)
			}
			cur = nil
		}
		for i, w := range l {
			if i > 0 && (w.Box[0]-l[i-1].Box[2] >= 2*h || isNumberWord(w)) {
				flush()
			}
			cur = append(cur, w)
		}
		flush()
	}
	pitch := rowPitch(heads, h)
	var out []formCell
	for _, r := range heads {
		// The box reaches across to the next heading on its line, and back a little (a value
		// may stand left of its heading) where no heading stands before it on its line: the
		// boxes beside one another never share a word.
		x0, x1, y1 := max(r.box.Min.X-3*h, 0), p.Width, p.Height
		for _, o := range heads {
			level := o.box.Min.Y < r.box.Max.Y+h/2 && o.box.Max.Y > r.box.Min.Y-h/2
			switch {
			case o == r || !level:
			case o.box.Min.X > r.box.Max.X:
				x1 = min(x1, o.box.Min.X-h/2)
			case o.box.Max.X < r.box.Min.X:
				x0 = r.box.Min.X - h/2 // the box before ends there
			}
		}
		x0 = min(x0, r.box.Min.X-h/2)
		below := false
		for _, o := range heads {
			if o != r && o.box.Min.Y >= r.box.Max.Y && o.box.Min.X < x1 && o.box.Max.X > r.box.Min.X {
				y1, below = min(y1, o.box.Min.Y), true
			}
		}
		if !below {
			// The form's last row ends a row's depth under its heading, not at the page's
			// foot: the lines under the form are not its values.
			y1 = min(y1, r.box.Max.Y+pitch)
		}
		fc := formCell{box: ruledBox{x0, r.box.Min.Y, x1, y1}}
		for _, w := range r.words {
			fc.addHeading(w)
		}
		fc.value = append(fc.value, valuesUnder(values, fc.box, r.box, h)...)
		out = append(out, fc)
	}
	return out
}

// headRun is a heading found on a form with no boxes: its words, over the lines it wraps onto.
type headRun struct {
	words []civreg.Word
	box   image.Rectangle
}

// lastAbove is the heading a run of heading words b continues: one ending just over it (less
// than a line's gap), beginning where it begins.
func lastAbove(heads []*headRun, b image.Rectangle, h int) *headRun {
	for _, r := range heads {
		gap := b.Min.Y - r.box.Max.Y
		if gap >= -h/4 && gap <= h*4/5 && abs(b.Min.X-r.box.Min.X) <= h {
			return r
		}
	}
	return nil
}

// valuesUnder are the value words of a box found from its heading: beside the heading on
// its lines, then the lines under it, down to a gap of three lines (the form's foot).
func valuesUnder(values []civreg.Word, box ruledBox, head image.Rectangle, h int) []civreg.Word {
	var in []civreg.Word
	for _, w := range values {
		cx, cy := (w.Box[0]+w.Box[2])/2, (w.Box[1]+w.Box[3])/2
		if cx >= box[0] && cx < box[2] && cy >= box[1] && cy < box[3] && (cy > head.Max.Y || w.Box[0] > head.Max.X) {
			in = append(in, w)
		}
	}
	var out []civreg.Word
	foot := head.Max.Y
	for _, l := range wordLines(in) {
		if extent(l).Min.Y-foot > 3*h {
			break
		}
		out = append(out, l...)
		foot = extent(l).Max.Y
	}
	return out
}

// rowPitch is the usual depth from a heading to the next heading under it, on a form found
// from its headings; four lines when no heading stands under another.
func rowPitch(heads []*headRun, h int) int {
	var gaps []int
	for _, r := range heads {
		next := 0
		for _, o := range heads {
			if o.box.Min.Y >= r.box.Max.Y && o.box.Min.X < r.box.Max.X && o.box.Max.X > r.box.Min.X && (next == 0 || o.box.Min.Y < next) {
				next = o.box.Min.Y
			}
		}
		if next > 0 {
			gaps = append(gaps, next-r.box.Max.Y)
		}
	}
	if len(gaps) == 0 {
		return 4 * h
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2] + h
}
