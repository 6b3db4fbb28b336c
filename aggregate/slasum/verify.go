package slasum

import (
	"encoding/binary"
	"errors"
	"fmt"

	flatbuffers "github.com/google/flatbuffers/go"
)

// Arrow's IPC reader trusts the lengths in a file's flatbuffer metadata:
// a field claiming four billion children makes it allocate that many, and
// a field that is its own child recurses until the stack overflows, and
// neither can be recovered from. verify walks the parts it reads eagerly
// (the footer's schema, and the record batch's message) first, and refuses
// vectors longer than the bytes that hold them, nesting deeper than a
// .slasum has, and types a .slasum never uses.

// Slots of the Arrow flatbuffer tables (format/Schema.fbs, File.fbs,
// Message.fbs), as vtable offsets.
func slot(i int) flatbuffers.VOffsetT { return flatbuffers.VOffsetT(4 + 2*i) }

var errMetadata = errors.New("damaged metadata")

// Type ids a .slasum uses: Int, FloatingPoint, Binary, Utf8, Bool, List.
var allowedTypes = map[byte]bool{2: true, 3: true, 4: true, 5: true, 6: true, 12: true}

// fbTable is a table of the file's flatbuffer metadata, read with its
// vectors' bounds checked.
type fbTable struct{ flatbuffers.Table }

// vector returns the position and length of the vector in slot i, whose
// elements take size bytes, checking that it lies within the buffer.
func (t fbTable) vector(i, size int) (pos, n int, err error) {
	o := t.Offset(slot(i))
	if o == 0 {
		return 0, 0, nil
	}
	at := flatbuffers.UOffsetT(o) + t.Pos
	if int(at)+4 > len(t.Bytes) {
		return 0, 0, errMetadata
	}
	start := int(at) + int(flatbuffers.GetUOffsetT(t.Bytes[at:]))
	if start+4 > len(t.Bytes) || start < 0 {
		return 0, 0, errMetadata
	}
	n = int(flatbuffers.GetUOffsetT(t.Bytes[start:]))
	pos = start + 4
	if n < 0 || pos+n*size > len(t.Bytes) || pos+n*size < pos {
		return 0, 0, errMetadata
	}
	return pos, n, nil
}

// tables returns the tables of the vector of offsets in slot i.
func (t fbTable) tables(i int) ([]fbTable, error) {
	pos, n, err := t.vector(i, 4)
	if err != nil {
		return nil, err
	}
	out := make([]fbTable, n)
	for k := range n {
		p := pos + 4*k
		at := p + int(flatbuffers.GetUOffsetT(t.Bytes[p:]))
		if at < 0 || at+4 > len(t.Bytes) {
			return nil, errMetadata
		}
		out[k] = fbTable{flatbuffers.Table{Bytes: t.Bytes, Pos: flatbuffers.UOffsetT(at)}}
	}
	return out, nil
}

func (t fbTable) keyValues(i int) error {
	kvs, err := t.tables(i)
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		for _, s := range []int{0, 1} {
			if _, _, err := kv.vector(s, 1); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t fbTable) field(depth int) error {
	if depth > 2 { // a list of a primitive: two levels
		return fmt.Errorf("%w: fields nest too deep", errMetadata)
	}
	if _, _, err := t.vector(0, 1); err != nil { // name
		return err
	}
	if !allowedTypes[t.GetUint8Slot(slot(2), 0)] {
		return fmt.Errorf("%w: a type no summary uses", errMetadata)
	}
	if t.Offset(slot(4)) != 0 {
		return fmt.Errorf("%w: a dictionary", errMetadata)
	}
	children, err := t.tables(5)
	if err != nil {
		return err
	}
	for _, c := range children {
		if err := c.field(depth + 1); err != nil {
			return err
		}
	}
	return t.keyValues(6)
}

func root(buf []byte) (fbTable, error) {
	if len(buf) < 4 {
		return fbTable{}, errMetadata
	}
	pos := int(flatbuffers.GetUOffsetT(buf))
	if pos < 0 || pos+4 > len(buf) {
		return fbTable{}, errMetadata
	}
	return fbTable{flatbuffers.Table{Bytes: buf, Pos: flatbuffers.UOffsetT(pos)}}, nil
}

// fileFooter returns the table of an IPC file's footer, and the offset
// in data of the bytes its positions count from.
func fileFooter(data []byte) (fbTable, int, error) {
	const magic = 6
	if len(data) < 2*magic+4+4 {
		return fbTable{}, 0, errMetadata
	}
	end := len(data) - magic - 4
	n := int(int32(binary.LittleEndian.Uint32(data[end:])))
	if n <= 0 || n > end-magic-2 {
		return fbTable{}, 0, errMetadata
	}
	footer, err := root(data[end-n : end])
	if err != nil {
		return fbTable{}, 0, err
	}
	return footer, end - n, nil
}

// schema returns the schema table of a footer.
func (t fbTable) schema() (fbTable, error) {
	o := t.Offset(slot(1))
	if o == 0 {
		return fbTable{}, fmt.Errorf("%w: no schema", errMetadata)
	}
	return fbTable{flatbuffers.Table{Bytes: t.Bytes, Pos: t.Indirect(flatbuffers.UOffsetT(o) + t.Pos)}}, nil
}

// verify checks an IPC file's footer, schema and record batch messages
// before arrow reads them. Reads out of range panic in flatbuffers; decode
// recovers those.
func verify(data []byte) error {
	footer, base, err := fileFooter(data)
	if err != nil {
		return err
	}
	schema, err := footer.schema()
	if err != nil {
		return err
	}
	if err := verifySchema(schema); err != nil {
		return err
	}
	if _, k, err := footer.vector(2, 24); err != nil || k != 0 {
		return fmt.Errorf("%w: dictionaries", errMetadata)
	}
	if err := footer.keyValues(4); err != nil {
		return err
	}
	return verifyBatches(data, footer, base)
}

// verifySchema checks a schema's fields, metadata and features.
func verifySchema(schema fbTable) error {
	fields, err := schema.tables(1)
	if err != nil {
		return err
	}
	for _, f := range fields {
		if err := f.field(0); err != nil {
			return err
		}
	}
	if err := schema.keyValues(2); err != nil {
		return err
	}
	_, _, err = schema.vector(3, 8)
	return err
}

// verifyBatches checks the record batch messages the footer's blocks
// point to; the footer's positions count from base in data.
func verifyBatches(data []byte, footer fbTable, base int) error {
	pos, k, err := footer.vector(3, 24)
	if err != nil {
		return err
	}
	for b := range k {
		blk := data[base+pos+24*b:]
		off := int64(binary.LittleEndian.Uint64(blk))
		meta := int64(int32(binary.LittleEndian.Uint32(blk[8:])))
		if off < 0 || meta < 8 || off+meta > int64(len(data)) {
			return fmt.Errorf("%w: record batch block", errMetadata)
		}
		msg, err := root(data[off+8 : off+meta])
		if err != nil {
			return err
		}
		if err := verifyBatch(msg); err != nil {
			return err
		}
	}
	return nil
}

// verifyBatch checks a record batch message: its metadata, and the
// vectors of its record batch (nodes, buffers, variadic buffer counts).
func verifyBatch(msg fbTable) error {
	if err := msg.keyValues(4); err != nil {
		return err
	}
	if o := msg.Offset(slot(2)); o != 0 {
		rb := fbTable{flatbuffers.Table{Bytes: msg.Bytes, Pos: msg.Indirect(flatbuffers.UOffsetT(o) + msg.Pos)}}
		for _, v := range []struct{ slot, size int }{{1, 16}, {2, 16}, {4, 8}} {
			if _, _, err := rb.vector(v.slot, v.size); err != nil {
				return err
			}
		}
	}
	return nil
}
