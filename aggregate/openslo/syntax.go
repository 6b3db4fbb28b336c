package openslo

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// parserProblems are the messages of the YAML library's parser (as opposed
// to its scanner). The library names the line of a parser error counted
// from 0 and of a scanner error counted from 1, and names no line when it
// would be the first; syntaxPos undoes that.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// syntaxError turns an error of the YAML library into an Error at its
// line. The library gives a syntax error a line but no column, so the
// column is that of the line's first character that is not a space: where
// an editor would show the problem line.
func syntaxError(file string, text []byte, err error) *Error {
	msg := printable(strings.TrimPrefix(err.Error(), "yaml: "))
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil && n > 0 {
				line, msg = n, after
			}
		}
	}
	for _, p := range parserProblems {
		if msg == p {
			line++
			break
		}
	}
	if name, ok := unknownAnchor(msg); ok {
		if at := bytes.Index(text, []byte("*"+name)); at >= 0 {
			l, c := lineColumn(text, at)
			return &Error{Pos: Pos{file, l, c}, Msg: "YAML: " + msg}
		}
	}
	return &Error{Pos: Pos{file, max(line, 1), firstColumn(text, max(line, 1))}, Msg: "YAML: " + msg}
}

// printable returns msg as it is when it holds only printable characters,
// else quoted: the library's messages may one day quote the file.
func printable(msg string) string {
	for _, r := range msg {
		if !strconv.IsPrint(r) {
			return quote(msg)
		}
	}
	return msg
}

// unknownAnchor reads the anchor's name from the library's message for an
// alias without an anchor, which names no line: the alias is found in the
// text instead.
func unknownAnchor(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "unknown anchor '")
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, "' referenced")
	return name, ok && name != ""
}

// lineColumn returns the line and column, from 1, of byte offset at; the
// column counts characters, as the YAML library does.
func lineColumn(text []byte, at int) (line, col int) {
	start := bytes.LastIndexByte(text[:at], '\n') + 1
	return bytes.Count(text[:at], []byte("\n")) + 1, utf8.RuneCount(text[start:at]) + 1
}

// firstColumn returns the column of the first character of a line that is
// not a space (a tab is a character YAML refuses as indentation), or 1 for
// a blank line or one past the end.
func firstColumn(text []byte, line int) int {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			return 1
		}
		text = text[i+1:]
	}
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	blank := len(text) - len(bytes.TrimLeft(text, " "))
	if blank == len(text) {
		return 1
	}
	return utf8.RuneCount(text[:blank]) + 1
}

// decodeNext reads the next document of dec. A panic inside the library
// (which it should turn into an error itself) becomes an error too:
// hostile input must not end the process.
func decodeNext(dec *yaml.Decoder, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("yaml: " + fmt.Sprint(r))
		}
	}()
	return dec.Decode(doc)
}
