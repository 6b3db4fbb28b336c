package report

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/internal/browsertest"
	"github.com/slareport/slareport/reference"
)

// pageState is what the page shows and what its address says.
type pageState struct {
	Search  string   `json:"search"`
	Hash    string   `json:"hash"`
	Query   string   `json:"query"`
	Class   string   `json:"class"`
	Vendor  string   `json:"vendor"`
	Visible []string `json:"visible"`
}

const pageStateJS = `({
	search: location.search, hash: location.hash,
	query: document.getElementById('q').value,
	class: document.querySelector('.classes button[aria-pressed=true]').dataset.class,
	vendor: document.getElementById('vendor').value,
	visible: ` + visibleRowsJS + `,
})`

func readState(t *testing.T, ctx context.Context) pageState {
	t.Helper()
	return run(t, ctx, chromedp.Evaluate[pageState](pageStateJS))
}

// wantState checks the address and what the list shows, the list against
// Go's search narrowed by the same filters.
func wantState(t *testing.T, ctx context.Context, step, search, query, class, vendor string) {
	t.Helper()
	got := readState(t, ctx)
	if got.Search != search {
		t.Errorf("%s: the address holds %q, want %q", step, got.Search, search)
	}
	if got.Query != query || got.Class != class || got.Vendor != vendor {
		t.Errorf("%s: search box %q, class %q, vendor %q; want %q, %q, %q", step, got.Query, got.Class, got.Vendor, query, class, vendor)
	}
	if want := expectRows(query, class, vendor); !slices.Equal(got.Visible, want) {
		t.Errorf("%s: the list shows %d rows %q, want %d %q", step, len(got.Visible), got.Visible, len(want), want)
	}
}

// TestCodesPageURLState: the search and filters live in the address, so a
// shared link, a reload and the back and forward buttons all give the same
// list; a deep link to a code keeps the search box in view and scrolls the
// list to the code.
func TestCodesPageURLState(t *testing.T) {
	ctx := browsertest.New(t)
	var watch pageWatch
	watch.listen(t, ctx)
	srv, _ := servePage(t, codesPage(t))
	url := srv.URL + "/codes.html"

	do(t, ctx, chromedp.Navigate(url+"?q=timeout&class=5xx"), chromedp.WaitVisible(chromedp.ID("q")))
	wantState(t, ctx, "shared link", "?q=timeout&class=5xx", "timeout", "5", "")
	if got := readState(t, ctx).Visible; len(got) < 4 {
		t.Fatalf("timeout in 5xx shows only %q", got)
	}
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("q")))
	wantState(t, ctx, "reload", "?q=timeout&class=5xx", "timeout", "5", "")

	// Typing a search is one history entry however many keys it takes; a
	// filter is another.
	setQuery(t, ctx, "gate")
	setQuery(t, ctx, "gateway")
	wantState(t, ctx, "typed", "?q=gateway&class=5xx", "gateway", "5", "")
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-class="4"]`)))
	wantState(t, ctx, "class 4xx", "?q=gateway&class=4xx", "gateway", "4", "")
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('vendor'); s.value = 'nginx'; s.dispatchEvent(new Event('change')); })()`))
	wantState(t, ctx, "vendor", "?q=gateway&class=4xx&vendor=nginx", "gateway", "4", "nginx")

	do(t, ctx, chromedp.NavigateBack())
	wantState(t, ctx, "back once", "?q=gateway&class=4xx", "gateway", "4", "")
	do(t, ctx, chromedp.NavigateBack())
	wantState(t, ctx, "back twice", "?q=gateway&class=5xx", "gateway", "5", "")
	do(t, ctx, chromedp.NavigateBack())
	wantState(t, ctx, "back thrice", "?q=timeout&class=5xx", "timeout", "5", "")
	do(t, ctx, chromedp.NavigateForward())
	wantState(t, ctx, "forward", "?q=gateway&class=5xx", "gateway", "5", "")

	// Values are read leniently and hostile ones do nothing: any case, a
	// class by number, an unknown class or vendor is no filter, markup in
	// the query is text.
	do(t, ctx, chromedp.Navigate(url+"?vendor=CLOUDFLARE&class=5"), chromedp.WaitVisible(chromedp.ID("q")))
	wantState(t, ctx, "lenient", "?vendor=CLOUDFLARE&class=5", "", "5", "Cloudflare")
	hostile := `<img src=x onerror=alert(1)>"'`
	do(t, ctx, chromedp.Navigate(url+"?q="+urlEscape(hostile)+"&class=9xx&vendor=evil&seen=1,2,x"), chromedp.WaitVisible(chromedp.ID("q")))
	got := readState(t, ctx)
	if got.Query != hostile || got.Class != "" || got.Vendor != "" {
		t.Errorf("hostile address: search box %q, class %q, vendor %q", got.Query, got.Class, got.Vendor)
	}
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('img').length`)); n != 0 {
		t.Errorf("markup in the query became %d elements", n)
	}

	t.Run("deep link keeps the search in view", func(t *testing.T) {
		do(t, ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate("about:blank"), chromedp.Navigate(url+"?q=timeout#524"), chromedp.WaitVisible(chromedp.CSS(`[id="524"]`)))
		wantState(t, ctx, "deep link", "?q=timeout", "timeout", "", "")
		if h := readState(t, ctx).Hash; h != "#524" {
			t.Errorf("hash %q", h)
		}
		checkInView(t, ctx, "524")
		// A code far down the list: the list scrolls to it.
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#599"), chromedp.WaitVisible(chromedp.CSS(`[id="599"]`)))
		checkInView(t, ctx, "599")
		// Following a link within the page does the same.
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`location.hash = '#100'`))
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`[id="100"]`)))
		checkInView(t, ctx, "100")
		do(t, ctx, chromedp.EmulateReset())
	})

	t.Run("placeholder fits a phone", func(t *testing.T) {
		do(t, ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("q")))
		// The placeholder's width in the box's own font, against the room
		// inside the box.
		fit := run(t, ctx, chromedp.Evaluate[[]float64](`(() => {
			const q = document.getElementById('q'), cs = getComputedStyle(q);
			const c = document.createElement('canvas').getContext('2d');
			c.font = cs.font;
			return [c.measureText(q.placeholder).width, q.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight), window.innerWidth];
		})()`))
		if fit[2] != 360 {
			t.Fatalf("viewport %v px wide, want 360", fit[2])
		}
		if fit[0] > fit[1] {
			t.Errorf("at 360 px the placeholder needs %.0f px, the box has %.0f", fit[0], fit[1])
		}
		if over := run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); over {
			t.Error("the page scrolls sideways at 360 px")
		}
		// On a phone a deep link shows the panel, the search box still on
		// screen above it.
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#503"), chromedp.WaitVisible(chromedp.CSS(`[id="503"]`)))
		box := run(t, ctx, chromedp.Evaluate[[]float64](`[document.getElementById('q').getBoundingClientRect().top, document.getElementById('q').getBoundingClientRect().bottom, document.getElementById('h503').getBoundingClientRect().top, document.getElementById('controls').getBoundingClientRect().bottom, window.innerHeight]`))
		if box[0] < 0 || box[1] > box[4] {
			t.Errorf("on a phone the search box is off screen at %v..%v", box[0], box[1])
		}
		if box[2] < box[3] || box[2] > box[4] {
			t.Errorf("on a phone the heading of 503 is at %v, the controls end at %v, the screen at %v", box[2], box[3], box[4])
		}
		do(t, ctx, chromedp.EmulateReset())
	})

	_, problems := watch.snapshot()
	if len(problems) > 0 {
		t.Errorf("console errors or exceptions: %q", problems)
	}
}

// checkInView: the search box, the code's row in the list and its panel are
// all on screen.
func checkInView(t *testing.T, ctx context.Context, code string) {
	t.Helper()
	js := `(() => {
		const r = e => { const b = e.getBoundingClientRect(); return [b.top, b.bottom]; };
		const nav = document.querySelector('nav').getBoundingClientRect();
		const row = document.querySelector('#rows li[data-code="` + code + `"]:not([hidden])');
		return { box: r(document.getElementById('q')), row: row ? r(row) : [], nav: [nav.top, nav.bottom],
			panel: r(document.getElementById('h` + code + `')), height: window.innerHeight,
			focused: document.activeElement.id };
	})()`
	var v struct {
		Box, Row, Nav, Panel []float64
		Height               float64
		Focused              string
	}
	v = run(t, ctx, chromedp.Evaluate[struct {
		Box, Row, Nav, Panel []float64
		Height               float64
		Focused              string
	}](js))
	if v.Box[0] < 0 || v.Box[1] > v.Height {
		t.Errorf("#%s: the search box is off screen at %v (screen %v)", code, v.Box, v.Height)
	}
	if len(v.Row) == 0 {
		t.Errorf("#%s: no row shown for the code", code)
	} else if v.Row[0] < max(v.Nav[0], 0) || v.Row[1] > min(v.Nav[1], v.Height) {
		t.Errorf("#%s: its row is at %v, outside the list's view %v", code, v.Row, v.Nav)
	}
	if v.Panel[0] < v.Box[1] || v.Panel[0] > v.Height {
		t.Errorf("#%s: the panel's heading is at %v, the search box ends at %v", code, v.Panel[0], v.Box[1])
	}
	if v.Focused != code {
		t.Errorf("#%s: focus on %q, want the panel", code, v.Focused)
	}
}

func urlEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

// TestCodesPageFromFile: opened from disk, as most people open it, the
// address still keeps the search.
func TestCodesPageFromFile(t *testing.T) {
	ctx := browsertest.New(t)
	path := filepath.Join(t.TempDir(), "codes.html")
	if err := os.WriteFile(path, codesPage(t), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate("file://"+path+"?q=teapot"), chromedp.WaitVisible(chromedp.ID("q")))
	wantState(t, ctx, "file", "?q=teapot", "teapot", "", "")
	setQuery(t, ctx, "gateway")
	wantState(t, ctx, "file, typed", "?q=gateway", "gateway", "", "")
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("q")))
	wantState(t, ctx, "file, reloaded", "?q=gateway", "gateway", "", "")
}

// TestCodesPageNoMatch: a search that finds nothing says so and offers the
// nearest codes and words; one the filters empty offers to clear them.
func TestCodesPageNoMatch(t *testing.T) {
	ctx := browsertest.New(t)
	srv, _ := servePage(t, codesPage(t))
	url := srv.URL + "/codes.html"
	note := func() (shown bool, text string, links []string) {
		v := run(t, ctx, chromedp.Evaluate[struct {
			Shown bool
			Text  string
			Links []string
		}](`(() => { const n = document.getElementById('nomatch'); return { shown: !n.hidden && n.offsetParent !== null, text: n.textContent, links: Array.from(n.querySelectorAll('a')).map(a => a.textContent) }; })()`))
		return v.Shown, v.Text, v.Links
	}

	// Nearest codes: 299 is no code; the three known codes nearest it by
	// value, counted here from the registry.
	if len(reference.Search("299")) != 0 {
		t.Fatal("precondition: Go's search finds something for 299")
	}
	var codes []int
	for _, m := range reference.AllMeanings() {
		if !slices.Contains(codes, m.Code) {
			codes = append(codes, m.Code)
		}
	}
	abs := func(n int) int { return max(n, -n) }
	sort.SliceStable(codes, func(i, j int) bool { return abs(codes[i]-299) < abs(codes[j]-299) })
	do(t, ctx, chromedp.Navigate(url+"?q=299"), chromedp.WaitVisible(chromedp.ID("q")))
	shown, text, links := note()
	if !shown || !strings.Contains(text, "No status code matches \u201c299\u201d") || !strings.Contains(text, "Did you mean") {
		t.Errorf("299: note shown %v, %q", shown, text)
	}
	for _, c := range codes[:3] {
		want := strconv.Itoa(c) + " " + reference.Meanings(c)[0].Phrase
		if !slices.Contains(links, want) {
			t.Errorf("299: suggestions %q lack %q", links, want)
		}
	}
	if rows := readState(t, ctx).Visible; len(rows) != 0 {
		t.Errorf("299: rows %q shown beside the note", rows)
	}

	// Nearest words: a word two typos away, beyond what search forgives.
	const typo = "tymeoot"
	if len(reference.Search(typo)) != 0 {
		t.Fatalf("precondition: Go's search finds something for %q", typo)
	}
	setQuery(t, ctx, typo)
	shown, _, links = note()
	if !shown || !slices.Contains(links, "timeout") {
		t.Fatalf("%s: note shown %v, suggestions %q, want timeout", typo, shown, links)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#nomatch a`)))
	wantState(t, ctx, "suggestion followed", "?q=timeout", "timeout", "", "")
	if shown, _, _ := note(); shown {
		t.Error("the note stays once the search finds something")
	}

	// Nothing near at all: a few searches to try instead.
	setQuery(t, ctx, "zzzqqqxx")
	shown, text, links = note()
	if !shown || !strings.Contains(text, "Try:") || len(links) == 0 {
		t.Errorf("zzzqqqxx: note shown %v, %q, links %q", shown, text, links)
	}

	// The filters hide what the search finds: the note says how many
	// match without them, and clears them.
	do(t, ctx, chromedp.Navigate(url+"?q=499&class=2xx"), chromedp.WaitVisible(chromedp.ID("q")))
	n := len(expectRows("499", "", ""))
	shown, text, _ = note()
	if want := "Without the filters, " + strconv.Itoa(n) + " entries match."; !shown || !strings.Contains(text, want) {
		t.Errorf("499 in 2xx: note shown %v, %q, want %q", shown, text, want)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#nomatch button`)))
	wantState(t, ctx, "filters cleared", "?q=499", "499", "", "")
}

// TestCodesPageSeen: a report links to the page with the codes it saw; they
// are marked in the list, and a button shows only them.
func TestCodesPageSeen(t *testing.T) {
	ctx := browsertest.New(t)
	srv, _ := servePage(t, codesPage(t))
	url := srv.URL + "/codes.html"
	do(t, ctx, chromedp.Navigate(url+"?seen=200,404,503,299,abc"), chromedp.WaitVisible(chromedp.ID("q")))
	var want []string
	for _, m := range reference.AllMeanings() {
		if m.Code == 200 || m.Code == 404 || m.Code == 503 {
			want = append(want, rowKey(m))
		}
	}
	marked := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#rows li.seen')).map(li => li.querySelector('.code').textContent + ' ' + li.dataset.vendor + ' ' + li.querySelector('.seen-tag').textContent)`))
	var wantMarked []string
	for _, w := range want {
		wantMarked = append(wantMarked, w+" seen")
	}
	if !slices.Equal(marked, wantMarked) {
		t.Errorf("marked %q, want %q", marked, wantMarked)
	}
	label := run(t, ctx, chromedp.Evaluate[string](`(() => { const b = document.querySelector('button[data-class="seen"]'); return b.hidden ? '' : b.textContent; })()`))
	if label != "Seen in report (3)" {
		t.Errorf("the seen button reads %q", label)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-class="seen"]`)))
	st := readState(t, ctx)
	if !slices.Equal(st.Visible, want) || st.Search != "?class=seen&seen=200,404,503" {
		t.Errorf("only seen: rows %q at %q, want %q", st.Visible, st.Search, want)
	}
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("q")))
	if st := readState(t, ctx); !slices.Equal(st.Visible, want) || st.Class != "seen" {
		t.Errorf("reloaded: rows %q, class %q", st.Visible, st.Class)
	}
	// Without seen= there is nothing to mark and no button.
	do(t, ctx, chromedp.Navigate(url+"?class=seen"), chromedp.WaitVisible(chromedp.ID("q")))
	if st := readState(t, ctx); st.Class != "" || len(st.Visible) != len(reference.AllMeanings()) {
		t.Errorf("class=seen without seen=: class %q, %d rows", st.Class, len(st.Visible))
	}
}

// TestCodesPagePrint prints the page to PDF with Chromium: the whole
// reference runs to many pages under the five class headings; a search
// prints only its codes under their class.
func TestCodesPagePrint(t *testing.T) {
	ctx := browsertest.New(t)
	srv, _ := servePage(t, codesPage(t))
	url := srv.URL + "/codes.html"
	var classes []string
	for c := reference.Class(1); c <= 5; c++ {
		classes = append(classes, reference.ClassTitle(c))
	}
	entryCodes := func(rows []string) []string {
		var out []string
		for _, r := range rows {
			if c := strings.Fields(r)[0]; !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		slices.Sort(out) // entries print in code order, whatever the list's rank
		return out
	}

	do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("q")))
	whole := printPDF(t, ctx)
	if whole.pages < 40 || whole.pages > 250 {
		t.Errorf("the whole reference prints on %d pages", whole.pages)
	}
	if got := whole.classHeads(); !slices.Equal(got, classes) {
		t.Errorf("the whole reference's PDF has class headings %q, want %q", got, classes)
	}
	if got, want := whole.entryCodes(), entryCodes(expectRows("", "", "")); !slices.Equal(got, want) {
		t.Errorf("the whole reference's PDF has %d entries, want %d", len(got), len(want))
	}
	// The same in the print-media DOM: the list and the controls give way
	// to the class headings and every entry.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	dom := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#details > *')).filter(e => getComputedStyle(e).display !== 'none').map(e => e.classList.contains('print-class') ? 'class ' + e.textContent : e.id).filter(s => !/^[0-9]/.test(s))`))
	// The guides go with the whole reference, before the entries.
	want := []string{"print-scope"}
	for _, name := range reference.GuideNames() {
		want = append(want, "guide-"+name)
	}
	for _, c := range classes {
		want = append(want, "class "+c)
	}
	if !slices.Equal(dom, want) {
		t.Errorf("print media shows %q besides the entries, want %q", dom, want)
	}
	if nav := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('nav')).display + ' ' + getComputedStyle(document.getElementById('controls')).display`)); nav != "none none" {
		t.Errorf("print media shows the list or the controls: %q", nav)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}

	for _, g := range reference.Guides() {
		if !slices.Contains(whole.titles, g.Title) {
			t.Errorf("the whole reference's PDF lacks the guide %q", g.Title)
		}
	}

	do(t, ctx, chromedp.Navigate(url+"?q=timeout&class=5xx"), chromedp.WaitVisible(chromedp.ID("q")))
	some := printPDF(t, ctx)
	for _, g := range reference.Guides() {
		if slices.Contains(some.titles, g.Title) {
			t.Errorf("a selection prints the guide %q", g.Title)
		}
	}
	t.Logf("printed: the whole reference on %d pages, timeout in 5xx on %d", whole.pages, some.pages)
	if some.pages < 1 || some.pages*5 > whole.pages {
		t.Errorf("timeout in 5xx prints on %d pages, the whole reference on %d", some.pages, whole.pages)
	}
	if got := some.classHeads(); !slices.Equal(got, []string{"5xx Server Error"}) {
		t.Errorf("timeout in 5xx prints class headings %q", got)
	}
	if got, want := some.entryCodes(), entryCodes(expectRows("timeout", "5", "")); !slices.Equal(got, want) {
		t.Errorf("timeout in 5xx prints entries %q, want %q", got, want)
	}
	if !slices.Contains(some.titles, "HTTP status codes \u2014 slareport reference") {
		t.Errorf("the PDF's outline lacks the page title: %q", some.titles[:min(3, len(some.titles))])
	}
}

// printed is what a PDF printed by Chromium holds: its page count and the
// titles of its outline, which Chromium builds from the page's headings.
type printed struct {
	pages  int
	titles []string
}

var (
	pdfCount = regexp.MustCompile(`/Type\s*/Page[^s]`)
	pdfTitle = regexp.MustCompile(`/Title\s*(\(|<)`)
)

func printPDF(t *testing.T, ctx context.Context) printed {
	t.Helper()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{GenerateDocumentOutline: &yes, GenerateTaggedPDF: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(res.Data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", res.Data[:min(16, len(res.Data))])
	}
	p := printed{pages: len(pdfCount.FindAll(res.Data, -1))}
	for _, loc := range pdfTitle.FindAllIndex(res.Data, -1) {
		p.titles = append(p.titles, pdfString(res.Data[loc[1]-1:]))
	}
	return p
}

// pdfString decodes the PDF string at the start of b: a literal (...) with
// its backslash escapes, or <FEFF...> hex in UTF-16.
func pdfString(b []byte) string {
	if b[0] == '<' {
		end := bytes.IndexByte(b, '>')
		raw, err := hex.DecodeString(string(b[1:end]))
		if err != nil || len(raw) < 2 || raw[0] != 0xFE || raw[1] != 0xFF {
			return string(raw)
		}
		var u []uint16
		for i := 2; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u))
	}
	var out []byte
	depth := 0
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\\' && i+1 < len(b):
			i++
			out = append(out, b[i])
		case c == '(':
			depth++
			out = append(out, c)
		case c == ')' && depth == 0:
			return string(out)
		case c == ')':
			depth--
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

// classHeads are the outline's class headings, in order.
func (p printed) classHeads() []string {
	var out []string
	for _, s := range p.titles {
		if len(s) > 4 && s[1:4] == "xx " && s[0] >= '1' && s[0] <= '5' {
			out = append(out, s)
		}
	}
	return out
}

var entryTitle = regexp.MustCompile(`^([1-5][0-9][0-9]) `)

// entryCodes are the codes whose entry headings ("499 Client Closed
// Request / Token Required") the outline holds, in order.
func (p printed) entryCodes() []string {
	var out []string
	for _, s := range p.titles {
		if m := entryTitle.FindStringSubmatch(s); m != nil && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// TestCodesPageGuides: the introduction lists the guides; each opens as a
// panel of its own, reachable as codes.html#guide-NAME, with its sources.
func TestCodesPageGuides(t *testing.T) {
	ctx := browsertest.New(t)
	srv, _ := servePage(t, codesPage(t))
	url := srv.URL + "/codes.html"
	do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("q")))
	links := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.intro .guides a')).map(a => a.getAttribute('href') + ' ' + a.textContent)`))
	var want []string
	for _, g := range reference.Guides() {
		want = append(want, "#guide-"+g.Name+" "+g.Title)
	}
	if !slices.Equal(links, want) {
		t.Errorf("the introduction lists %q, want %q", links, want)
	}
	for _, g := range reference.Guides() {
		do(t, ctx, chromedp.Navigate(url+"#guide-"+g.Name), chromedp.WaitVisible(chromedp.ID("guide-"+g.Name)))
		shown := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#details > section')).filter(s => getComputedStyle(s).display !== 'none').map(s => s.id || 'intro')`))
		if !slices.Equal(shown, []string{"guide-" + g.Name}) {
			t.Errorf("#guide-%s shows %q", g.Name, shown)
		}
		text := run(t, ctx, chromedp.Text(chromedp.ID("guide-"+g.Name)))
		if !strings.Contains(text, g.Title) || !strings.Contains(text, "Sources: "+strings.Join(g.Cites, "; ")) {
			t.Errorf("#guide-%s reads %q", g.Name, text)
		}
	}
	text := run(t, ctx, chromedp.Text(chromedp.ID("guide-sla")))
	if !strings.Contains(text, "99.579%") || !strings.Contains(text, "--bad 5xx,429") {
		t.Errorf("the SLA guide on the page lacks its worked example: %q", text)
	}
}
