// Package archtest holds no code, only tests of the repository's shape:
// which package may import which, that aggregate leaves files to ingest,
// and how long files and functions may grow. docs/architecture.md
// explains the rules.
package archtest
