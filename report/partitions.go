package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/slareport/slareport/aggregate"
)

// Partition is one file of a partitioned rollup: Hive-style folders
// (date=2026-11-02, then host=web1 when split by host) and the file's
// name and bytes.
type Partition struct {
	Dir  string // "date=2026-11-02" or "date=2026-11-02/host=web1", slash-separated
	Name string // "part-<16 hex digits of the content's SHA-256>.parquet"
	Data []byte
}

// Path returns the file's path under the rollup's folder, slash-separated.
func (p Partition) Path() string { return p.Dir + "/" + p.Name }

// Partitions splits the rollup Parquet writes into one file per day of
// the report's zone (the day a bucket starts in) and, with byHost, per
// host: Athena, Trino, Spark and DuckDB read the folders as partition
// columns and skip what a query's date or host excludes. The files have
// Parquet's columns less the partition's (a host folder's files have no
// host column: Spark refuses a column in both). A file's name is a hash of
// its bytes, so that running the same map step again replaces its files
// instead of adding copies beside them. The partitions are in path order.
func Partitions(s *aggregate.Summary, by aggregate.Dims, byHost bool) ([]Partition, error) {
	if !s.HasStatuses() {
		return nil, ErrNoStatuses
	}
	if byHost {
		by |= aggregate.DimHost
	}
	rows, err := rollupRows(s, by)
	if err != nil {
		return nil, err
	}
	groups := map[string][]aggregate.DimBucket{}
	for _, r := range rows {
		dir := "date=" + time.Unix(r.Start, 0).In(s.Zone).Format(time.DateOnly)
		if byHost {
			dir += "/host=" + hiveValue(r.Host)
		}
		groups[dir] = append(groups[dir], r)
	}
	cols := by
	if byHost {
		cols &^= aggregate.DimHost
	}
	var parts []Partition
	for _, dir := range slices.Sorted(maps.Keys(groups)) {
		var b bytes.Buffer
		if err := writeRollup(&b, rollupValues(s, cols, groups[dir]).columns(), len(groups[dir])); err != nil {
			return nil, fmt.Errorf("parquet: %w", err)
		}
		sum := sha256.Sum256(b.Bytes())
		parts = append(parts, Partition{Dir: dir, Name: "part-" + hex.EncodeToString(sum[:8]) + ".parquet", Data: b.Bytes()})
	}
	return parts, nil
}

// hiveDefault is the folder Hive, Spark and Trino read as a null
// partition value: a host partition of requests without a host.
const hiveDefault = "__HIVE_DEFAULT_PARTITION__"

// hiveValue escapes a partition value as Hive does (FileUtils.escapePathName):
// control characters and "#%'*/:=?\{[]^ as %XX, so that a host taken from a
// log can neither leave its folder nor split it.
func hiveValue(v string) string {
	if v == "" {
		return hiveDefault
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 || c == 0x7f || strings.IndexByte("\"#%'*/:=?\\{[]^", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
