package ocr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindModelNamesWhatToInstall: each setting resolves to its folder, and a model that is
// not there is refused at once with what to install.
func TestFindModelNamesWhatToInstall(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		setting, dir, want string
	}{
		{"", "", ""},
		{"fast", "", ""},
		{"best_int", filepath.Join(data, "tessdata", "best_int"), "@tesseract.js-data/eng"},
		{filepath.Join(data, "mine"), filepath.Join(data, "mine"), "the folder must hold eng.traineddata"},
	} {
		m, err := FindModel(tc.setting, data)
		if m.Dir != tc.dir {
			t.Errorf("%q: folder %q, want %q", tc.setting, m.Dir, tc.dir)
		}
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.setting, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Join(tc.dir, "eng.traineddata")) {
			t.Errorf("%q absent: %v, want the missing file and %q", tc.setting, err, tc.want)
		}
		if _, err := NewReaderWith(1, m); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q absent: NewReaderWith gave %v", tc.setting, err)
		}
	}
}

// TestAModelThatIsNotAModelIsRefused: a file named eng.traineddata that Tesseract cannot
// load fails when the reader is made, not on the first page, and says which model.
func TestAModelThatIsNotAModelIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "eng.traineddata"), []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := FindModel(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewReaderWith(1, m); err == nil || !strings.Contains(err.Error(), "cannot load") || !strings.Contains(err.Error(), dir) {
		t.Errorf("a broken model: %v", err)
	}
}

// TestEachModelReads reads phototest with Debian's fast model and, when it is installed, with
// best_int (scripts/install.sh with CIVREG_OCR_MODEL=best_int; the tests look in the
// repository's .data or CIVREG_DATA): both must read it right.
func TestEachModelReads(t *testing.T) {
	data := os.Getenv("CIVREG_DATA")
	if data == "" {
		data = filepath.Join("..", ".data")
	}
	truth := string(corpus(t, "phototest.txt"))
	for _, name := range []string{"fast", "best_int"} {
		m, err := FindModel(name, data)
		if err != nil {
			t.Logf("%s not installed: %v", name, err)
			continue
		}
		r, err := NewReaderWith(1, m)
		if err != nil {
			t.Fatal(err)
		}
		acc := CharAccuracy(read(t, r, "phototest.tif").Text(), truth)
		r.Close()
		t.Logf("%s: phototest %.2f%%", name, 100*acc)
		if acc < 0.98 || r.Model() != m {
			t.Errorf("%s: phototest read at %.3f with model %+v", name, acc, r.Model())
		}
	}
}

// TestAMissingFastModelNamesTheDebianPackage: with Tesseract's tessdata folder empty (pointed
// elsewhere by TESSDATA_PREFIX, as if tesseract-ocr-eng were not installed), making a reader
// of the default model fails naming the package.
func TestAMissingFastModelNamesTheDebianPackage(t *testing.T) {
	t.Setenv("TESSDATA_PREFIX", t.TempDir())
	if _, err := NewReaderWith(1, Fast); err == nil || !strings.Contains(err.Error(), "tesseract-ocr-eng") {
		t.Errorf("no eng.traineddata in the tessdata folder: %v", err)
	}
}
