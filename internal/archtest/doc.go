// Package archtest holds no code, only tests of the repository's shape:
// which package may import which, and that aggregate leaves files to
// ingest. docs/architecture.md
// explains the rules.
package archtest
