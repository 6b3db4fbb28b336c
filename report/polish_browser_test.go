package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/slareport/slareport/aggregate"
	"github.com/slareport/slareport/internal/browsertest"
)

// realLog is a real access log of the shared test data, or a skip when
// the data is not there.
func realLog(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", "real", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real log %s not found (%v); skipping", name, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// elasticSummary runs Elastic's real Apache log.
func elasticSummary(t *testing.T) *aggregate.Summary {
	t.Helper()
	s, err := aggregate.Run(context.Background(), []string{realLog(t, "elastic-apache_logs.log")}, aggregate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sloPage renders the HTML report of s judged against an SLO of slo
// percent.
func sloPage(t *testing.T, s *aggregate.Summary, slo string) []byte {
	t.Helper()
	o := s.Evaluate(target(t, slo))
	return renderHTML(t, s, HTMLOptions{Options: Options{SLO: &o}})
}

// countLines counts a file's lines by its newlines, apart from the code
// under test.
func countLines(t testing.TB, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// evalPage shows page in a new tab at width CSS pixels and returns what js
// (an expression, awaited when it is a promise) gives once the charts
// have painted.
func evalPage[T any](t *testing.T, ctx context.Context, page []byte, width int64, js string) T {
	t.Helper()
	url, _ := serve(t, page)
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	wrapped := `new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(` + js + `))))`
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](wrapped, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// lineBreaksJS finds where the text of the element matched by a selector
// wraps: for each character after which the next one starts a new line,
// the character and its position. It also reports how much wider than
// the viewport the page is.
const lineBreaksJS = `((sel) => {
  const el = document.querySelector(sel);
  if (!el) return {Found: false};
  const chars = [];
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      const r = document.createRange();
      r.setStart(n, i); r.setEnd(n, i + 1);
      const rect = r.getClientRects()[0];
      if (rect) chars.push({c: n.data[i], top: rect.top});
    }
  }
  const after = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i].top > chars[i - 1].top + 2) after.push(chars[i - 1].c + "@" + (i - 1));
  }
  return {Found: true, Text: el.textContent, Breaks: after,
    Overflow: document.documentElement.scrollWidth - window.innerWidth};
})`

type lineBreaks struct {
	Found    bool
	Text     string
	Breaks   []string // "c@i": the character at index i ends a line
	Overflow int
}

// TestSourcePathBreaksAtSlash: on a phone, a long source path in the
// Sources table wraps only after a '/', never inside a name, and the page
// stays within the screen. The path holds a real log (linked into deep
// directories); its line count is counted apart.
func TestSourcePathBreaksAtSlash(t *testing.T) {
	log := realLog(t, "elastic-apache_logs.log")
	dir := filepath.Join(t.TempDir(), "var", "log", "nginx", "production-cluster", "eu-west-1", "frontend")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "access-2015-05-17-frontend.log")
	if err := os.Symlink(log, path); err != nil {
		t.Fatal(err)
	}
	s, err := aggregate.Run(context.Background(), []string{path}, aggregate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := countLines(t, log); s.Lines.Read != int64(want) {
		t.Fatalf("%d lines read, want %d", s.Lines.Read, want)
	}
	page := renderHTML(t, s, HTMLOptions{})
	ctx := browsertest.New(t)
	for _, width := range []int64{375, 1200} {
		got := pathBreaksAtSlash(t, ctx, page, width, "#sources td code", "the Sources table", path)
		if got.Overflow > 0 {
			t.Errorf("width %d: the page is %d px wider than the screen", width, got.Overflow)
		}
	}
	if !strings.Contains(string(page), "<wbr>") {
		t.Error("no <wbr> in the page")
	}
	sourcesCardBreaksAtSlash(t, ctx, log)
}

// sourcesCardBreaksAtSlash: the Sources card, which cannot scroll,
// wraps the path of its one source after a '/' where a '/' will do. Run
// from the log's top directory, the path is relative and each of its
// names, some with a '-', fits on a line of the card, so every break must
// follow a '/'.
func sourcesCardBreaksAtSlash(t *testing.T, ctx context.Context, log string) {
	root := t.TempDir()
	rel := filepath.Join("var", "log", "nginx", "eu-west-1", "web-01", "access.log")
	if err := os.MkdirAll(filepath.Join(root, filepath.Dir(rel)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(log, filepath.Join(root, rel)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	// With the counts of the report's filters, as an HTML run has them:
	// their script redraws the cards.
	s, err := aggregate.Run(context.Background(), []string{rel}, aggregate.Options{Statuses: true, StatusDims: aggregate.DimHost | aggregate.DimEndpoint})
	if err != nil {
		t.Fatal(err)
	}
	page := renderHTML(t, s, HTMLOptions{})
	if !bytes.Contains(page, []byte("data-filter")) {
		t.Fatal("the page has no filters")
	}
	for _, width := range []int64{375, 1200} {
		pathBreaksAtSlash(t, ctx, page, width, ".cards code.path", "the Sources card", rel)
	}
}

// pathBreaksAtSlash checks that the path in the element sel of page,
// where, shows path and wraps only after a '/' at width, on more than one
// line on a phone, and returns what it measured.
func pathBreaksAtSlash(t *testing.T, ctx context.Context, page []byte, width int64, sel, where, path string) lineBreaks {
	t.Helper()
	got := evalPage[lineBreaks](t, ctx, page, width, lineBreaksJS+"("+strconv.Quote(sel)+")")
	if !got.Found || got.Text != path {
		t.Fatalf("width %d: %s shows %q, want %q", width, where, got.Text, path)
	}
	for _, b := range got.Breaks {
		if b[0] != '/' {
			t.Errorf("width %d: the path in %s breaks after %q, not after a '/'", width, where, b)
		}
	}
	if width == 375 && len(got.Breaks) == 0 {
		t.Errorf("width %d: a %d-character path on one line in %s", width, len(path), where)
	}
	t.Logf("width %d: %d line breaks in the path in %s, all after '/': %q", width, len(got.Breaks), where, got.Breaks)
	return got
}

// chartTextsJS lists the texts an ECharts chart drew (labels of axes,
// marks and bars), each with its box in the chart's pixels, read from
// the scene the canvas was painted from.
const chartTextsJS = `((id) => {
  const el = document.getElementById(id);
  const chart = el && echarts.getInstanceByDom(el);
  if (!chart) return {Found: false};
  const texts = [];
  // A text's box is the union of its lines' boxes, each measured in its
  // font (the font's ascent and descent, not just the glyphs') where its
  // baseline and alignment put it, then placed by its transform.
  const measure = document.createElement("canvas").getContext("2d");
  const textBox = (e) => {
    let box = null;
    for (const span of e.childrenRef()) {
      const st = span.style;
      if (span.type !== "tspan" || !st || st.text == null || st.text === "") continue;
      measure.font = st.font;
      const m = measure.measureText(st.text);
      const asc = m.fontBoundingBoxAscent, desc = m.fontBoundingBoxDescent;
      const w = m.width;
      const left = st.x - (st.textAlign === "center" ? w / 2 : (st.textAlign === "right" || st.textAlign === "end") ? w : 0);
      const top = st.y - ({top: 0, hanging: 0, middle: (asc + desc) / 2, bottom: asc + desc, ideographic: asc + desc}[st.textBaseline] ?? asc);
      const r = new echarts.graphic.BoundingRect(left, top, w, asc + desc);
      const t = span.getComputedTransform() || e.getComputedTransform();
      if (t) r.applyTransform(t);
      if (box) box.union(r); else box = r;
    }
    return box;
  };
  const visit = (e) => {
    if (!e || e.ignore) return;
    if (e.type === "text") {
      if (!e.invisible && e.style && e.style.text != null && e.style.text !== "") {
        const r = textBox(e);
        if (r) texts.push({Text: String(e.style.text), X: r.x, Y: r.y, W: r.width, H: r.height});
      }
      return;
    }
    if (e.isGroup) e.childrenRef().forEach(visit);
    if (e.getTextContent) visit(e.getTextContent());
  };
  chart.getZr().storage.getRoots().forEach(visit);
  return {Found: true, Width: chart.getWidth(), Height: chart.getHeight(), Texts: texts};
})`

type chartBox struct{ X, Y, W, H float64 }

// overlaps reports whether two boxes share more than a pixel's sliver.
func (a chartBox) overlaps(b chartBox) bool {
	const slack = 0.5
	return a.X+slack < b.X+b.W && b.X+slack < a.X+a.W && a.Y+slack < b.Y+b.H && b.Y+slack < a.Y+a.H
}

type chartText struct {
	Text string
	chartBox
}

type chartTexts struct {
	Found         bool
	Width, Height float64
	Texts         []chartText
}

// TestEndpointChartHeightFollowsBars: the endpoint chart of a real log
// with two bad endpoints is short; with twenty it is tall enough that
// every endpoint's label is drawn and no two labels overlap, on a phone
// and a desktop. The two bad endpoints are found apart, by awk.
func TestEndpointChartHeightFollowsBars(t *testing.T) {
	log := realLog(t, "elastic-apache_logs.log")
	out, err := exec.Command("sh", "-c", `awk '$9 ~ /^5/ {print $7}' "$1" | sort -u`, "sh", log).Output()
	if err != nil {
		t.Fatal(err)
	}
	fiveXX := strings.Fields(string(out))
	if len(fiveXX) != 2 {
		t.Fatalf("awk finds %d paths with a 5xx, want the 2 this test is about: %q", len(fiveXX), fiveXX)
	}
	ctx := browsertest.New(t)
	var heights [2]float64
	for i, tc := range []struct {
		bad   string
		names []string // the labels awk expects, or nil
		bars  int
	}{{"5xx", fiveXX, 2}, {"4xx,5xx", nil, 20}} {
		rule, err := aggregate.ParseBadRule(tc.bad, "")
		if err != nil {
			t.Fatal(err)
		}
		s, err := aggregate.Run(context.Background(), []string{log}, aggregate.Options{Settings: aggregate.Settings{Rule: rule}})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, k := range s.Endpoints.Keys {
			if k.Bad > 0 && len(names) < tc.bars {
				names = append(names, cut(visible([]byte(k.Key)), 48)) // as the chart shows it
			}
		}
		if len(names) != tc.bars {
			t.Fatalf("bad %s: %d endpoints with bad requests, want at least %d", tc.bad, len(names), tc.bars)
		}
		if tc.names != nil && strings.Join(sorted(names), " ") != strings.Join(tc.names, " ") {
			t.Fatalf("bad %s: endpoints %q, awk finds %q", tc.bad, names, tc.names)
		}
		page := renderHTML(t, s, HTMLOptions{})
		for _, width := range []int64{375, 1200} {
			got := evalPage[chartTexts](t, ctx, page, width, chartTextsJS+`("chart-endpoints")`)
			if !got.Found {
				t.Fatalf("bad %s, width %d: no endpoint chart", tc.bad, width)
			}
			var labels []chartText
			for _, x := range got.Texts {
				if slices.Contains(names, x.Text) {
					labels = append(labels, x)
				}
			}
			if len(labels) != tc.bars {
				t.Errorf("bad %s, width %d: %d endpoint labels drawn of %d bars", tc.bad, width, len(labels), tc.bars)
			}
			for a := range labels {
				for b := a + 1; b < len(labels); b++ {
					if labels[a].overlaps(labels[b].chartBox) {
						t.Errorf("bad %s, width %d: labels %q and %q overlap", tc.bad, width, labels[a].Text, labels[b].Text)
					}
				}
			}
			heights[i] = got.Height
			t.Logf("bad %s, width %d: %d bars, chart %.0f px high, %d labels drawn", tc.bad, width, tc.bars, got.Height, len(labels))
		}
	}
	if heights[0] > 200 {
		t.Errorf("a chart of 2 bars is %.0f px high, want a short one (at most 200)", heights[0])
	}
	if heights[1] < 20*barPitch {
		t.Errorf("a chart of 20 bars is %.0f px high, want at least %d", heights[1], 20*barPitch)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// seriesLineJS gives the pixels of the first series' points of a chart
// with a dataset, as runs of consecutive points (a null ends a run: the
// line has a gap there), and the plot's rectangle.
const seriesLineJS = `((id) => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  const rows = chart.getOption().dataset[0].source;
  const runs = [];
  let run = [];
  for (const row of rows) {
    if (row[1] == null) { if (run.length) runs.push(run); run = []; continue; }
    const p = chart.convertToPixel({seriesIndex: 0}, [row[0], row[1]]);
    run.push({X: p[0], Y: p[1]});
  }
  if (run.length) runs.push(run);
  const g = chart.getModel().getComponent("grid").coordinateSystem.getRect();
  return {Runs: runs, Grid: {X: g.x, Y: g.y, W: g.width, H: g.height}};
})`

type seriesLine struct {
	Runs [][]struct{ X, Y float64 }
	Grid chartBox
}

// crosses reports whether the polyline of the runs passes through box,
// walking each segment in steps of at most half a pixel.
func (l seriesLine) crosses(box chartBox) bool {
	in := func(x, y float64) bool { return x >= box.X && x <= box.X+box.W && y >= box.Y && y <= box.Y+box.H }
	for _, run := range l.Runs {
		for i := range run {
			if in(run[i].X, run[i].Y) {
				return true
			}
			if i == 0 {
				continue
			}
			a, b := run[i-1], run[i]
			steps := int(2*max(abs(b.X-a.X), abs(b.Y-a.Y))) + 1
			for k := 1; k < steps; k++ {
				f := float64(k) / float64(steps)
				if in(a.X+f*(b.X-a.X), a.Y+f*(b.Y-a.Y)) {
					return true
				}
			}
		}
	}
	return false
}

func abs(v float64) float64 { return max(v, -v) }

// markLabel finds the one text of a chart that is a marked line's label,
// checks that it lies inside the chart and overlaps no other text (the
// axes' labels, the legend) and returns its box.
func markLabel(t *testing.T, got chartTexts, text string, where string) chartBox {
	t.Helper()
	var label *chartText
	for i, x := range got.Texts {
		if x.Text == text {
			label = &got.Texts[i]
		}
	}
	if label == nil {
		var all []string
		for _, x := range got.Texts {
			all = append(all, x.Text)
		}
		t.Fatalf("%s: no label %q among %q", where, text, all)
	}
	if label.X < 0 || label.Y < 0 || label.X+label.W > got.Width || label.Y+label.H > got.Height {
		t.Errorf("%s: label %q at %+v is cut off by the %gx%g chart", where, text, label.chartBox, got.Width, got.Height)
	}
	for _, x := range got.Texts {
		if x.Text != text && x.overlaps(label.chartBox) {
			t.Errorf("%s: label %q at %+v overlaps %q at %+v", where, text, label.chartBox, x.Text, x.chartBox)
		}
	}
	return label.chartBox
}

// TestMarkLabelsClearOfAxesAndLine: on a phone and a desktop, the
// "budget exhausted" label of the budget chart overlaps none of the axes'
// labels, and the SLO label of the availability chart overlaps neither an
// axis label nor the availability line. The report is of a real log that
// stays above its SLO of 99.9% most hours and falls below it in three.
func TestMarkLabelsClearOfAxesAndLine(t *testing.T) {
	page := sloPage(t, elasticSummary(t), "99.9")
	ctx := browsertest.New(t)
	for _, width := range []int64{375, 1200} {
		where := fmt.Sprintf("width %d, budget chart", width)
		budget := evalPage[chartTexts](t, ctx, page, width, chartTextsJS+`("chart-burndown")`)
		box := markLabel(t, budget, "budget exhausted", where)
		t.Logf("%s: label at %+v, checked against %d other texts", where, box, len(budget.Texts)-1)

		where = fmt.Sprintf("width %d, availability chart", width)
		avail := evalPage[chartTexts](t, ctx, page, width, chartTextsJS+`("chart-availability")`)
		var slo string
		for _, x := range avail.Texts {
			if strings.HasPrefix(x.Text, "SLO") && strings.HasSuffix(x.Text, "%") {
				slo = x.Text
			}
		}
		box = markLabel(t, avail, slo, where)
		line := evalPage[seriesLine](t, ctx, page, width, seriesLineJS+`("chart-availability")`)
		points := 0
		for _, r := range line.Runs {
			points += len(r)
		}
		if points < 24 {
			t.Fatalf("%s: %d points on the availability line", where, points)
		}
		if line.crosses(box) {
			t.Errorf("%s: the availability line runs through the label %q at %+v", where, slo, box)
		}
		t.Logf("%s: label %q at %+v, checked against the line's %d points and %d other texts", where, slo, box, points, len(avail.Texts)-1)
	}
}

// alertRowsJS reads the alert table as a reader sees it: each row's
// cells and its swatch's colour.
const alertRowsJS = `(() => {
  const h = [...document.querySelectorAll("#budget h3")].find(e => e.textContent === "Burn-rate alerts");
  if (!h) return [];
  return [...h.nextElementSibling.querySelectorAll("tbody tr")].map(tr => {
    const sw = tr.querySelector(".swatch");
    return {Cells: [...tr.cells].map(td => td.textContent), Swatch: sw ? getComputedStyle(sw).backgroundColor : ""};
  });
})()`

type alertTableRow struct {
	Cells  []string
	Swatch string
}

// burnMarksJS reads the burn-rate chart's threshold lines from its
// option as ECharts holds it: the series each belongs to, its colour and
// its value, and where ECharts placed it.
const burnMarksJS = `(() => {
  const chart = echarts.getInstanceByDom(document.getElementById("chart-burnrate"));
  const g = chart.getModel().getComponent("grid").coordinateSystem.getRect();
  const out = [];
  chart.getOption().series.forEach((s, i) => {
    for (const m of ((s.markLine || {}).data || [])) {
      const y = chart.convertToPixel({seriesIndex: i}, [0, m.yAxis])[1];
      out.push({Series: s.name, Name: m.name, Value: m.yAxis, Color: s.markLine.lineStyle.color,
        SeriesColor: s.itemStyle.color, InPlot: y >= g.y && y <= g.y + g.height});
    }
  });
  return out;
})()`

type burnMarkSeen struct {
	Series, Name, Color, SeriesColor string
	Value                            float64
	InPlot                           bool
}

// rgb writes a #rrggbb colour as CSS computes it.
func rgb(hex string) string {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return fmt.Sprintf("rgb(%d, %d, %d)", r, g, b)
}

// TestBurnChartMatchesAlertTable: on a report of a real log where a rule
// fires (SLO 99.99%: grep finds an hour with one 5xx in 114 lines, a burn
// of 87.7× over that hour), every row of the alert table has one
// threshold line on the burn-rate chart with the same factor, named with
// the row's severity, windows and threshold, in the row's swatch colour,
// on a series of the same name and colour, inside the plot, with its
// label drawn clear of every other text, on a phone and a desktop.
func TestBurnChartMatchesAlertTable(t *testing.T) {
	s := elasticSummary(t)
	ctx := browsertest.New(t)
	// 99.99%: bars up to 88×, on a logarithmic axis, and every rule fired;
	// 99.9%: bars up to 8.8×, on a linear axis, below the 14.4× threshold.
	for _, tc := range []struct {
		target string
		fires  bool
		width  int64
	}{{"99.99", true, 375}, {"99.99", true, 1200}, {"99.9", false, 375}} {
		page := sloPage(t, s, tc.target)
		width := tc.width
		rows := evalPage[[]alertTableRow](t, ctx, page, width, alertRowsJS)
		marks := evalPage[[]burnMarkSeen](t, ctx, page, width, burnMarksJS)
		texts := evalPage[chartTexts](t, ctx, page, width, chartTextsJS+`("chart-burnrate")`)
		if len(rows) != len(aggregate.AlertRules) {
			t.Fatalf("width %d: %d rows in the alert table, want %d", width, len(rows), len(aggregate.AlertRules))
		}
		fired := 0
		for _, row := range rows {
			sev, windows, threshold, state := row.Cells[0], row.Cells[1], row.Cells[2], row.Cells[3]
			if state != "ok" {
				fired++
			}
			factor, err := strconv.ParseFloat(strings.TrimSuffix(threshold, "×"), 64)
			if err != nil {
				t.Fatalf("threshold cell %q: %v", threshold, err)
			}
			name := sev + " " + windows + " " + threshold
			var match []burnMarkSeen
			for _, m := range marks {
				if m.Name == name {
					match = append(match, m)
				}
			}
			if len(match) != 1 {
				t.Errorf("width %d: row %q has %d threshold lines named %q on the chart, want 1 (lines: %+v)", width, row.Cells, len(match), name, marks)
				continue
			}
			m := match[0]
			if m.Value != factor || m.Series != name || !m.InPlot {
				t.Errorf("width %d: row %q: line at %g× on series %q, in the plot %v", width, row.Cells, m.Value, m.Series, m.InPlot)
			}
			if rgb(m.Color) != row.Swatch || m.SeriesColor != m.Color {
				t.Errorf("width %d: row %q: swatch %s, threshold %s, series %s", width, row.Cells, row.Swatch, rgb(m.Color), rgb(m.SeriesColor))
			}
			box := markLabel(t, texts, name, fmt.Sprintf("width %d, burn-rate chart", width))
			t.Logf("SLO %s, width %d: %s (%s): threshold %g× in %s, label at %+v", tc.target, width, name, state, m.Value, m.Color, box)
		}
		if tc.fires && fired == 0 {
			t.Errorf("width %d: no rule fired: the test needs one that does", width)
		}
	}
}

// TestAlertWindowsOnOneLine: on a phone, each rule's windows in the alert
// table ("6h / 30m") stay on one line.
func TestAlertWindowsOnOneLine(t *testing.T) {
	page := sloPage(t, elasticSummary(t), "99.9")
	lines := evalPage[map[string]int](t, browsertest.New(t), page, 375, `(() => {
  const h = [...document.querySelectorAll("#budget h3")].find(e => e.textContent === "Burn-rate alerts");
  const out = {};
  for (const tr of h.nextElementSibling.querySelectorAll("tbody tr")) {
    const r = document.createRange();
    r.selectNodeContents(tr.cells[1]);
    out[tr.cells[1].textContent] = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
  }
  return out;
})()`)
	if len(lines) != len(aggregate.AlertRules) {
		t.Fatalf("%d rules' windows in the alert table, want %d", len(lines), len(aggregate.AlertRules))
	}
	for w, n := range lines {
		if n != 1 {
			t.Errorf("windows %q on %d lines at 375 px", w, n)
		}
	}
	t.Logf("lines of each rule's windows at 375 px: %v", lines)
}

// cellBreaksJS reports, for every cell of the named column in the tables
// of a section, the characters after which its text wraps (as
// lineBreaksJS), keyed by the cell's text.
const cellBreaksJS = `((section, column) => {
  const out = {};
  for (const table of document.querySelectorAll("#" + section + " table")) {
    const col = [...table.tHead.rows[0].cells].findIndex(th => th.textContent === column);
    if (col < 0) continue;
    for (const tr of table.tBodies[0].rows) {
      const td = tr.cells[col];
      const r = lineBreaks(td);
      out[td.textContent] = r.Breaks;
    }
  }
  return out;
})`

// TestInsightPathsBreakAtSlash: on a phone, the endpoints of the client
// error and bad-line tables and the files the bad lines were read from
// wrap only after a '/'. The report is of a real log under a deep
// directory where awk counts 217 lines with a 4xx: those tables are full.
func TestInsightPathsBreakAtSlash(t *testing.T) {
	log := realLog(t, "elastic-apache_logs.log")
	out, err := exec.Command("sh", "-c", `awk '$9 ~ /^4/' "$1" | wc -l`, "sh", log).Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "var", "log", "nginx", "production-cluster", "eu-west-1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "access-2015-05-17-frontend.log")
	if err := os.Symlink(log, path); err != nil {
		t.Fatal(err)
	}
	rule, err := aggregate.ParseBadRule("4xx,5xx", "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := aggregate.Run(context.Background(), []string{path}, aggregate.Options{Settings: aggregate.Settings{Rule: rule}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Classes()[3], strings.TrimSpace(string(out)); strconv.FormatInt(got, 10) != want {
		t.Fatalf("%d requests with a 4xx, awk counts %s", got, want)
	}
	page := renderHTML(t, s, HTMLOptions{})
	js := strings.Replace(lineBreaksJS, "((sel) => {\n  const el = document.querySelector(sel);", "((el) => {", 1)
	ctx := browsertest.New(t)
	for _, column := range []string{"Endpoint", "Where"} {
		cells := evalPage[map[string][]string](t, ctx, page, 375,
			"((lineBreaks) => "+cellBreaksJS+`("who", "`+column+`"))(`+js+")")
		if len(cells) == 0 {
			t.Fatalf("no %s column in the section of who sent the requests", column)
		}
		wrapped := 0
		for text, breaks := range cells {
			for _, b := range breaks {
				if b[0] != '/' {
					t.Errorf("%s %q breaks after %q, not after a '/'", column, text, b)
				}
			}
			if len(breaks) > 0 {
				wrapped++
			}
		}
		t.Logf("%s: %d cells, %d of them wrapped, all after a '/'", column, len(cells), wrapped)
	}
}
