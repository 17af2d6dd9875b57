package ocr

import (
	"fmt"
	"os"
	"path/filepath"
)

// Model is the trained English model Tesseract reads with.
type Model struct {
	Name string // "fast", "best_int", or the folder it was given as
	Dir  string // folder holding eng.traineddata; empty: Tesseract's own tessdata folder
}

// Fast is Debian's eng.traineddata (package tesseract-ocr-eng), Tesseract's "fast" integer
// model, in Tesseract's own tessdata folder. It is the default: on the registry's pages it
// reads as well as best_int at a good deal more pages a second (README, Benchmarks).
var Fast = Model{Name: "fast"}

// BestIntDir is where scripts/install.sh puts the integer "best" model under the data folder.
const BestIntDir = "tessdata/best_int"

// FindModel resolves a model setting: "fast" (or empty) is Debian's model; "best_int" is the
// integer "best" model from the npm package @tesseract.js-data/eng, which scripts/install.sh
// unpacks into dataDir/tessdata/best_int; anything else is a folder holding eng.traineddata.
// A model that is not there is an error naming what to install, so a worker fails at start
// rather than on its first page.
func FindModel(setting, dataDir string) (Model, error) {
	switch setting {
	case "", "fast":
		return Fast, nil
	case "best_int":
		m := Model{Name: "best_int", Dir: filepath.Join(dataDir, BestIntDir)}
		return m, m.check()
	}
	m := Model{Name: setting, Dir: setting}
	return m, m.check()
}

// check says whether the model's file is there.
func (m Model) check() error {
	if m.Dir == "" {
		return nil
	}
	file := filepath.Join(m.Dir, "eng.traineddata")
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("ocr: the English model %q is missing: %s not found; %s", m.Name, file, m.install())
	}
	return nil
}

// loadError is the error for a model Tesseract would not load.
func (m Model) loadError() error {
	dir := m.Dir
	if dir == "" {
		dir = "Tesseract's tessdata folder (TESSDATA_PREFIX, or /usr/share/tesseract-ocr/5/tessdata)"
	}
	return fmt.Errorf("ocr: Tesseract cannot load the English model %q from %s; %s", m.Name, dir, m.install())
}

// install says how to get the model.
func (m Model) install() string {
	switch m.Name {
	case "fast":
		return "install the Debian package tesseract-ocr-eng"
	case "best_int":
		return "run CIVREG_OCR_MODEL=best_int scripts/install.sh, which unpacks the npm package @tesseract.js-data/eng there"
	}
	return "the folder must hold eng.traineddata, a Tesseract 4 or 5 model"
}

// File is the model file Tesseract loads: eng.traineddata in Dir, or in Tesseract's own
// tessdata folder (TESSDATA_PREFIX, else Debian's) for the fast model.
func (m Model) File() string {
	dir := m.Dir
	if dir == "" {
		if dir = os.Getenv("TESSDATA_PREFIX"); dir == "" {
			dir = "/usr/share/tesseract-ocr/5/tessdata"
		}
	}
	return filepath.Join(dir, "eng.traineddata")
}
