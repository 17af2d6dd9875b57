package samples

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// pen writes text glyph by glyph: exactly for the printer's headings, with a typewriter's
// uneven strike for typed fills, and with a writer's wavering size, baseline and slant for
// fills by hand.
type pen struct {
	img    *image.Gray
	dpi    float64
	font   loadedFont
	size   float64 // points
	ink    uint8
	jitter float64 // spread of size and baseline, as a fraction of the size
	slant  float64 // horizontal shift per pixel above the baseline
	rng    *rand.Rand
	faces  map[int]font.Face
}

func newPen(img *image.Gray, dpi int, f loadedFont, size float64, rng *rand.Rand) *pen {
	p := &pen{img: img, dpi: float64(dpi), font: f, size: size * f.scale, ink: 25, rng: rng, faces: map[int]font.Face{}}
	switch f.kind {
	case typedFont:
		p.jitter = 0.015
	case handFont:
		p.jitter = 0.05 + rng.Float64()*0.04
		p.slant = rng.Float64()*0.3 - 0.05
		p.ink = uint8(15 + rng.IntN(50))
	}
	return p
}

// face returns the font at size points, in quarter points.
func (p *pen) face(size float64) font.Face {
	k := int(math.Round(size * 4))
	if f, ok := p.faces[k]; ok {
		return f
	}
	f, err := opentype.NewFace(p.font.font, &opentype.FaceOptions{Size: float64(k) / 4, DPI: p.dpi, Hinting: font.HintingNone})
	if err != nil {
		panic(err) // a parsed font and a positive size always make a face
	}
	p.faces[k] = f
	return f
}

// lineHeight is the distance between baselines.
func (p *pen) lineHeight() int {
	m := p.face(p.size).Metrics()
	return int(float64((m.Ascent + m.Descent).Ceil()) * 1.15)
}

// overhang is how far a slanted hand reaches past the width its glyphs advance.
func (p *pen) overhang() int {
	return int(math.Abs(p.slant)*float64(p.ascent())) + int(p.jitter*p.size*p.dpi/72*2)
}

// ascent is the height of capitals above the baseline.
func (p *pen) ascent() int { return p.face(p.size).Metrics().Ascent.Ceil() }

// width is how far write advances for s.
func (p *pen) width(s string) int {
	base := p.face(p.size)
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += base.Kern(prev, r)
		}
		prev = r
		w += p.advance(base, r)
	}
	return w.Round()
}

// advance is a glyph's advance; a space is at least a third of the size, as some
// handwriting fonts have next to none.
func (p *pen) advance(f font.Face, r rune) fixed.Int26_6 {
	adv, _ := f.GlyphAdvance(r)
	if r == ' ' {
		adv = max(adv, fixed.Int26_6(p.size*p.dpi/72/3*64))
	}
	return adv
}

// write draws s with its baseline at (x, y) and returns its width. Glyphs advance as the font
// says whatever their jitter, so width tells where the text ends.
func (p *pen) write(x, y int, s string) int {
	base := p.face(p.size)
	dot := fixed.P(x, y)
	prev := rune(-1)
	px := p.size * p.dpi / 72
	drift := 0.0 // a hand's line rises or falls across the cell
	if p.font.kind == handFont {
		drift = p.rng.NormFloat64() * 0.015
	}
	for _, r := range s {
		if prev >= 0 {
			dot.X += base.Kern(prev, r)
		}
		prev = r
		adv := p.advance(base, r)
		if r != ' ' {
			f, at, slant, ink := base, dot, p.slant, p.ink
			at.Y -= fixed.I(int(drift * float64(dot.X.Round()-x)))
			if p.jitter > 0 {
				f = p.face(p.size * (1 + p.rng.NormFloat64()*p.jitter))
				at.Y += fixed.I(int(math.Round(p.rng.NormFloat64() * p.jitter * px * 0.6)))
				slant += p.rng.NormFloat64() * p.jitter
				ink = uint8(min(200, max(0, int(ink)+int(p.rng.NormFloat64()*20))))
			}
			if dr, mask, mp, _, ok := f.Glyph(at, r); ok {
				blit(p.img, dr, mask, mp, at.Y.Round(), slant, ink)
			}
		}
		dot.X += adv
	}
	return dot.X.Round() - x
}

// blit lays a glyph's coverage on the page in ink, sheared by slant about the baseline;
// ink only darkens the paper.
func blit(img *image.Gray, dr image.Rectangle, mask image.Image, mp image.Point, baseline int, slant float64, ink uint8) {
	a, _ := mask.(*image.Alpha)
	for y := dr.Min.Y; y < dr.Max.Y; y++ {
		shift := int(math.Round(slant * float64(baseline-y)))
		if y < img.Rect.Min.Y || y >= img.Rect.Max.Y {
			continue
		}
		for x := dr.Min.X; x < dr.Max.X; x++ {
			mx, my := mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y
			var al int
			if a != nil {
				al = int(a.Pix[(my-a.Rect.Min.Y)*a.Stride+mx-a.Rect.Min.X])
			} else {
				_, _, _, aa := mask.At(mx, my).RGBA()
				al = int(aa >> 8)
			}
			dx := x + shift
			if al == 0 || dx < img.Rect.Min.X || dx >= img.Rect.Max.X {
				continue
			}
			i := img.PixOffset(dx, y)
			old := int(img.Pix[i])
			if v := (old*(255-al) + int(ink)*al) / 255; v < old {
				img.Pix[i] = uint8(v)
			}
		}
	}
}

// wrap breaks s into lines no wider than w: at its newlines, then between words.
func (p *pen) wrap(s string, w int) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := strings.TrimSpace(line + " " + word)
			if line != "" && p.width(try) > w {
				out = append(out, line)
				line = word
				continue
			}
			line = try
		}
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

// scribble signs inside r: a pen run of loops, as a registrar's signature.
func scribble(img *image.Gray, r image.Rectangle, dpi int, rng *rand.Rand) {
	if r.Dx() < 8 || r.Dy() < 8 {
		return
	}
	x0, x1 := float64(r.Min.X)+float64(r.Dx())*0.05, float64(r.Min.X)+float64(r.Dx())*(0.55+rng.Float64()*0.4)
	cy := float64(r.Min.Y) + float64(r.Dy())*(0.4+rng.Float64()*0.2)
	amp := float64(r.Dy()) * (0.15 + rng.Float64()*0.15)
	loops := 3 + rng.Float64()*6
	back := (x1 - x0) / loops * (0.2 + rng.Float64()*0.5)
	width := max(1, float64(dpi)/130)
	ink := uint8(20 + rng.IntN(60))
	steps := int((x1-x0)+amp*loops*8) * 2
	tilt := rng.Float64()*0.3 - 0.15
	for i := 0; i <= steps; i++ {
		t := float64(i) / float64(steps)
		w := t * loops * 2 * math.Pi
		x := x0 + t*(x1-x0) - back*math.Cos(w)
		y := cy - amp*math.Sin(w)*(0.6+0.4*math.Sin(t*7)) - tilt*(x-x0)
		dot(img, x, y, width, ink)
	}
	if rng.IntN(2) == 0 { // an underline
		for x := x0; x < x1; x += 0.5 {
			dot(img, x, cy+amp*1.3+(x-x0)*0.03, width*0.8, ink)
		}
	}
}

// dot inks a disc of radius rad at (x, y).
func dot(img *image.Gray, x, y, rad float64, ink uint8) {
	for yy := int(y - rad); yy <= int(y+rad); yy++ {
		for xx := int(x - rad); xx <= int(x+rad); xx++ {
			if (float64(xx)-x)*(float64(xx)-x)+(float64(yy)-y)*(float64(yy)-y) > rad*rad || !image.Pt(xx, yy).In(img.Rect) {
				continue
			}
			if i := img.PixOffset(xx, yy); img.Pix[i] > ink {
				img.Pix[i] = ink
			}
		}
	}
}

// registryStamp presses the registry's rubber stamp somewhere on the page, over whatever is
// written there: two rings and the registry's words across them, in a paler ink.
func registryStamp(img *image.Gray, rng *rand.Rand, book fontBook, dpi int) {
	r := float64(dpi) * (0.5 + rng.Float64()*0.4)
	cx := r + rng.Float64()*(float64(img.Rect.Dx())-2*r)
	cy := r + rng.Float64()*(float64(img.Rect.Dy())-2*r)
	ink := uint8(80 + rng.IntN(70))
	width := max(1, float64(dpi)/110)
	for a := 0.0; a < 2*math.Pi; a += 0.5 / r {
		for _, rr := range []float64{r, r * 0.75} {
			dot(img, cx+rr*math.Cos(a), cy+rr*math.Sin(a), width, ink)
		}
	}
	p := newPen(img, dpi, pick(rng, book[printedFont]), 6+rng.Float64()*2, rng)
	p.ink = ink
	words := []string{"REGISTRY", pick(rng, []string{"BASSETERRE", "CHARLESTOWN", "ST. KITTS"}), fmt.Sprint(1925 + rng.IntN(100))}
	for i, w := range words {
		p.write(int(cx)-p.width(w)/2, int(cy)+(i-1)*p.lineHeight()+p.ascent()/2, w)
	}
}
