package slasum

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/slareport/slareport/aggregate"
)

// The run's filter (aggregate.Settings.Filter) is the metadata key
// "slareport.filter": its canonical spec as a JSON object (aggregate.SelectorSpec's JSON form),
// written only when the run had a filter. A file with one is version 3,
// which a slareport that does not know filters refuses, rather than merge
// its counts with unfiltered ones; a file without one is version 2, byte
// for byte as before, and reads as a run without a filter, as do version 1
// files.

const filterKey = "slareport.filter"

// filterText returns the metadata value of a filter, "" for none.
func filterText(sel *aggregate.Selector) string {
	if sel.Empty() {
		return ""
	}
	sp := sel.Spec()
	b, err := json.Marshal(sp)
	if err != nil {
		panic(err) // lists of strings always marshal
	}
	return string(b)
}

// readFilter compiles the filter a file records; a filter that does not
// read or compile is damage.
func readFilter(text string) (*aggregate.Selector, error) {
	var fs aggregate.SelectorSpec
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fs); err != nil {
		return nil, fmt.Errorf("filter: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("filter: more than one value")
	}
	sel, err := aggregate.NewSelector(fs)
	if err != nil {
		return nil, fmt.Errorf("filter: %v", err)
	}
	if sel.Empty() {
		return nil, fmt.Errorf("filter: recorded, but it filters nothing")
	}
	return sel, nil
}
