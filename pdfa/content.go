package pdfa

import (
	"bytes"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// token is one lexical item of a content stream: an operator (op set) or an operand.
type token struct {
	op   string
	name string // a name operand, without its slash
	num  float64
	str  []byte // a string operand
	kind byte   // 'n' number, '/' name, 's' string, 'h' hex string, '[' array, '<' dictionary, 'o' operator, 'i' inline image
	arr  []token
	text string // a number as written
}

// lexer reads content-stream tokens (ISO 32000-1 §7.2, §8.9.7 for inline images).
type lexer struct {
	b []byte
	i int
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func (l *lexer) skipSpace() {
	for l.i < len(l.b) {
		c := l.b[l.i]
		if c == '%' {
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
			continue
		}
		if !isSpace(c) {
			return
		}
		l.i++
	}
}

// next returns the next token, or false at the end of the stream.
func (l *lexer) next() (token, bool) {
	l.skipSpace()
	if l.i >= len(l.b) {
		return token{}, false
	}
	c := l.b[l.i]
	switch {
	case c == '/':
		l.i++
		return token{kind: '/', name: l.word()}, true
	case c == '(':
		return token{kind: 's', str: l.literal()}, true
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		l.i += 2
		return token{kind: '<', arr: l.until(">>")}, true
	case c == '<':
		end := bytes.IndexByte(l.b[l.i:], '>')
		if end < 0 {
			end = len(l.b) - l.i - 1
		}
		t := token{kind: 'h', str: l.b[l.i+1 : l.i+end]}
		l.i += end + 1
		return t, true
	case c == '[':
		l.i++
		return token{kind: '[', arr: l.until("]")}, true
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.i++
		return token{kind: 'o', op: string(c)}, true
	}
	w := l.word()
	if w == "" {
		l.i++
		return token{kind: 'o', op: string(c)}, true
	}
	if f, err := strconv.ParseFloat(w, 64); err == nil {
		return token{kind: 'n', num: f, text: w}, true
	}
	if w == "BI" {
		return l.inlineImage(), true
	}
	return token{kind: 'o', op: w}, true
}

func (l *lexer) word() string {
	s := l.i
	for l.i < len(l.b) && !isSpace(l.b[l.i]) && !isDelim(l.b[l.i]) {
		l.i++
	}
	return string(l.b[s:l.i])
}

func (l *lexer) literal() []byte {
	depth := 0
	s := l.i + 1
	for l.i < len(l.b) {
		switch l.b[l.i] {
		case '\\':
			l.i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				l.i++
				return l.b[s : l.i-1]
			}
		}
		l.i++
	}
	return l.b[s:]
}

// until collects tokens up to the closing delimiter of an array or a dictionary.
func (l *lexer) until(end string) []token {
	var out []token
	for {
		l.skipSpace()
		if bytes.HasPrefix(l.b[l.i:], []byte(end)) {
			l.i += len(end)
			return out
		}
		t, ok := l.next()
		if !ok {
			return out
		}
		out = append(out, t)
	}
}

// inlineImage reads an inline image's dictionary and skips its data up to EI.
func (l *lexer) inlineImage() token {
	var dict []token
	for {
		l.skipSpace()
		if bytes.HasPrefix(l.b[l.i:], []byte("ID")) && (l.i+2 >= len(l.b) || isSpace(l.b[l.i+2])) {
			l.i += 3
			break
		}
		t, ok := l.next()
		if !ok {
			return token{kind: 'i', arr: dict}
		}
		dict = append(dict, t)
	}
	for l.i < len(l.b) {
		j := bytes.Index(l.b[l.i:], []byte("EI"))
		if j < 0 {
			l.i = len(l.b)
			break
		}
		l.i += j + 2
		if (l.i-3 < 0 || isSpace(l.b[l.i-3])) && (l.i >= len(l.b) || isSpace(l.b[l.i])) {
			break
		}
	}
	return token{kind: 'i', arr: dict}
}

// entry finds a key's value in a dictionary token's contents.
func entry(dict []token, keys ...string) (token, bool) {
	for i := 0; i+1 < len(dict); i += 2 {
		for _, k := range keys {
			if dict[i].kind == '/' && dict[i].name == k {
				return dict[i+1], true
			}
		}
	}
	return token{}, false
}

// operations splits a content stream into operators with their operands.
func operations(content []byte, each func(op string, args []token)) {
	l := &lexer{b: content}
	var args []token
	for {
		t, ok := l.next()
		if !ok {
			return
		}
		switch t.kind {
		case 'o':
			each(t.op, args)
			args = args[:0]
		case 'i':
			each("BI", []token{t})
			args = args[:0]
		default:
			args = append(args, t)
		}
	}
}

// lastName is the name operand of an operator, or "".
func lastName(args []token) string {
	for i := len(args) - 1; i >= 0; i-- {
		if args[i].kind == '/' {
			return args[i].name
		}
	}
	return ""
}

// refNumber is the object number behind a reference, or 0 for a direct object.
func refNumber(o types.Object) int {
	if r, ok := o.(types.IndirectRef); ok {
		return r.ObjectNumber.Value()
	}
	return 0
}

// noteShown records the character codes a text-showing operator's strings hold.
func (f *usedFont) noteShown(args []token, visible bool) {
	if f == nil || f.codeBytes == 0 {
		return
	}
	for _, a := range args {
		switch a.kind {
		case 's', 'h':
			f.noteCodes(stringBytes(a), visible)
		case '[':
			for _, e := range a.arr {
				if e.kind == 's' || e.kind == 'h' {
					f.noteCodes(stringBytes(e), visible)
				}
			}
		}
	}
}

func (f *usedFont) noteCodes(b []byte, visible bool) {
	for i := 0; i+f.codeBytes <= len(b); i += f.codeBytes {
		c := uint32(b[i])
		if f.codeBytes == 2 {
			c = c<<8 | uint32(b[i+1])
		}
		f.codes[c] = f.codes[c] || visible
	}
}

// stringBytes is a string operand's bytes: a literal string's escapes resolved, a hexadecimal
// string's digits read in pairs (a last odd digit followed by 0).
func stringBytes(t token) []byte {
	if t.kind == 'h' {
		var out []byte
		var hi byte
		odd := false
		for _, c := range t.str {
			d, ok := hexDigit(c)
			if !ok {
				continue
			}
			if odd {
				out = append(out, hi<<4|d)
			} else {
				hi = d
			}
			odd = !odd
		}
		if odd {
			out = append(out, hi<<4)
		}
		return out
	}
	return unescapeLiteral(t.str)
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// unescapeLiteral resolves a literal string's backslash escapes (ISO 32000-1 §7.3.4.2).
func unescapeLiteral(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		default:
			if c >= '0' && c <= '7' {
				n := 0
				for j := 0; j < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; j++ {
					n = n*8 + int(s[i]-'0')
					i++
				}
				i--
				out = append(out, byte(n))
				continue
			}
			out = append(out, c)
		}
	}
	return out
}
