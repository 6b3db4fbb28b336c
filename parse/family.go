package parse

// The families `slareport formats` groups the presets by (Format.Family),
// in the order it lists them. A preset of another kind may name its own.
const (
	WebServers = "Web servers"
	Proxies    = "Proxies"
	Cloud      = "Load balancers, CDNs and cloud storage"
	JSONLogs   = "JSON lines"
)

// Families returns the families in the order `slareport formats` shows
// them; presets in a family not listed here follow, in preset order.
func Families() []string {
	return []string{WebServers, Proxies, Cloud, JSONLogs}
}

// inFamily sets the family of a preset built by a constructor.
func (f *Format) inFamily(family string) *Format {
	f.Family = family
	return f
}
