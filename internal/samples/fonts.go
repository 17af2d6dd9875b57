package samples

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// FontDir is where Debian installs its fonts; the register pages load theirs from it at run time.
const FontDir = "/usr/share/fonts"

// fontKind says what a font stands for on a register page.
type fontKind int

const (
	printedFont fontKind = iota // the printer's headings
	typedFont                   // a clerk's typewriter
	handFont                    // a clerk's pen
)

// fontFile is one font the register pages use: embedded (ttf set) or a file of a Debian package.
type fontFile struct {
	name string
	kind fontKind
	path string // under FontDir
	pkg  string // the Debian package that installs it
	ttf  []byte
	// scale evens out the hands: at one nominal size some write twice as large as others.
	scale float64
}

// registerFonts are the faces of the register family. Their Debian packages are in
// scripts/lib.sh's PACKAGES.
var registerFonts = []fontFile{
	{name: "Go Regular", kind: printedFont, ttf: goregular.TTF},
	{name: "Go Bold", kind: printedFont, ttf: gobold.TTF},
	{name: "FreeSerif", kind: printedFont, path: "truetype/freefont/FreeSerif.ttf", pkg: "fonts-freefont-ttf"},
	{name: "FreeSans", kind: printedFont, path: "truetype/freefont/FreeSans.ttf", pkg: "fonts-freefont-ttf"},
	{name: "DejaVu Serif", kind: printedFont, path: "truetype/dejavu/DejaVuSerif.ttf", pkg: "fonts-dejavu-core"},
	{name: "GNU Typewriter", kind: typedFont, path: "truetype/gnutypewriter/GNUTypewriter.ttf", pkg: "fonts-gnutypewriter"},
	{name: "FreeMono", kind: typedFont, path: "truetype/freefont/FreeMono.ttf", pkg: "fonts-freefont-ttf"},
	{name: "FreeMono Bold", kind: typedFont, path: "truetype/freefont/FreeMonoBold.ttf", pkg: "fonts-freefont-ttf"},
	{name: "Go Mono", kind: typedFont, ttf: gomono.TTF},
	{name: "DKG Handwriting", kind: handFont, path: "truetype/fifthhorseman/dkg.ttf", pkg: "fonts-dkg-handwriting", scale: 0.9},
	{name: "Breip", kind: handFont, path: "truetype/breip/Breip.ttf", pkg: "fonts-breip", scale: 1.2},
	{name: "DKG Handwriting Italic", kind: handFont, path: "truetype/fifthhorseman/dkgIt.ttf", pkg: "fonts-dkg-handwriting", scale: 0.9},
	{name: "Delphine", kind: handFont, path: "truetype/sjfonts/Delphine.ttf", pkg: "fonts-sjfonts", scale: 1.4},
	{name: "Steve Hand", kind: handFont, path: "truetype/sjfonts/SteveHand.ttf", pkg: "fonts-sjfonts", scale: 0.9},
	{name: "Rufscript", kind: handFont, path: "truetype/rufscript/Rufscript010.ttf", pkg: "fonts-rufscript"},
}

// loadedFont is a parsed font ready to make faces.
type loadedFont struct {
	name  string
	kind  fontKind
	font  *opentype.Font
	scale float64
}

// fontBook holds the parsed register fonts by kind.
type fontBook map[fontKind][]loadedFont

// loadFonts parses every register font under dir, or says which Debian package to install.
func loadFonts(dir string) (fontBook, error) {
	book := fontBook{}
	for _, f := range registerFonts {
		ttf := f.ttf
		if ttf == nil {
			b, err := os.ReadFile(filepath.Join(dir, f.path))
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("samples: font %q (%s) is missing: install the Debian package %s (scripts/install.sh does)", f.name, filepath.Join(dir, f.path), f.pkg)
			}
			if err != nil {
				return nil, fmt.Errorf("samples: font %q: %w", f.name, err)
			}
			ttf = b
		}
		parsed, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("samples: font %q (%s): %w", f.name, f.path, err)
		}
		scale := f.scale
		if scale == 0 {
			scale = 1
		}
		book[f.kind] = append(book[f.kind], loadedFont{name: f.name, kind: f.kind, font: parsed, scale: scale})
	}
	return book, nil
}
