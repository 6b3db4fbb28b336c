package aggregate

import (
	"bytes"

	"github.com/slareport/slareport/parse"
)

// layoutSwitch is a directive line inside a block from which on the lines
// are read in another layout: an IIS `#Fields:` line written after a
// restart with other fields.
type layoutSwitch struct {
	at     int // byte offset of the directive line in the block
	format *parse.Format
}

// layouts follows the directive lines of one input whose format has them
// (see parse.Format.Directive). The reader sees the blocks in order, so it
// alone can tell each block the layout it starts in.
type layouts struct {
	// seen keeps the format each directive text announced, so a file that
	// goes back and forth between two layouts does not make a new one (and
	// a new parser in every worker) each time.
	seen map[string]*parse.Format
}

// scan appends to sw the switches in data, a block read as f, and returns
// them with the layout in force at the block's end. Only '#' bytes at the
// start of a line are looked at.
func (l *layouts) scan(data []byte, f *parse.Format, sw []layoutSwitch) ([]layoutSwitch, *parse.Format) {
	for from := 0; from < len(data); {
		i := bytes.IndexByte(data[from:], '#')
		if i < 0 {
			break
		}
		at := from + i
		from = at + 1
		if at > 0 && data[at-1] != '\n' {
			continue
		}
		line := data[at:]
		if end := bytes.IndexByte(line, '\n'); end >= 0 {
			line = line[:end]
		}
		key := f.Name + "\x00" + string(line)
		next, ok := l.seen[key]
		if !ok {
			if next, ok = f.Directive(line); !ok {
				continue
			}
			if l.seen == nil {
				l.seen = map[string]*parse.Format{}
			}
			l.seen[key] = next
		}
		if next == f || next.Spec != "" && next.Spec == f.Spec {
			continue
		}
		sw = append(sw, layoutSwitch{at: at, format: next})
		f = next
	}
	return sw, f
}
