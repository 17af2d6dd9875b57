package civreg

import "slices"

// Word is one word OCR read: its text, its box (x0, y0, x1, y1) in the pixels of the upright
// page image reviewers see, OCR's confidence from 0 to 1, and the block, paragraph and line
// Tesseract put it in (words of one line share a baseline and a size).
type Word struct {
	Text  string  `json:"text"`
	Conf  float64 `json:"conf"`
	Box   [4]int  `json:"box"`
	Block int     `json:"block"`
	Par   int     `json:"par"`
	Line  int     `json:"line"`
}

// MedianHeight is the median height of the words' boxes; 0 for none.
func MedianHeight(words []Word) int {
	hs := make([]int, 0, len(words))
	for _, w := range words {
		hs = append(hs, w.Box[3]-w.Box[1])
	}
	if len(hs) == 0 {
		return 0
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// PageWords is one page as OCR read it: what the OCR stage stores for a page (as JSON, under
// the page's words key) and what extraction, the archive and the review screen read.
type PageWords struct {
	Number      int     `json:"-"` // 1-based page of the record; not stored, set by the reader
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	Orientation int     `json:"orientation"` // degrees clockwise the scan was turned
	Skew        float64 `json:"skew"`        // degrees the turned page was rotated to straighten it
	Words       []Word  `json:"words"`
	// Rules are the ruled lines found on the page (boxes' sides, a table's rules), in the same
	// pixels; absent from words stored before rules were found, and empty on an unruled page.
	Rules []Rule `json:"rules,omitempty"`
}

// Rule is one ruled line of a page: its box (x0, y0, x1, y1) in the upright page's pixels, long
// and thin, across (horizontal) or down (vertical).
type Rule struct {
	Box      [4]int `json:"box"`
	Vertical bool   `json:"vertical,omitempty"`
}
