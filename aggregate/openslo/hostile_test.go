package openslo

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
)

// positioned matches one error line: file, line and column, then what is
// wrong.
var positioned = regexp.MustCompile(`^f\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S`)

// checkHostile loads text and checks what any input must give: a File, or
// errors that are all positioned, inside the text, and free of control
// characters.
func checkHostile(t *testing.T, text string) error {
	t.Helper()
	file, err := Load(Source{Name: "f.yaml", R: strings.NewReader(text)})
	if err == nil {
		if file == nil {
			t.Fatal("no error and no file")
		}
		for _, s := range file.SLOs {
			for _, w := range []string{s.Indicator.Describe(), s.Window.Describe()} {
				if strings.IndexFunc(w, func(r rune) bool { return r < ' ' || r == 0x7f || !unicode.IsPrint(r) && r != ' ' }) >= 0 {
					t.Fatalf("a description holds a control character: %q", w)
				}
			}
		}
		return nil
	}
	var errs *Errors
	if !errors.As(err, &errs) || file != nil {
		t.Fatalf("Load returned %T %v and a file %v", err, err, file != nil)
	}
	lines := strings.Count(text, "\n") + 2
	for _, e := range errs.List {
		if !positioned.MatchString(e.Error()) || e.Pos.Line > lines {
			t.Fatalf("error not positioned in the file (%d lines): %q", lines, e.Error())
		}
		if strings.IndexFunc(e.Msg, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
			t.Fatalf("a control character reached a message: %q", e.Msg)
		}
	}
	return err
}

// FuzzLoad: no input makes Load panic or hang, and every error it gives
// names a place in the input.
func FuzzLoad(f *testing.F) {
	shop, err := os.ReadFile("testdata/shop.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{string(shop), minimalSLO, "", "---\n---\n", "a: &a [*a]\n",
		"apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: \"\\e[31m\"}\n",
		strings.Replace(minimalSLO, "{}", "{path: \"/\\u202e\", exclude: {userAgent: \"\\x1b]0;x\\a\"}}", 1),
		"apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata: {name: p}\nspec:\n  conditions: &c [{conditionRef: c}, *c]\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// A hang is a failure too: the fuzzer alone would wait for ever.
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkHostile(t, text)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Load has not returned after 10s on %q", text)
		}
	})
}

// within fails the test when load takes longer than limit: a hostile file
// must not hold the command up.
func within(t *testing.T, limit time.Duration, text string) error {
	t.Helper()
	start := time.Now()
	err := checkHostile(t, text)
	if d := time.Since(start); d > limit {
		t.Errorf("load took %v (at most %v)", d, limit)
	}
	return err
}

// TestAliasBombs: aliases that would make a small file read as a huge one
// stop the load with one error at the alias, whichever list repeats them.
func TestAliasBombs(t *testing.T) {
	var items []string
	for i := range 1000 {
		items = append(items, fmt.Sprintf("l%d", i))
	}
	var labels strings.Builder
	fmt.Fprintf(&labels, "    a: &a [%s]\n", strings.Join(items, ", "))
	for i := range 2000 {
		fmt.Fprintf(&labels, "    k%d: *a\n", i)
	}
	laughs := strings.Replace(minimalSLO, "  name: api\n", "  name: api\n  labels:\n"+labels.String(), 1)

	cond := "{kind: AlertCondition, metadata: {name: c}, spec: {severity: page, condition: {kind: burnrate, op: gt, threshold: 1, lookbackWindow: 1h, alertAfter: 5m}}}"
	policy := "{kind: AlertPolicy, metadata: {name: p}, spec: {conditions: [&c " + cond + strings.Repeat(", *c", 3000) + "]}}"
	policies := minimalSLO + "  alertPolicies: [&p " + policy + strings.Repeat(", *p", 3000) + "]\n"

	for name, text := range map[string]string{"labels": laughs, "policies and conditions": policies} {
		t.Run(name, func(t *testing.T) {
			err := within(t, 20*time.Second, text)
			if err == nil || !strings.Contains(err.Error(), "aliases expand the file beyond 1000000 nodes") {
				t.Fatalf("got %v", err)
			}
		})
	}
}

// TestSizeBound: a file over MaxFileSize is refused before it is parsed,
// and the largest files that are hostile in other ways are read quickly.
func TestSizeBound(t *testing.T) {
	big := minimalSLO + "# " + strings.Repeat("x", MaxFileSize) + "\n"
	if err := within(t, 5*time.Second, big); err == nil || err.Error() != "f.yaml:1:1: the file is larger than 1 MiB, the most an SLO file may be" {
		t.Errorf("a file over 1 MiB: %v", err)
	}
	fill := func(unit string) string { return strings.Repeat(unit, (MaxFileSize-100)/len(unit)) }
	for name, text := range map[string]string{
		"a long flow list":  "a: [" + fill("1,") + "1]\n",
		"many documents":    fill("---\n"),
		"deep nesting":      strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		"nested maps":       fill("{a: ") + "\n",
		"one long scalar":   "apiVersion: " + fill("x") + "\n",
		"many lines":        fill("\n"),
		"many SLOs' errors": fill(strings.Replace(minimalSLO, "target: 0.999", "target: 9", 1) + "---\n"),
	} {
		t.Run(name, func(t *testing.T) {
			within(t, 20*time.Second, text)
		})
	}
}

// TestErrorLimit: a file of endless errors lists MaxErrors of them and
// counts the rest.
func TestErrorLimit(t *testing.T) {
	var few strings.Builder
	for i := range MaxErrors + 5 {
		doc := strings.Replace(minimalSLO, "target: 0.999", "target: 9", 1)
		few.WriteString(strings.Replace(doc, "name: api\nspec", fmt.Sprintf("name: api%d\nspec", i), 1) + "---\n")
	}
	if err := within(t, 20*time.Second, few.String()); err == nil || !strings.HasSuffix(err.Error(), "\n... and 5 more errors") {
		t.Errorf("25 errors: %v", err)
	}
	var b strings.Builder
	for i := range 1500 {
		doc := strings.Replace(minimalSLO, "target: 0.999", "target: 9", 1)
		b.WriteString(strings.Replace(doc, "name: api\nspec", fmt.Sprintf("name: api%d\nspec", i), 1) + "---\n")
	}
	text := b.String()
	err := within(t, 20*time.Second, text)
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("got %v", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxErrors+1 || lines[MaxErrors] != fmt.Sprintf("... and at least %d more errors", errs.Count()-MaxErrors) {
		t.Errorf("%d lines, the last %q", len(lines), lines[len(lines)-1])
	}
	if errs.Count() < maxCollected {
		t.Errorf("%d errors counted, want at least %d", errs.Count(), maxCollected)
	}
	if lines[0] != "f.yaml:8:25: target 9 must lie strictly between 0 and 1 (0.995 is 99.5%)" {
		t.Errorf("the first error is %q", lines[0])
	}
}
