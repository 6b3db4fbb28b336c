package aggregate

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/slareport/slareport/parse"
)

// TestClassifyAgent: user agents as robots send them, and as browsers,
// phones and apps do, each with the name and kind it must get.
func TestClassifyAgent(t *testing.T) {
	cases := []struct {
		ua   string
		name string
		kind AgentKind
	}{
		// Google, as its crawler documentation lists the user agents.
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot", AgentCrawler},
		{"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.6533.119 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot", AgentCrawler},
		{"Googlebot-Image/1.0", "Googlebot-Image", AgentCrawler},
		{"Googlebot-Video/1.0", "Googlebot-Video", AgentCrawler},
		{"Googlebot-News", "Googlebot-News", AgentCrawler},
		{"AdsBot-Google (+http://www.google.com/adsbot.html)", "AdsBot-Google", AgentCrawler},
		{"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36 (compatible; AdsBot-Google-Mobile; +http://www.google.com/mobile/adsbot.html)", "AdsBot-Google", AgentCrawler},
		{"Mediapartners-Google", "Mediapartners-Google", AgentCrawler},
		{"Mozilla/5.0 (compatible; Google-InspectionTool/1.0;)", "Google-InspectionTool", AgentCrawler},
		{"Mozilla/5.0 (X11; Linux x86_64; Storebot-Google/1.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.88 Safari/537.36", "Storebot-Google", AgentCrawler},
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GoogleOther)", "GoogleOther", AgentCrawler},
		{"APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)", "APIs-Google", AgentCrawler},
		// Other crawlers.
		{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "bingbot", AgentCrawler},
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", "bingbot", AgentCrawler},
		{"msnbot-media/1.1 (+http://search.msn.com/msnbot.htm)", "msnbot-media", AgentCrawler},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", "Applebot", AgentCrawler},
		{"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "YandexBot", AgentCrawler},
		{"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "Baiduspider", AgentCrawler},
		{"DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", "DuckDuckBot", AgentCrawler},
		{"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "facebookexternalhit", AgentCrawler},
		{"Twitterbot/1.0", "Twitterbot", AgentCrawler},
		{"LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", "LinkedInBot", AgentCrawler},
		{"Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)", "Yahoo! Slurp", AgentCrawler},
		{"Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", "SemrushBot", AgentCrawler},
		{"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "AhrefsBot", AgentCrawler},
		{"Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)", "MJ12bot", AgentCrawler},
		{"Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", "PetalBot", AgentCrawler},
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "GPTBot", AgentCrawler},
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "ClaudeBot", AgentCrawler},
		{"CCBot/2.0 (https://commoncrawl.org/faq/)", "CCBot", AgentCrawler},
		{"Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)", "Bytespider", AgentCrawler},
		{"Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)", "archive.org_bot", AgentCrawler},
		// Monitors.
		{"Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", "UptimeRobot", AgentMonitor},
		{"Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", "Pingdom", AgentMonitor},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/98.0.4758.102 Safari/537.36 StatusCake", "StatusCake", AgentMonitor},
		{"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.113 Safari/537.36 Site24x7", "Site24x7", AgentMonitor},
		{"kube-probe/1.29", "kube-probe", AgentMonitor},
		{"ELB-HealthChecker/2.0", "ELB-HealthChecker", AgentMonitor},
		{"GoogleHC/1.0", "GoogleHC", AgentMonitor},
		{"Amazon-Route53-Health-Check-Service (ref 3a6b4c2e-1f1e-4a5b-9f9e-0e1d2c3b4a59; report http://amzn.to/1vsZADi)", "Amazon-Route53-Health-Check-Service", AgentMonitor},
		{"Blackbox Exporter/0.25.0", "Blackbox Exporter", AgentMonitor},
		{"check_http/v2.3.3 (nagios-plugins 2.3.3)", "check_http", AgentMonitor},
		// Tools.
		{"curl/8.5.0", "curl", AgentTool},
		{"Wget/1.21.4", "Wget", AgentTool},
		{"python-requests/2.31.0", "python-requests", AgentTool},
		{"Go-http-client/1.1", "Go-http-client", AgentTool},
		{"Go-http-client/2.0", "Go-http-client", AgentTool},
		{"okhttp/4.12.0", "okhttp", AgentTool},
		{"Apache-HttpClient/4.5.14 (Java/17.0.9)", "Apache-HttpClient", AgentTool},
		{"libwww-perl/6.72", "libwww-perl", AgentTool},
		{"Java/1.8.0_392", "Java", AgentTool},
		{"Python/3.11 aiohttp/3.9.1", "aiohttp", AgentTool},
		{"Ruby", "Ruby", AgentTool},
		{"PostmanRuntime/7.36.0", "PostmanRuntime", AgentTool},
		// A robot and a tool: the robot. Two robots: the first.
		{"python-requests/2.31 (compatible; SemrushBot)", "SemrushBot", AgentCrawler},
		{"Googlebot/2.1 bingbot/2.0", "Googlebot", AgentCrawler},
		// People, and words that only look like robots.
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "", AgentNone},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1", "", AgentNone},
		{"Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", "", AgentNone},
		{"Mozilla/5.0 (Linux; Android 4.2.1; en-us; Nexus 5 Build/JOP40D) AppleWebKit/535.19 (KHTML, like Gecko; googleweblight) Chrome/38.0.1025.166 Mobile Safari/535.19", "", AgentNone},
		{"Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 1 subscribers; feed-id=8003088278248648013)", "", AgentNone},
		{"Chef Client/10.18.2 (ruby-1.9.3-p327; ohai-6.16.0; x86_64-linux; +http://opscode.com)", "", AgentNone},
		{"MyGooglebotFan/1.0", "", AgentNone}, // not at a word's start
		{"curly/1.0", "", AgentNone},          // not curl/
		{"JavaScript/1.0", "", AgentNone},     // not Java/
		{"Rubyist", "", AgentNone},            // Ruby only as the whole user agent
		{"", "", AgentNone},
		{"-", "", AgentNone},
		{"\xff\x00goo", "", AgentNone},
		{"googlebo", "", AgentNone},
	}
	for _, c := range cases {
		name, kind := ClassifyAgent([]byte(c.ua))
		if name != c.name || kind != c.kind {
			t.Errorf("ClassifyAgent(%q) = %q, %v; want %q, %v", c.ua, name, kind, c.name, c.kind)
		}
		// Case does not matter.
		if n, k := ClassifyAgent([]byte(strings.ToUpper(c.ua))); n != c.name || k != c.kind {
			t.Errorf("ClassifyAgent(upper %q) = %q, %v", c.ua, n, k)
		}
	}
	if len(agents) > 255 {
		t.Fatalf("%d agents: the index holds uint8", len(agents))
	}
}

// TestAgentKinds: what --exclude-bots leaves out.
func TestAgentKinds(t *testing.T) {
	for k, want := range map[AgentKind]bool{AgentNone: false, AgentCrawler: true, AgentMonitor: true, AgentTool: false} {
		if k.IsBot() != want {
			t.Errorf("%v.IsBot() = %v", k, k.IsBot())
		}
	}
	names := map[string]bool{}
	for _, a := range agents {
		if a.token == "" || a.token != lowerASCII(a.token) || !wordByte[a.token[0]] || len(a.token) < 4 {
			t.Errorf("agent %q: token %q must be lower case and begin a word", a.name, a.token)
		}
		if names[a.token] {
			t.Errorf("token %q twice", a.token)
		}
		names[a.token] = true
	}
}

// uaCounts classifies the user agent of every line of a real log, read
// with the full parser.
func uaCounts(t *testing.T, file string) (map[string]int, map[AgentKind]int) {
	data, err := os.ReadFile(sharedData(t, file))
	if err != nil {
		t.Fatal(err)
	}
	p := parse.Combined.NewParser()
	var r parse.Record
	names, kinds := map[string]int{}, map[AgentKind]int{}
	for _, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		if err := p.Parse(line, &r); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		name, kind := ClassifyAgent(r.UserAgent)
		names[name]++
		kinds[kind]++
	}
	return names, kinds
}

// shellCount runs a shell pipeline that prints a count.
func shellCount(t *testing.T, pipeline string) int {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to count with")
	}
	out, err := exec.Command("sh", "-c", pipeline).Output()
	if err != nil {
		t.Fatalf("%s: %v", pipeline, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("%s printed %q", pipeline, out)
	}
	return n
}

// elasticBots is a pipeline that counts the lines of the real Apache log
// at path whose user agent, the third quoted field, names one of the
// crawlers seen in it when reading it by hand, at a word's start, in any
// case. It knows nothing of the table.
func elasticBots(path string) string {
	const crawlers = `googlebot|bingbot|bingpreview|msnbot|slurp|baiduspider|yandex(bot|images|direct)|mj12bot|ahrefsbot|twitterbot|` +
		`exabot|mail\.ru_bot|sogou web spider|siteexplorer|facebookexternalhit|psbot|magpie-crawler|archive\.org_bot|ia_archiver|` +
		`360spider|mojeekbot|daumoa|easouspider|beetlebot|lumibot|yisouspider|voilabot|embedly|ezooms|spinn3r|nutch`
	return `awk -F'"' '{print $6}' ` + path + ` | grep -Eic '(^|[^[:alnum:]])(` + crawlers + `)'`
}

// TestClassifyRealLogs counts the robots of two real logs and checks the
// counts against grep, which knows nothing of the table: Googlebot's lines
// by its name, and all robots by a list of the crawlers seen in each log
// when reading it by hand.
func TestClassifyRealLogs(t *testing.T) {
	const elastic = "real/elastic-apache_logs.log"
	names, kinds := uaCounts(t, elastic)
	path := sharedData(t, elastic)
	google := names["Googlebot"] + names["Googlebot-Image"] + names["Googlebot-Mobile"]
	if want := shellCount(t, "grep -c Googlebot "+path); google != want || want != 543 {
		t.Errorf("Googlebot and its variants: %d lines, grep counts %d (543 when the data was checked in)", google, want)
	}
	if want := shellCount(t, "grep -c 'Googlebot/' "+path); names["Googlebot"] != want {
		t.Errorf("Googlebot: %d lines, grep counts %d", names["Googlebot"], want)
	}
	if want := shellCount(t, elasticBots(path)); kinds[AgentCrawler]+kinds[AgentMonitor] != want {
		t.Errorf("elastic: %d crawlers and %d monitors, grep counts %d robots", kinds[AgentCrawler], kinds[AgentMonitor], want)
	}
	tools := `awk -F'"' '{print $6}' ` + path + ` | grep -Ec '^(curl/|Wget/|python-requests/|Python-urllib/|Ruby$|LWP::Simple/|HTTP_Request2/)|AppEngine-Google'`
	if want := shellCount(t, tools); kinds[AgentTool] != want {
		t.Errorf("elastic: %d tools, grep counts %d", kinds[AgentTool], want)
	}

	const shop = "real/lnav-shop_access.log"
	_, kinds = uaCounts(t, shop)
	pipeline := `awk -F'"' '{print $6}' ` + sharedData(t, shop) + ` | grep -Eic '(^|[^[:alnum:]])(googlebot|bingbot|ahrefsbot|applebot|barkrowler|dotbot)'`
	if want := shellCount(t, pipeline); kinds[AgentCrawler] != want || kinds[AgentMonitor]+kinds[AgentTool] != 0 {
		t.Errorf("shop: %d crawlers, %d monitors, %d tools; grep counts %d crawlers", kinds[AgentCrawler], kinds[AgentMonitor], kinds[AgentTool], want)
	}
}

// TestClassifyAgentAllocates: nothing, for a robot, a tool or a browser.
func TestClassifyAgentAllocates(t *testing.T) {
	uas := [][]byte{
		[]byte("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
		[]byte("curl/8.5.0"),
		[]byte("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"),
	}
	for _, ua := range uas {
		if n := testing.AllocsPerRun(100, func() { ClassifyAgent(ua) }); n != 0 {
			t.Errorf("ClassifyAgent(%q): %v allocations", ua, n)
		}
	}
}

func BenchmarkClassifyAgent(b *testing.B) {
	ua := []byte("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")
	b.ReportAllocs()
	b.SetBytes(int64(len(ua)))
	for b.Loop() {
		ClassifyAgent(ua)
	}
}

// TestREADMEListsEveryAgent: the README's table of robots names every
// entry of the table, under its kind, and nothing else is claimed.
func TestREADMEListsEveryAgent(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[AgentKind]string{}
	for _, line := range strings.Split(string(data), "\n") {
		for _, k := range []AgentKind{AgentCrawler, AgentMonitor, AgentTool} {
			if strings.HasPrefix(line, "| "+k.String()+" | ") {
				rows[k] = line
			}
		}
	}
	if len(rows) != 3 {
		t.Fatalf("the README's table of robots has rows for %d kinds, want 3", len(rows))
	}
	listed := 0
	for _, k := range []AgentKind{AgentCrawler, AgentMonitor, AgentTool} {
		row := rows[k]
		cells := strings.Split(row, " | ")
		names := cells[len(cells)-1]
		names = strings.TrimSuffix(names, " |")
		// "Google: Googlebot, Googlebot-Image. Microsoft: bingbot".
		for _, part := range strings.Split(strings.ReplaceAll(names, ". ", ", "), ", ") {
			if i := strings.Index(part, ": "); i >= 0 {
				part = part[i+2:]
			}
			found := false
			for _, a := range agents {
				if a.name == part && a.kind == k {
					found = true
				}
			}
			if !found {
				t.Errorf("the README lists %q as a %v, which the table does not", part, k)
			}
			listed++
		}
	}
	if listed != len(agents) {
		t.Errorf("the README lists %d robots, the table holds %d", listed, len(agents))
	}
	for _, a := range agents {
		if !strings.Contains(rows[a.kind], a.name) {
			t.Errorf("the README does not list %q as a %v", a.name, a.kind)
		}
	}
}
