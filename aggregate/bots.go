package aggregate

// The user agents of robots: search and AI crawlers, link previewers,
// uptime and health probes, and HTTP tools and libraries. ClassifyAgent
// names the robot a user agent belongs to, for --exclude-bots and for
// reports of which robots came.
//
// A user agent is classified by the product tokens it holds, not by a
// guess at its shape: a token of the table below matches when it begins a
// word of the user agent (at its start, or after a byte that is not a
// letter or a digit), in any case. "Mozilla/5.0 (compatible;
// Googlebot/2.1; +http://www.google.com/bot.html)" is Googlebot; "CUBOT
// X19", a phone, is nothing. A robot not in the table is not classified,
// however it names itself: the table is a list a reviewer can check line
// by line, and a looser rule ("any word ending in bot") would take phones
// and apps for robots. Feed readers (FeedBurner, Feedly, Tiny Tiny RSS,
// Google's Feedfetcher) fetch for their subscribers and are not in it.

// AgentKind is what kind of robot a user agent belongs to.
type AgentKind uint8

// The kinds of user agents ClassifyAgent tells apart.
const (
	// AgentNone is a user agent of no known robot: a browser, an app, or
	// a robot the table does not list.
	AgentNone AgentKind = iota
	// AgentCrawler is a search engine, SEO, archive or AI crawler, or a
	// link previewer that fetches pages to show them elsewhere.
	AgentCrawler
	// AgentMonitor is an uptime check or a load balancer's or
	// orchestrator's health probe.
	AgentMonitor
	// AgentTool is a command-line tool or HTTP library: a person's curl,
	// a service calling another, a script. Its requests may well be real
	// traffic, so --exclude-bots keeps them.
	AgentTool
)

// String names the kind: "crawler", "monitor", "tool", or "" for none.
func (k AgentKind) String() string {
	switch k {
	case AgentCrawler:
		return "crawler"
	case AgentMonitor:
		return "monitor"
	case AgentTool:
		return "tool"
	}
	return ""
}

// IsBot reports whether --exclude-bots leaves requests of this kind out:
// crawlers and monitors, whose requests are not a user's, but not tools.
func (k AgentKind) IsBot() bool { return k == AgentCrawler || k == AgentMonitor }

// agent is one robot of the table. Its token is its name in lower case
// unless given, at least 4 bytes long: a token that ends in '/' must be
// followed by a version ("curl/8.5"), so that a word that merely begins
// alike is not taken; a whole token must be the entire user agent. head is
// the token's first 4 bytes as a little-endian word.
type agent struct {
	name  string
	kind  AgentKind
	token string
	whole bool
	head  uint32
}

// agents is the table, by kind and then by operator. Where one token
// begins another (Googlebot, Googlebot-Image), the longer one is tried
// first, whatever the order here.
var agents = []agent{
	// Google's crawlers (developers.google.com/search/docs/crawling-indexing/google-common-crawlers
	// and google-special-case-crawlers).
	{name: "Googlebot", kind: AgentCrawler},
	{name: "Googlebot-Image", kind: AgentCrawler},
	{name: "Googlebot-News", kind: AgentCrawler},
	{name: "Googlebot-Video", kind: AgentCrawler},
	{name: "Googlebot-Mobile", kind: AgentCrawler},
	{name: "Storebot-Google", kind: AgentCrawler},
	{name: "Google-InspectionTool", kind: AgentCrawler},
	{name: "GoogleOther", kind: AgentCrawler},
	{name: "Google-CloudVertexBot", kind: AgentCrawler},
	{name: "APIs-Google", kind: AgentCrawler},
	{name: "AdsBot-Google", kind: AgentCrawler},
	{name: "Mediapartners-Google", kind: AgentCrawler},
	{name: "Google-Safety", kind: AgentCrawler},
	// Microsoft (bing.com/webmasters/help/which-crawlers-does-bing-use-8c184ec0).
	{name: "bingbot", kind: AgentCrawler},
	{name: "BingPreview", kind: AgentCrawler},
	{name: "adidxbot", kind: AgentCrawler},
	{name: "msnbot", kind: AgentCrawler},
	{name: "msnbot-media", kind: AgentCrawler},
	// Other search engines.
	{name: "Applebot", kind: AgentCrawler},
	{name: "YandexBot", kind: AgentCrawler},
	{name: "YandexImages", kind: AgentCrawler},
	{name: "YandexMobileBot", kind: AgentCrawler},
	{name: "YandexDirect", kind: AgentCrawler},
	{name: "Baiduspider", kind: AgentCrawler},
	{name: "DuckDuckBot", kind: AgentCrawler},
	{name: "DuckAssistBot", kind: AgentCrawler},
	{name: "Yahoo! Slurp", kind: AgentCrawler, token: "slurp"},
	{name: "SeznamBot", kind: AgentCrawler},
	{name: "Sogou web spider", kind: AgentCrawler},
	{name: "360Spider", kind: AgentCrawler},
	{name: "YisouSpider", kind: AgentCrawler},
	{name: "EasouSpider", kind: AgentCrawler},
	{name: "Exabot", kind: AgentCrawler},
	{name: "MojeekBot", kind: AgentCrawler},
	{name: "Qwantify", kind: AgentCrawler},
	{name: "Yeti", kind: AgentCrawler, token: "yeti/"},
	{name: "Daumoa", kind: AgentCrawler},
	{name: "coccocbot", kind: AgentCrawler},
	{name: "Mail.RU_Bot", kind: AgentCrawler},
	{name: "VoilaBot", kind: AgentCrawler},
	{name: "psbot", kind: AgentCrawler},
	// Social networks' and chat apps' link previews.
	{name: "facebookexternalhit", kind: AgentCrawler},
	{name: "meta-externalagent", kind: AgentCrawler},
	{name: "Facebot", kind: AgentCrawler},
	{name: "Twitterbot", kind: AgentCrawler},
	{name: "LinkedInBot", kind: AgentCrawler},
	{name: "Pinterestbot", kind: AgentCrawler},
	{name: "Slackbot", kind: AgentCrawler},
	{name: "Discordbot", kind: AgentCrawler},
	{name: "TelegramBot", kind: AgentCrawler},
	{name: "Embedly", kind: AgentCrawler},
	// SEO and marketing crawlers.
	{name: "SemrushBot", kind: AgentCrawler},
	{name: "AhrefsBot", kind: AgentCrawler},
	{name: "AhrefsSiteAudit", kind: AgentCrawler},
	{name: "MJ12bot", kind: AgentCrawler},
	{name: "DotBot", kind: AgentCrawler},
	{name: "rogerbot", kind: AgentCrawler},
	{name: "Ezooms", kind: AgentCrawler},
	{name: "BLEXBot", kind: AgentCrawler},
	{name: "DataForSeoBot", kind: AgentCrawler},
	{name: "serpstatbot", kind: AgentCrawler},
	{name: "Barkrowler", kind: AgentCrawler},
	{name: "SiteExplorer", kind: AgentCrawler},
	{name: "magpie-crawler", kind: AgentCrawler},
	{name: "Spinn3r", kind: AgentCrawler},
	{name: "BeetleBot", kind: AgentCrawler},
	{name: "LumiBot", kind: AgentCrawler},
	{name: "PetalBot", kind: AgentCrawler},
	{name: "Amazonbot", kind: AgentCrawler},
	{name: "Diffbot", kind: AgentCrawler},
	// Archives and datasets.
	{name: "archive.org_bot", kind: AgentCrawler},
	{name: "ia_archiver", kind: AgentCrawler},
	{name: "CCBot", kind: AgentCrawler},
	// AI crawlers and assistants' fetchers.
	{name: "GPTBot", kind: AgentCrawler},
	{name: "ChatGPT-User", kind: AgentCrawler},
	{name: "OAI-SearchBot", kind: AgentCrawler},
	{name: "ClaudeBot", kind: AgentCrawler},
	{name: "Claude-User", kind: AgentCrawler},
	{name: "Claude-SearchBot", kind: AgentCrawler},
	{name: "Claude-Web", kind: AgentCrawler},
	{name: "anthropic-ai", kind: AgentCrawler},
	{name: "PerplexityBot", kind: AgentCrawler},
	{name: "Perplexity-User", kind: AgentCrawler},
	{name: "Bytespider", kind: AgentCrawler},
	{name: "cohere-ai", kind: AgentCrawler},
	{name: "Timpibot", kind: AgentCrawler},
	{name: "ImagesiftBot", kind: AgentCrawler},
	// Crawler frameworks, which name themselves when not told otherwise.
	{name: "Scrapy", kind: AgentCrawler, token: "scrapy/"},
	{name: "Nutch", kind: AgentCrawler},
	{name: "heritrix", kind: AgentCrawler},

	// Uptime services.
	{name: "UptimeRobot", kind: AgentMonitor},
	{name: "Pingdom", kind: AgentMonitor},
	{name: "StatusCake", kind: AgentMonitor},
	{name: "Site24x7", kind: AgentMonitor},
	{name: "Better Uptime Bot", kind: AgentMonitor},
	{name: "Uptimebot", kind: AgentMonitor},
	{name: "Uptime-Kuma", kind: AgentMonitor},
	{name: "Freshping", kind: AgentMonitor},
	{name: "HetrixTools", kind: AgentMonitor},
	{name: "Checkly", kind: AgentMonitor, token: "checkly/"},
	{name: "NewRelicPinger", kind: AgentMonitor},
	{name: "Datadog/Synthetics", kind: AgentMonitor},
	{name: "GoogleStackdriverMonitoring-UptimeChecks", kind: AgentMonitor},
	{name: "Amazon-Route53-Health-Check-Service", kind: AgentMonitor},
	// Load balancers', orchestrators' and monitoring systems' probes.
	{name: "ELB-HealthChecker", kind: AgentMonitor},
	{name: "GoogleHC", kind: AgentMonitor},
	{name: "kube-probe", kind: AgentMonitor},
	{name: "Envoy/HC", kind: AgentMonitor},
	{name: "Consul Health Check", kind: AgentMonitor},
	{name: "Blackbox Exporter", kind: AgentMonitor},
	{name: "Prometheus", kind: AgentMonitor, token: "prometheus/"},
	{name: "check_http", kind: AgentMonitor},
	{name: "Zabbix", kind: AgentMonitor},

	// Command-line tools.
	{name: "curl", kind: AgentTool, token: "curl/"},
	{name: "Wget", kind: AgentTool, token: "wget/"},
	{name: "Wget2", kind: AgentTool, token: "wget2/"},
	{name: "HTTPie", kind: AgentTool, token: "httpie/"},
	{name: "PostmanRuntime", kind: AgentTool},
	{name: "insomnia", kind: AgentTool, token: "insomnia/"},
	{name: "HeadlessChrome", kind: AgentTool},
	// HTTP libraries.
	{name: "python-requests", kind: AgentTool},
	{name: "Python-urllib", kind: AgentTool},
	{name: "python-httpx", kind: AgentTool},
	{name: "aiohttp", kind: AgentTool},
	{name: "Go-http-client", kind: AgentTool},
	{name: "okhttp", kind: AgentTool},
	{name: "Apache-HttpClient", kind: AgentTool},
	{name: "Apache-HttpAsyncClient", kind: AgentTool},
	{name: "Jakarta Commons-HttpClient", kind: AgentTool},
	{name: "Java", kind: AgentTool, token: "java/"},
	{name: "libwww-perl", kind: AgentTool},
	{name: "LWP::Simple", kind: AgentTool},
	{name: "WWW-Mechanize", kind: AgentTool},
	{name: "Ruby", kind: AgentTool, whole: true},
	{name: "Faraday", kind: AgentTool, token: "faraday v"},
	{name: "GuzzleHttp", kind: AgentTool},
	{name: "HTTP_Request2", kind: AgentTool},
	{name: "axios", kind: AgentTool, token: "axios/"},
	{name: "node-fetch", kind: AgentTool},
	{name: "undici", kind: AgentTool},
	{name: "Deno", kind: AgentTool, token: "deno/"},
	{name: "reqwest", kind: AgentTool, token: "reqwest/"},
	{name: "Dart", kind: AgentTool, token: "dart/"},
	{name: "RestSharp", kind: AgentTool},
	{name: "AppEngine-Google", kind: AgentTool},
}

// agentBuckets holds the table's tokens by a hash of their first two
// bytes, each with its first four bytes (head) beside its index, longest
// token first. At a word's start, ClassifyAgent compares the word's head
// with a bucket's few heads; most words of a browser's user agent find an
// empty bucket.
var agentBuckets = indexAgents(agents)

// agentEntry is a token in its bucket.
type agentEntry struct {
	head uint32
	idx  uint8
}

const agentBucketBits = 9

func agentBucket(head uint32) uint32 {
	return (head & 0xffff) * 0x9e3779b1 >> (32 - agentBucketBits)
}

func indexAgents(table []agent) *[1 << agentBucketBits][]agentEntry {
	var idx [1 << agentBucketBits][]agentEntry
	for i := range table {
		a := &table[i]
		if a.token == "" {
			a.token = lowerASCII(a.name)
		}
		if len(a.token) < 4 || !wordByte[a.token[0]] || a.token != lowerASCII(a.token) {
			panic("agent token " + a.token + ": want 4 bytes or more, in lower case, beginning a word")
		}
		h := head4(a.token[0], a.token[1], a.token[2], a.token[3])
		b := agentBucket(h)
		idx[b] = append(idx[b], agentEntry{head: h, idx: uint8(i)})
	}
	for b := range idx {
		l := idx[b]
		// Longest first, so that Googlebot-Image wins over Googlebot;
		// a stable sort keeps the table's order among equals.
		for i := 1; i < len(l); i++ {
			for j := i; j > 0 && len(table[l[j].idx].token) > len(table[l[j-1].idx].token); j-- {
				l[j], l[j-1] = l[j-1], l[j]
			}
		}
	}
	return &idx
}

func head4(a, b, c, d byte) uint32 {
	return uint32(a) | uint32(b)<<8 | uint32(c)<<16 | uint32(d)<<24
}

// ClassifyAgent returns the robot a user agent belongs to, by the name it
// gives itself (Googlebot, bingbot, UptimeRobot, curl), and its kind; ""
// and AgentNone for a browser, an app or a robot the table does not know.
// A user agent that names a crawler or monitor and a tool too ("Mozilla/5.0
// (compatible; SemrushBot) python-requests/2.31") is the crawler or
// monitor; among several of those, the first in the user agent wins. It
// allocates nothing, and looks up only the first bytes of each word.
func ClassifyAgent(ua []byte) (string, AgentKind) {
	if i := agentIndex(ua); i >= 0 {
		return agents[i].name, agents[i].kind
	}
	return "", AgentNone
}

// agentIndex is ClassifyAgent's answer as an index into agents, -1 for
// none: what the bots table counts by.
func agentIndex(ua []byte) int {
	if len(ua) < 4 {
		return -1 // every token is 4 bytes or more
	}
	tool := -1
	inWord := false
	for i, c := range ua[:len(ua)-3] {
		was := inWord
		if inWord = wordByte[c]; was || !inWord {
			continue // not the start of a word
		}
		h := head4(lowerOf[c], lowerOf[ua[i+1]], lowerOf[ua[i+2]], lowerOf[ua[i+3]])
		for _, e := range agentBuckets[agentBucket(h)] {
			if e.head != h {
				continue
			}
			a := &agents[e.idx]
			if !hasPrefixFold(ua[i+4:], a.token[4:]) || a.whole && (i != 0 || len(ua) != len(a.token)) {
				continue
			}
			if a.kind != AgentTool {
				return int(e.idx)
			}
			if tool < 0 {
				tool = int(e.idx)
			}
			break
		}
	}
	return tool
}

// lowerOf maps ASCII letters to lower case and other bytes to themselves;
// wordByte holds the letters and digits, the bytes of a word.
var lowerOf, wordByte = byteTables()

func byteTables() (lower [256]byte, word [256]bool) {
	for c := range 256 {
		b := byte(c)
		lower[c] = b
		if b >= 'A' && b <= 'Z' {
			lower[c] = b + 'a' - 'A'
		}
		word[c] = b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
	}
	return lower, word
}

// hasPrefixFold reports whether b begins with lower, a lower-case ASCII
// token, in any case.
func hasPrefixFold(b []byte, lower string) bool {
	if len(b) < len(lower) {
		return false
	}
	for i := 0; i < len(lower); i++ {
		if lowerOf[b[i]] != lower[i] {
			return false
		}
	}
	return true
}

// lowerASCII returns s with its ASCII letters in lower case.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerOf[c]
	}
	return string(b)
}
