package slasum

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/cespare/xxhash/v2"
)

// A summary's own checksum lives in its schema metadata, so that the file
// stays a plain Arrow IPC file: key checksumKey, value "xxh64:" and 16
// lowercase hex digits. It is the XXH64 of every byte of the file with
// those digits read as zeros. The schema is written twice, in the message
// that opens the file and in the footer, so the digits are there twice;
// both copies must be equal. A flipped bit anywhere is then a mismatch:
// in the digits, between the two copies; elsewhere, of the hash.

const (
	checksumKey    = "slareport.checksum"
	checksumPrefix = "xxh64:"
	checksumDigits = 16
)

// placeholder is the checksum value Write encodes before the hash is known.
var placeholder = checksumPrefix + string(bytes.Repeat([]byte("0"), checksumDigits))

// footerSchema returns the schema table of the file's footer, and the
// offset in data of the bytes its positions count from.
func footerSchema(data []byte) (fbTable, int, error) {
	footer, base, err := fileFooter(data)
	if err != nil {
		return fbTable{}, 0, err
	}
	schema, err := footer.schema()
	if err != nil {
		return fbTable{}, 0, err
	}
	return schema, base, nil
}

// checksumSpots returns where the checksum's hex digits are in data: in
// the opening schema message and in the footer's schema, in that order.
func checksumSpots(data []byte) (spots [2]int, err error) {
	defer recoverDamage(&err)
	for i, find := range []func([]byte) (fbTable, int, error){headerSchema, footerSchema} {
		schema, base, err := find(data)
		if err != nil {
			return spots, err
		}
		pos, n, err := schema.metaValue(2, checksumKey)
		if err != nil {
			return spots, err
		}
		if pos < 0 {
			return spots, errors.New("no checksum")
		}
		if n != len(placeholder) || string(data[base+pos:base+pos+len(checksumPrefix)]) != checksumPrefix {
			return spots, errors.New("a checksum of an unknown kind")
		}
		spots[i] = base + pos + len(checksumPrefix)
	}
	if spots[0]+checksumDigits > spots[1] {
		return spots, errMetadata
	}
	return spots, nil
}

// sum returns the checksum of data, whose digits are at spots, as it
// would be written.
func sum(data []byte, spots [2]int) []byte {
	zeros := placeholder[len(checksumPrefix):]
	h := xxhash.New()
	h.Write(data[:spots[0]])
	h.WriteString(zeros)
	h.Write(data[spots[0]+checksumDigits : spots[1]])
	h.WriteString(zeros)
	h.Write(data[spots[1]+checksumDigits:])
	return fmt.Appendf(nil, "%016x", h.Sum64())
}

// seal writes the checksum of data, encoded with the placeholder, into
// both of its places.
func seal(data []byte) error {
	spots, err := checksumSpots(data)
	if err != nil {
		return err
	}
	s := sum(data, spots)
	copy(data[spots[0]:], s)
	copy(data[spots[1]:], s)
	return nil
}

// checkSum verifies a file's checksum.
func checkSum(data []byte) error {
	spots, err := checksumSpots(data)
	if err != nil {
		return err
	}
	a, b := data[spots[0]:spots[0]+checksumDigits], data[spots[1]:spots[1]+checksumDigits]
	if !bytes.Equal(a, b) {
		return errors.New("its two copies of the checksum differ")
	}
	if s := sum(data, spots); !bytes.Equal(s, b) {
		return fmt.Errorf("checksum mismatch (xxh64 %s, recorded %q)", s, b)
	}
	return nil
}
