package slasum

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"

	flatbuffers "github.com/google/flatbuffers/go"
)

// An Arrow IPC file opens with its magic bytes and then the message that
// holds its schema, where a summary's metadata says what it is. Read reads
// that much before anything else, so a file that is not a summary, of any
// size, is refused after a few KiB.

// maxSchemaBytes bounds the schema message at the start of a file. A
// summary's is a few KiB; Read reads no further before knowing the file
// is one.
const maxSchemaBytes = 1 << 20

var arrowMagic = []byte("ARROW1\x00\x00")

// header is what the schema message that opens a summary says.
type header struct {
	version  int
	checksum bool // the schema has a checksum key
}

// headerLen returns the bytes the opening magic and schema message take,
// from the first 16 bytes of a file.
func headerLen(first []byte) (int, error) {
	if len(first) < 16 || !bytes.Equal(first[:8], arrowMagic) {
		return 0, ErrNotSlasum
	}
	if binary.LittleEndian.Uint32(first[8:]) != 0xffffffff {
		return 0, fmt.Errorf("%w: an Arrow file without a schema message at its start", ErrNotSlasum)
	}
	n := int64(int32(binary.LittleEndian.Uint32(first[12:])))
	if n < 8 || n > maxSchemaBytes {
		return 0, fmt.Errorf("%w: an Arrow file whose schema message claims %d bytes", ErrNotSlasum, n)
	}
	return 16 + int(n), nil
}

// readHeader checks that data starts with the schema of a summary of a
// version this slareport reads.
func readHeader(data []byte) (h header, err error) {
	defer recoverDamage(&err)
	schema, base, err := headerSchema(data)
	if err != nil {
		return h, err
	}
	value := func(key string) (string, bool, error) {
		pos, n, err := schema.metaValue(2, key)
		if err != nil || pos < 0 {
			return "", false, err
		}
		return string(data[base+pos : base+pos+n]), true, nil
	}
	format, _, err := value("slareport.format")
	if err != nil {
		return h, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	if format != Format {
		return h, fmt.Errorf("%w: an Arrow file of another kind", ErrNotSlasum)
	}
	v, _, err := value("slareport.version")
	if err != nil {
		return h, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	if h.version, err = strconv.Atoi(v); err != nil || h.version < 1 || h.version > Version {
		return h, fmt.Errorf("%w: version %q, this slareport reads 1 to %d", ErrNotSlasum, v, Version)
	}
	if _, h.checksum, err = value(checksumKey); err != nil {
		return h, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	return h, nil
}

// recoverDamage turns a panic of the flatbuffer accessors, which do not
// check bounds, into an error.
func recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: damaged file (%v)", ErrNotSlasum, r)
	}
}

// headerSchema returns the schema table of the message that opens the
// file, and the offset in data of the bytes its positions count from.
func headerSchema(data []byte) (fbTable, int, error) {
	end, err := headerLen(data)
	if err != nil {
		return fbTable{}, 0, err
	}
	if end > len(data) {
		return fbTable{}, 0, fmt.Errorf("%w: cut short in its schema", ErrNotSlasum)
	}
	msg, err := root(data[16:end])
	if err != nil {
		return fbTable{}, 0, fmt.Errorf("%w: %v", ErrNotSlasum, err)
	}
	const schemaMessage = 1 // MessageHeader.Schema
	o := msg.Offset(slot(2))
	if msg.GetUint8Slot(slot(1), 0) != schemaMessage || o == 0 {
		return fbTable{}, 0, fmt.Errorf("%w: an Arrow file that does not open with its schema", ErrNotSlasum)
	}
	return fbTable{flatbuffers.Table{Bytes: msg.Bytes, Pos: msg.Indirect(flatbuffers.UOffsetT(o) + msg.Pos)}}, 16, nil
}

// metaValue returns the position and length of the value of key in the
// key-value vector in slot i, or a position of -1 without one; a key
// given twice is damage.
func (t fbTable) metaValue(i int, key string) (pos, n int, err error) {
	kvs, err := t.tables(i)
	if err != nil {
		return 0, 0, err
	}
	pos = -1
	for _, kv := range kvs {
		kp, kn, err := kv.vector(0, 1)
		if err != nil {
			return 0, 0, err
		}
		if string(kv.Bytes[kp:kp+kn]) != key {
			continue
		}
		if pos >= 0 {
			return 0, 0, fmt.Errorf("%w: metadata %q twice", errMetadata, key)
		}
		if pos, n, err = kv.vector(1, 1); err != nil {
			return 0, 0, err
		}
	}
	return pos, n, nil
}
