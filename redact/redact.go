// Package redact makes the derivatives of a page that a role not allowed sensitive fields
// sees: the page image with those fields' boxes painted over, the page's words without the
// words inside them, and small thumbnails. It is pure: callers fetch and store the bytes.
package redact

import (
	"image"
	"image/color"
	"image/draw"

	"civreg"

	xdraw "golang.org/x/image/draw"
)

// Margin is how far past a field's box the cover reaches, as a share of the box's height (and
// at least MinMargin pixels): OCR boxes hug the ink, and descenders or a neighbouring stroke
// must not leave a letter half readable. The margin never passes civreg.CoverMargin, so a
// cover of a whole area (a page's other entries) stops where the root package meant it to.
const (
	Margin    = 0.35
	MinMargin = 6
)

// Grow is box b widened by the cover's margin, clipped to bounds.
func Grow(b [4]int, bounds image.Rectangle) image.Rectangle {
	m := int(float64(b[3]-b[1]) * Margin)
	m = min(max(m, MinMargin), civreg.CoverMargin)
	return image.Rect(b[0]-m, b[1]-m, b[2]+m, b[3]+m).Intersect(bounds)
}

// Cover returns a copy of page with every box painted solid black. The page itself is untouched.
func Cover(page image.Image, boxes [][4]int) image.Image {
	var out draw.Image
	if _, gray := page.(*image.Gray); gray {
		out = image.NewGray(page.Bounds())
	} else {
		out = image.NewRGBA(page.Bounds())
	}
	draw.Draw(out, out.Bounds(), page, page.Bounds().Min, draw.Src)
	black := image.NewUniform(color.Black)
	for _, b := range boxes {
		draw.Draw(out, Grow(b, out.Bounds()), black, image.Point{}, draw.Src)
	}
	return out
}

// Words returns the page's words less every word that touches a covered box.
func Words(page civreg.PageWords, boxes [][4]int) civreg.PageWords {
	bounds := image.Rect(0, 0, page.Width, page.Height)
	if bounds.Empty() {
		bounds = image.Rect(-1<<30, -1<<30, 1<<30, 1<<30)
	}
	covers := make([]image.Rectangle, len(boxes))
	for i, b := range boxes {
		covers[i] = Grow(b, bounds)
	}
	out := page
	out.Words = make([]civreg.Word, 0, len(page.Words))
	for _, w := range page.Words {
		r := image.Rect(w.Box[0], w.Box[1], w.Box[2], w.Box[3])
		hidden := false
		for _, c := range covers {
			if r.Overlaps(c) || (r.Empty() && r.Min.In(c)) {
				hidden = true
				break
			}
		}
		if !hidden {
			out.Words = append(out.Words, w)
		}
	}
	return out
}

// ThumbnailWidth is the width in pixels of a page's thumbnail in search results.
const ThumbnailWidth = 160

// Thumbnail scales page down to width pixels across (never up), in grey.
func Thumbnail(page image.Image, width int) image.Image {
	b := page.Bounds()
	if b.Dx() <= width || b.Dx() == 0 {
		width = b.Dx()
	}
	height := b.Dy() * width / max(b.Dx(), 1)
	out := image.NewGray(image.Rect(0, 0, width, max(height, 1)))
	xdraw.ApproxBiLinear.Scale(out, out.Bounds(), page, b, draw.Src, nil)
	return out
}
