// Package samples renders synthetic scans of birth, death and marriage records with their
// ground truth, for the demo batch, the tests and `civreg eval`: certificates printed line by
// line or in boxes and register pages, in several fonts, at 150 to 300 dpi, with skew, pages
// turned 90/180/270 degrees, noise, blur and stamps, as JPEG, PNG or TIFF.
package samples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"civreg"
	"civreg/extract"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/tiff"
)

// Truth is what a sample really says, written beside it as JSON: one a file, with every
// record on the page in Records. The single-record fields (RecordType to Printed) repeat the
// first record for the callers that read one record a scan.
type Truth struct {
	File       string            `json:"file"`
	Family     string            `json:"family"`          // layout family: certificate-lines, gro-register, ledger ...
	HeldOut    bool              `json:"held_out"`        // a family reserved for measuring generalisation: never tune on it
	Blind      bool              `json:"blind,omitempty"` // of the blind set: held out, and drawn only when asked for
	Hand       bool              `json:"hand"`            // entries filled by hand (a handwriting font), not typed
	RecordType civreg.RecordType `json:"record_type"`
	Design     string            `json:"design"`
	Layout     string            `json:"layout"`
	Font       string            `json:"font"`
	DPI        int               `json:"dpi"`
	Rotation   int               `json:"rotation"` // degrees clockwise the page was turned
	Skew       float64           `json:"skew"`     // degrees
	Noise      bool              `json:"noise"`
	Blur       bool              `json:"blur"`
	Stamp      bool              `json:"stamp"`
	Format     string            `json:"format"`
	Bitonal    bool              `json:"bitonal,omitempty"` // scanned in black and white, no greys
	Unruled    bool              `json:"unruled,omitempty"` // a register drawn with no ruled lines, in a family that rules its others
	Fields     map[string]string `json:"fields"`            // normalised, as docs/records.md stores them
	Printed    map[string]string `json:"printed"`           // as printed on the page
	Records    []RecordTruth     `json:"records"`           // in page order, top to bottom
	// Rules are the ruled lines drawn (boxes' sides, a table's rules), x0, y0, x1, y1 in the
	// generated page's pixels before skew and turning, for tests of the rules OCR finds.
	Rules [][4]int `json:"rules,omitempty"`
}

// RecordTruth is one record on a page: a certificate's only one or a register's entry.
type RecordTruth struct {
	Entry       int               `json:"entry"` // 1-based on its page
	Page        int               `json:"page"`
	RecordType  civreg.RecordType `json:"record_type"`
	Region      [4]int            `json:"region"`  // x0, y0, x1, y1: the entry's band in the generated page's pixels, before skew and turning
	Fields      map[string]string `json:"fields"`  // normalised, as docs/records.md stores them
	Printed     map[string]string `json:"printed"` // as written on the page
	Handwritten map[string]bool   `json:"handwritten,omitempty"`
}

var fonts = []struct {
	name string
	ttf  []byte
}{{"Go Regular", goregular.TTF}, {"Go Medium", gomedium.TTF}, {"Go Mono", gomono.TTF}}

// Generate renders n certificates into dir, cycling through the record types and designs,
// with the degradations drawn from seed. The same seed gives the same files.
func Generate(dir string, n int, seed uint64, forms *extract.Forms) ([]Truth, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, seed*31+7))
	var out []Truth
	for i := 0; i < n; i++ {
		t, img := certificate(rng, forms.Designs[i%len(forms.Designs)], "")
		t.File = fmt.Sprintf("sample-%04d", i+1)
		if err := finish(rng, dir, img, &t, 0); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// certificate draws one certificate of design d, its record filling the whole page; family
// chooses between lines and boxes, or the page draws one when it is empty.
func certificate(rng *rand.Rand, d extract.Design, family string) (Truth, *image.Gray) {
	return certificateDrawn(rng, d, family, false)
}

// certificateDrawn is certificate, a register row drawn with no ruled lines when unruled says so.
func certificateDrawn(rng *rand.Rand, d extract.Design, family string, unruled bool) (Truth, *image.Gray) {
	t := Truth{RecordType: d.RecordType, Design: d.Name, Layout: d.Layout, Unruled: unruled && d.Layout == extract.LayoutRegister}
	t.Fields, t.Printed = record(rng, d.RecordType)
	f := fonts[rng.IntN(len(fonts))]
	t.Font = f.name
	t.DPI = []int{150, 200, 240, 300}[rng.IntN(4)]
	c, family := render(rng, d, t, f.ttf, family)
	img := c.img
	t.Family, t.Rules = family, c.rules
	b := img.Bounds()
	t.Records = []RecordTruth{{Entry: 1, Page: 1, RecordType: d.RecordType, Region: [4]int{0, 0, b.Dx(), b.Dy()},
		Fields: t.Fields, Printed: t.Printed}}
	return t, img
}

// finish degrades a drawn page as a scanner and the years would (stamp, skew, noise, blur,
// turned a quarter or half, and with chance bitonal scanned in black and white), encodes it
// and writes it and its truth to dir as t.File with the format's extension.
func finish(rng *rand.Rand, dir string, img *image.Gray, t *Truth, bitonal float64) error {
	if rng.Float64() < 0.4 {
		t.Stamp = true
		stamp(img, rng)
	}
	page := img
	if rng.Float64() < 0.7 {
		t.Skew = math.Round((rng.Float64()*5-2.5)*10) / 10
		page = Rotate(img, t.Skew)
	}
	if rng.Float64() < 0.4 {
		t.Noise = true
		noise(page, rng)
	}
	if rng.Float64() < 0.3 {
		t.Blur = true
		page = blur(page)
	}
	if bitonal > 0 && rng.Float64() < bitonal {
		t.Bitonal = true
		threshold(page, uint8(140+rng.IntN(50)))
	}
	switch r := rng.Float64(); {
	case r < 0.1:
		t.Rotation = 90
	case r < 0.2:
		t.Rotation = 180
	case r < 0.3:
		t.Rotation = 270
	}
	page = Turn(page, t.Rotation)
	t.Format = []string{"png", "jpg", "tif"}[rng.IntN(3)]
	name := t.File
	t.File = name + "." + t.Format
	b, err := encode(page, t.Format)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, t.File), b, 0o644); err != nil {
		return err
	}
	j, _ := json.MarshalIndent(t, "", "  ")
	return os.WriteFile(filepath.Join(dir, name+".json"), j, 0o644)
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func person(rng *rand.Rand, female bool, surname string) string {
	given := givenMale
	if female {
		given = givenFemale
	}
	if rng.IntN(2) == 0 {
		return pick(rng, given) + " " + surname
	}
	return pick(rng, given) + " " + pick(rng, given) + " " + surname
}

type date struct{ y, m, d int }

func randomDate(rng *rand.Rand, from, to int) date {
	return date{from + rng.IntN(to-from+1), 1 + rng.IntN(12), 1 + rng.IntN(28)}
}

func (d date) iso() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }

func (d date) after(rng *rand.Rand, days int) date {
	n := d.d + 1 + rng.IntN(days)
	m, y := d.m, d.y
	for n > 28 {
		n -= 28
		m++
		if m > 12 {
			m, y = 1, y+1
		}
	}
	return date{y, m, n}
}

// printDate writes a date the ways the registry's forms did over the decades.
func printDate(rng *rand.Rand, d date) string {
	mon := months[d.m-1]
	switch rng.IntN(5) {
	case 0:
		return fmt.Sprintf("%d %s %d", d.d, mon, d.y)
	case 1:
		return fmt.Sprintf("%d%s %s, %d", d.d, ordinal(d.d), mon, d.y)
	case 2:
		return fmt.Sprintf("%02d/%02d/%d", d.d, d.m, d.y)
	case 3:
		return fmt.Sprintf("%s %d, %d", mon, d.d, d.y)
	}
	return fmt.Sprintf("%02d-%s-%d", d.d, mon[:3], d.y)
}

func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th"
	case n%10 == 1:
		return "st"
	case n%10 == 2:
		return "nd"
	case n%10 == 3:
		return "rd"
	}
	return "th"
}

// Fields makes the fields of a random record of type t: normalised values and what the form
// prints. The search benchmark uses it to fill an index.
func Fields(rng *rand.Rand, t civreg.RecordType) (map[string]string, map[string]string) {
	return record(rng, t)
}

// record makes a record's fields: normalised values and what the form prints.
func record(rng *rand.Rand, t civreg.RecordType) (map[string]string, map[string]string) {
	v, p := map[string]string{}, map[string]string{}
	set := func(key, value, printed string) { v[key], p[key] = value, printed }
	same := func(key, value string) { set(key, value, value) }
	district := rng.IntN(len(Districts))
	var event date
	letter := map[civreg.RecordType]string{civreg.Birth: "B", civreg.Death: "D", civreg.Marriage: "M"}[t]
	switch t {
	case civreg.Birth:
		event = randomDate(rng, 1925, 2024)
		female := rng.IntN(2) == 0
		surname := pick(rng, surnames)
		same("child_name", person(rng, female, surname))
		sex := map[bool]string{true: "F", false: "M"}[female]
		set("sex", sex, pick(rng, map[bool][]string{true: {"Female", "F"}, false: {"Male", "M"}}[female]))
		set("date_of_birth", event.iso(), printDate(rng, event))
		same("place_of_birth", pick(rng, places))
		same("mother_name", person(rng, true, pick(rng, surnames)))
		same("father_name", person(rng, false, surname))
		same("informant_name", person(rng, rng.IntN(2) == 0, surname))
	case civreg.Death:
		event = randomDate(rng, 1925, 2024)
		female := rng.IntN(2) == 0
		same("deceased_name", person(rng, female, pick(rng, surnames)))
		set("sex", map[bool]string{true: "F", false: "M"}[female], pick(rng, map[bool][]string{true: {"Female", "F"}, false: {"Male", "M"}}[female]))
		age := 1 + rng.IntN(99)
		set("age", fmt.Sprint(age), pick(rng, []string{fmt.Sprint(age), fmt.Sprintf("%d years", age)}))
		set("date_of_death", event.iso(), printDate(rng, event))
		same("place_of_death", pick(rng, places))
		same("cause_of_death", pick(rng, causes))
		same("informant_name", person(rng, rng.IntN(2) == 0, pick(rng, surnames)))
	case civreg.Marriage:
		event = randomDate(rng, 1925, 2024)
		surname := pick(rng, surnames)
		set("date_of_marriage", event.iso(), printDate(rng, event))
		same("place_of_marriage", pick(rng, churches))
		same("groom_name", person(rng, false, surname))
		ga, ba := 20+rng.IntN(40), 18+rng.IntN(40)
		set("groom_age", fmt.Sprint(ga), pick(rng, []string{fmt.Sprint(ga), fmt.Sprintf("%d years", ga)}))
		same("bride_name", person(rng, true, pick(rng, surnames)))
		set("bride_age", fmt.Sprint(ba), pick(rng, []string{fmt.Sprint(ba), fmt.Sprintf("%d years", ba)}))
		same("officiant_name", pick(rng, officiants))
	}
	reg := event.after(rng, 40)
	set("registration_date", reg.iso(), printDate(rng, reg))
	same("registration_number", fmt.Sprintf("%s%d-%d/%04d", letter, 1+district%9, reg.y, 1+rng.IntN(2999)))
	same("registration_district", Districts[district])
	return v, p
}

// canvas is a white page with the text tools for one font at one resolution.
type canvas struct {
	img   *image.Gray
	dpi   float64
	ttf   []byte
	ink   *image.Uniform
	face  map[float64]font.Face
	rules [][4]int // every line drawn, x0, y0, x1, y1
}

func (c *canvas) px(inches float64) int { return int(inches * c.dpi) }

func (c *canvas) fontFace(points float64, ttf []byte) font.Face {
	key := points
	if ttf != nil {
		key = -points // the title face
	} else {
		ttf = c.ttf
	}
	if f, ok := c.face[key]; ok {
		return f
	}
	parsed, err := opentype.Parse(ttf)
	if err != nil {
		panic(err)
	}
	f, err := opentype.NewFace(parsed, &opentype.FaceOptions{Size: points, DPI: c.dpi, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	c.face[key] = f
	return f
}

// text draws s with its baseline at (x, y) pixels and returns its width.
func (c *canvas) text(x, y int, s string, f font.Face) int {
	d := &font.Drawer{Dst: c.img, Src: c.ink, Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
	return d.Dot.X.Round() - x
}

func width(s string, f font.Face) int { return font.MeasureString(f, s).Round() }

func (c *canvas) line(x0, y0, x1, y1, thick int) {
	r := image.Rect(x0, y0, max(x1, x0+thick), max(y1, y0+thick))
	draw.Draw(c.img, r, c.ink, image.Point{}, draw.Src)
	c.rules = append(c.rules, [4]int{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y})
}

func (c *canvas) rect(r image.Rectangle, thick int) {
	c.line(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y, thick)
	c.line(r.Min.X, r.Max.Y-thick, r.Max.X, r.Max.Y, thick)
	c.line(r.Min.X, r.Min.Y, r.Min.X, r.Max.Y, thick)
	c.line(r.Max.X-thick, r.Min.Y, r.Max.X, r.Max.Y, thick)
}

func newCanvas(wIn, hIn float64, dpi int, ttf []byte) *canvas {
	c := &canvas{dpi: float64(dpi), ttf: ttf, ink: image.NewUniform(color.Gray{Y: 25}), face: map[float64]font.Face{}}
	c.img = image.NewGray(image.Rect(0, 0, c.px(wIn), c.px(hIn)))
	draw.Draw(c.img, c.img.Bounds(), image.NewUniform(color.Gray{Y: 250}), image.Point{}, draw.Src)
	return c
}

// render draws a certificate of design d in family (lines or boxes; drawn at random when
// empty) and names the family drawn.
func render(rng *rand.Rand, d extract.Design, t Truth, ttf []byte, family string) (*canvas, string) {
	keys := orderedKeys(d)
	title := pick(rng, d.Titles)
	switch {
	case d.Layout == extract.LayoutRegister:
		return renderRegister(rng, d, t, ttf, keys, title), "register-row"
	case family == "certificate-lines" || family == "" && rng.IntN(2) == 0:
		return renderLines(rng, d, t, ttf, keys, title), "certificate-lines"
	default:
		return renderBoxes(rng, d, t, ttf, keys, title), "certificate-boxes"
	}
}

// orderedKeys lists a design's fields in the order of docs/records.md.
func orderedKeys(d extract.Design) []string {
	var out []string
	for _, s := range civreg.FieldSpecs {
		if _, ok := d.Fields[s.Key]; ok {
			out = append(out, s.Key)
		}
	}
	return out
}

// renderLines prints "Label: value" one field a line (an A5 certificate, portrait).
func renderLines(rng *rand.Rand, d extract.Design, t Truth, ttf []byte, keys []string, title string) *canvas {
	c := newCanvas(5.8, 8.3, t.DPI, ttf)
	tf := c.fontFace(16, gobold.TTF)
	c.text((c.img.Bounds().Dx()-width(title, tf))/2, c.px(0.9), title, tf)
	c.line(c.px(0.5), c.px(1.1), c.px(5.3), c.px(1.1), max(2, t.DPI/100))
	f := c.fontFace(11, nil)
	y := c.px(1.6)
	step := c.px(0.55)
	for _, k := range keys {
		label := pick(rng, d.Fields[k]) + ":"
		x := c.px(0.5)
		x += c.text(x, y, label, f) + c.px(0.15)
		if x+width(t.Printed[k], f) > c.px(5.4) {
			// Too long for the line: the value goes under its label, as a clerk would write it.
			y += step * 2 / 3
			x = c.px(0.8)
		}
		c.text(x, y, t.Printed[k], f)
		y += step
	}
	c.line(c.px(0.5), y, c.px(5.3), y, max(2, t.DPI/100))
	return c
}

// boxStyle is how a boxed certificate is drawn: drawn at random for each page, so a reader
// tuned on the family sees boxes of many sizes, weights and label placings.
type boxStyle struct {
	colW, boxH, gapX, gapY int  // a box's width and height; the gaps between boxes (0: boxes share rules)
	thick                  int  // the rules' weight
	labelLeft              bool // the label left of the value on its line, else small over it
	caps                   bool // labels in capitals, as small caps over the value
	labelPt, valuePt       float64
}

func drawBoxStyle(rng *rand.Rand, c *canvas, dpi int) boxStyle {
	st := boxStyle{colW: c.px(2.1 + rng.Float64()*0.5), boxH: c.px(0.5 + rng.Float64()*0.18),
		thick: max(1, dpi/150) * (1 + rng.IntN(3)), labelLeft: rng.IntN(3) == 0, caps: rng.IntN(3) == 0,
		labelPt: 7 + rng.Float64()*2, valuePt: 10 + rng.Float64()*2}
	if rng.IntN(3) > 0 {
		st.gapX, st.gapY = c.px(0.05+rng.Float64()*0.15), c.px(0.03+rng.Float64()*0.07)
	}
	if st.labelLeft {
		st.labelPt = st.valuePt - 1
		st.boxH = c.px(0.4 + rng.Float64()*0.3)
	}
	return st
}

// renderBoxes prints each field in a box, its label small in the top corner with the value
// under it, or left of the value on its line (an A5 certificate, portrait, two columns).
func renderBoxes(rng *rand.Rand, d extract.Design, t Truth, ttf []byte, keys []string, title string) *canvas {
	c := newCanvas(5.8, 8.3, t.DPI, ttf)
	tf := c.fontFace(16, gobold.TTF)
	c.text((c.img.Bounds().Dx()-width(title, tf))/2, c.px(0.8), title, tf)
	st := drawBoxStyle(rng, c, t.DPI)
	lf, vf := c.fontFace(st.labelPt, nil), c.fontFace(st.valuePt, nil)
	x0, y0 := c.px(0.3+rng.Float64()*0.25), c.px(1.1+rng.Float64()*0.2)
	pad := c.px(0.06) + st.thick
	row, col := 0, 0
	for _, k := range keys {
		label := d.Fields[k][0]
		if st.caps && !st.labelLeft {
			label = strings.ToUpper(label)
		}
		left := st.labelLeft && width(label, lf)+width(t.Printed[k], vf)+4*pad < 2*st.colW+st.gapX
		need := max(width(t.Printed[k], vf), width(label, lf)) + 3*pad
		if left {
			need = width(t.Printed[k], vf) + width(label, lf) + 4*pad
		}
		long := need > st.colW // a long value takes the whole row
		if long && col == 1 {
			row, col = row+1, 0
		}
		x, w := x0+col*(st.colW+st.gapX), st.colW
		if long {
			w = 2*st.colW + st.gapX
		}
		y := y0 + row*(st.boxH+st.gapY)
		c.rect(image.Rect(x, y, x+w, y+st.boxH), st.thick)
		if left {
			base := y + st.boxH/2 + c.px(0.06)
			lw := c.text(x+pad, base, label, lf)
			c.text(x+2*pad+lw, base, t.Printed[k], vf)
		} else {
			c.text(x+pad, y+pad+c.px(0.1), label, lf)
			c.text(x+2*pad, y+st.boxH-c.px(0.14), t.Printed[k], vf)
		}
		if col++; long || col == 2 {
			row, col = row+1, 0
		}
	}
	return c
}

// registerPage is how a register-row page is laid out, drawn at random for each page as the
// GRO family's are: its paper, type sizes, margins, table top and the heights of the heading
// band and the row.
type registerPage struct {
	wIn, hIn               float64 // paper, inches
	titlePt, headPt, valPt float64
	marginIn, topIn        float64
	headLines, valLines    int // the heading band holds this many lines of headings, the row of values
}

// drawRegisterPage draws a register-row page's layout: A4 landscape to foolscap, headings of
// 7-9.5 pt and values of 8.5-11 pt.
func drawRegisterPage(rng *rand.Rand) registerPage {
	return registerPage{
		wIn: 10.5 + rng.Float64()*3.5, hIn: 7.5 + rng.Float64()*2,
		titlePt: 13 + rng.Float64()*5, headPt: 7 + rng.Float64()*2.5, valPt: 8.5 + rng.Float64()*2.5,
		marginIn: 0.25 + rng.Float64()*0.4, topIn: 1.0 + rng.Float64()*0.8,
		headLines: 2 + rng.IntN(3), valLines: 2 + rng.IntN(2),
	}
}

// renderRegister prints a page of a bound register: column headings across a landscape page,
// and one entry under them.
func renderRegister(rng *rand.Rand, d extract.Design, t Truth, ttf []byte, keys []string, title string) *canvas {
	lp := drawRegisterPage(rng)
	c := newCanvas(lp.wIn, lp.hIn, t.DPI, ttf)
	tf := c.fontFace(lp.titlePt, gobold.TTF)
	c.text((c.img.Bounds().Dx()-width(title, tf))/2, c.px(lp.topIn-0.5), title, tf)
	hf, vf := c.fontFace(lp.headPt, nil), c.fontFace(lp.valPt, nil)
	thick := max(1, t.DPI/150)
	left, right := c.px(lp.marginIn), c.img.Bounds().Dx()-c.px(lp.marginIn)
	top := c.px(lp.topIn)
	// Line heights follow the type: a heading line is 1.5 of its size, a value line 1.7.
	headLine, valLine := c.px(lp.headPt*1.5/72), c.px(lp.valPt*1.7/72)
	headH := headLine*lp.headLines + c.px(0.1)
	rowH := valLine*lp.valLines + c.px(0.15)
	// Column widths in proportion to what they hold.
	weights := make([]float64, len(keys))
	var total float64
	for i, k := range keys {
		weights[i] = math.Max(float64(len(t.Printed[k])), 9)
		if len(t.Printed[k]) > 18 {
			weights[i] = float64(len(t.Printed[k])) / 1.7 // long values wrap onto two lines
		}
		total += weights[i]
	}
	// The headings and values drawn must fit their band and row, however they wrap.
	widths, labels := make([]int, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		widths[i] = int(float64(right-left) * weights[i] / total)
		labels[i] = pick(rng, d.Fields[k])
		headH = max(headH, headLine*len(wrapLines(labels[i], widths[i]-c.px(0.08), hf))+c.px(0.1))
		rowH = max(rowH, valLine*len(wrapLines(t.Printed[k], widths[i]-c.px(0.08), vf))+c.px(0.15))
	}
	// An unruled register's columns are its words' alignment alone.
	rule := func(x0, y0, x1, y1 int) {
		if !t.Unruled {
			c.line(x0, y0, x1, y1, thick)
		}
	}
	x := left
	rule(left, top, right, top)
	rule(left, top+headH, right, top+headH)
	rule(left, top+headH+rowH, right, top+headH+rowH)
	for i, k := range keys {
		w := widths[i]
		rule(x, top, x, top+headH+rowH)
		wrapText(c, x+c.px(0.04), top+c.px(0.05)+headLine*4/5, w-c.px(0.08), headLine, labels[i], hf)
		wrapText(c, x+c.px(0.04), top+headH+c.px(0.06)+valLine*4/5, w-c.px(0.08), valLine, t.Printed[k], vf)
		x += w
	}
	rule(right-thick, top, right-thick, top+headH+rowH)
	return c
}

// wrapText prints s in lines no wider than w.
func wrapText(c *canvas, x, y, w, lineH int, s string, f font.Face) {
	for _, l := range wrapLines(s, w, f) {
		c.text(x, y, l, f)
		y += lineH
	}
}

// wrapLines parts s into lines no wider than w (a word wider than w has a line of its own).
func wrapLines(s string, w int, f font.Face) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := strings.TrimSpace(line + " " + word)
		if line != "" && width(try, f) > w {
			out = append(out, line)
			line = word
			continue
		}
		line = try
	}
	return append(out, line)
}

// stamp draws a round registry stamp in the bottom right corner.
func stamp(img *image.Gray, rng *rand.Rand) {
	b := img.Bounds()
	r := float64(b.Dx()) / 9
	cx, cy := float64(b.Max.X)-r*1.4, float64(b.Max.Y)-r*1.4
	grey := uint8(90 + rng.IntN(60))
	for a := 0.0; a < 2*math.Pi; a += 0.5 / r {
		for _, rr := range []float64{r, r - 1, r - 2, r * 0.7, r*0.7 - 1} {
			x, y := int(cx+rr*math.Cos(a)), int(cy+rr*math.Sin(a))
			if image.Pt(x, y).In(b) {
				img.SetGray(x, y, color.Gray{Y: grey})
			}
		}
	}
}

// threshold turns every pixel black or white, as a bitonal scanner does.
func threshold(img *image.Gray, at uint8) {
	for i, v := range img.Pix {
		img.Pix[i] = 255
		if v < at {
			img.Pix[i] = 0
		}
	}
}

func noise(img *image.Gray, rng *rand.Rand) {
	n := len(img.Pix) / 300
	for i := 0; i < n; i++ {
		img.Pix[rng.IntN(len(img.Pix))] = uint8(rng.IntN(2) * 255)
	}
}

// blur averages each pixel with its neighbours, as a scan slightly out of focus.
func blur(src *image.Gray) *image.Gray {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dst := image.NewGray(b)
	for y := 0; y < h; y++ {
		y0, y1 := max(0, y-1), min(h-1, y+1)
		for x := 0; x < w; x++ {
			x0, x1 := max(0, x-1), min(w-1, x+1)
			sum := 0
			for yy := y0; yy <= y1; yy++ {
				row := src.Pix[yy*src.Stride:]
				for xx := x0; xx <= x1; xx++ {
					sum += int(row[xx])
				}
			}
			dst.Pix[y*dst.Stride+x] = uint8(sum / ((y1 - y0 + 1) * (x1 - x0 + 1)))
		}
	}
	return dst
}

// Rotate turns img by deg degrees (counter-clockwise positive) about its centre, keeping its
// size and filling the corners with paper white; bilinear sampling.
func Rotate(img *image.Gray, deg float64) *image.Gray {
	b := img.Bounds()
	dst := image.NewGray(b)
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			fx, fy := float64(x)-cx, float64(y)-cy
			sx, sy := c*fx-s*fy+cx, s*fx+c*fy+cy
			dst.Pix[y*dst.Stride+x] = sample(img, sx, sy)
		}
	}
	return dst
}

func sample(img *image.Gray, x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	if x0 < 0 || y0 < 0 || x0+1 >= img.Rect.Dx() || y0+1 >= img.Rect.Dy() {
		return 250
	}
	fx, fy := x-float64(x0), y-float64(y0)
	p := func(xx, yy int) float64 { return float64(img.Pix[yy*img.Stride+xx]) }
	v := p(x0, y0)*(1-fx)*(1-fy) + p(x0+1, y0)*fx*(1-fy) + p(x0, y0+1)*(1-fx)*fy + p(x0+1, y0+1)*fx*fy
	return uint8(v + 0.5)
}

// Turn turns img clockwise by a multiple of 90 degrees, as a sheet fed sideways.
func Turn(img *image.Gray, deg int) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch deg % 360 {
	case 90:
		dst := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				dst.Pix[x*dst.Stride+(h-1-y)] = img.Pix[y*img.Stride+x]
			}
		}
		return dst
	case 180:
		dst := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				dst.Pix[(h-1-y)*dst.Stride+(w-1-x)] = img.Pix[y*img.Stride+x]
			}
		}
		return dst
	case 270:
		dst := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				dst.Pix[(w-1-x)*dst.Stride+y] = img.Pix[y*img.Stride+x]
			}
		}
		return dst
	}
	return img
}

func encode(img image.Image, format string) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpg":
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	case "tif":
		err = tiff.Encode(&b, img, &tiff.Options{Compression: tiff.Deflate})
	}
	return b.Bytes(), err
}
