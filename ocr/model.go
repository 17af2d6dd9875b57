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
		return fmt.Errorf("ocr: the %s is missing (%s not found)", m.describe(), file)
	}
	return nil
}

// describe names the model and how to install it, for error messages.
func (m Model) describe() string {
	switch m.Name {
	case "fast":
		return `English model "fast" (eng.traineddata in Tesseract's tessdata folder: install the Debian package tesseract-ocr-eng)`
	case "best_int":
		return fmt.Sprintf(`English model "best_int" (%s/eng.traineddata: run CIVREG_OCR_MODEL=best_int scripts/install.sh, which unpacks the npm package @tesseract.js-data/eng there)`, m.Dir)
	}
	return fmt.Sprintf("English model in %s (a folder holding eng.traineddata)", m.Dir)
}
