package reference

import (
	"slices"
	"strconv"
	"strings"
)

// Comparison sets side by side codes that people confuse, one row per
// aspect and one cell per code. The codes command and the reference page
// show it when a query names two or more of its codes ("401 vs 403").
type Comparison struct {
	Codes []int
	Rows  []ComparisonRow
}

// ComparisonRow is one aspect of a comparison and what each code says
// about it, in the order of Comparison.Codes.
type ComparisonRow struct {
	Aspect string
	Cells  []string
}

// Title names the codes compared: "401 vs 403", "301 vs 302 vs 307 vs 308".
func (c Comparison) Title() string {
	var s []string
	for _, code := range c.Codes {
		s = append(s, strconv.Itoa(code))
	}
	return strings.Join(s, " vs ")
}

// comparisons are the well-known confusions, each checked against the
// sections of RFC 9110 that define its codes (§15.4 redirects, §15.5
// client errors, §15.6 server errors); nginx's error log messages are
// quoted as nginx writes them.
var comparisons = [...]Comparison{
	{Codes: []int{401, 403}, Rows: []ComparisonRow{
		{"Means", []string{"not authenticated: no valid credentials", "refused, whoever you are"}},
		{"Header", []string{"WWW-Authenticate with a challenge (required)", "none required"}},
		{"Retry", []string{"after logging in or refreshing the token", "not with the same credentials"}},
		{"Causes", []string{"missing or expired token, wrong password", "permissions, deny rules, a WAF, no index file"}},
		{"Hiding", []string{"not used to hide a resource", "a server may send 404 instead, to hide the resource"}},
	}},
	{Codes: []int{301, 302, 307, 308}, Rows: []ComparisonRow{
		{"Permanent", []string{"yes", "no", "no", "yes"}},
		{"Method", []string{"POST may become GET", "POST may become GET", "kept", "kept"}},
		{"Cached", []string{"by default", "only if headers say so", "only if headers say so", "by default"}},
		{"Use for", []string{"moved pages, http to https", "temporary moves, logins", "temporary moves of POST or PUT", "permanent moves of APIs"}},
	}},
	{Codes: []int{500, 503}, Rows: []ComparisonRow{
		{"Means", []string{"an unexpected failure: a bug, a crash", "temporarily unable: overload or maintenance"}},
		{"Passes", []string{"no telling", "expected to; Retry-After may say when"}},
		{"Client", []string{"retry idempotent requests with backoff", "retry after Retry-After"}},
		{"Operator", []string{"application error log, recent deploys", "capacity, healthy targets, rate limits"}},
	}},
	{Codes: []int{502, 504}, Rows: []ComparisonRow{
		{"Gateway got", []string{"an invalid response, or a refused or reset connection", "no response in time"}},
		{"nginx logs", []string{"connect() failed (111: Connection refused); upstream prematurely closed connection", "upstream timed out (110: Connection timed out)"}},
		{"Fails", []string{"usually at once", "after the proxy's timeout (nginx: 60 s)"}},
		{"Fix", []string{"the upstream crashing or restarting, keep-alive timeouts", "the slow upstream, or a timeout shorter than the work"}},
	}},
	{Codes: []int{503, 504}, Rows: []ComparisonRow{
		{"Who failed", []string{"this server, which cannot serve now", "the upstream, which did not answer in time"}},
		{"Fails", []string{"at once, by refusal", "after a timeout"}},
		{"Retry-After", []string{"may be sent", "not defined"}},
		{"Causes", []string{"maintenance, no healthy targets, nginx limit_req", "a slow query or API behind the proxy"}},
	}},
	{Codes: []int{400, 422}, Rows: []ComparisonRow{
		{"Problem", []string{"syntax or framing: the request cannot be parsed", "parsed, but the content is invalid"}},
		{"Example", []string{"malformed JSON, a broken header line", "valid JSON with a required field missing"}},
		{"Client", []string{"fix the request's form", "fix the data as the error body says"}},
	}},
	{Codes: []int{404, 410}, Rows: []ComparisonRow{
		{"Permanence", []string{"unknown: it may come back", "gone for good, deliberately"}},
		{"Cached", []string{"by default", "by default"}},
		{"Use when", []string{"there is no such resource, or to hide one", "the content was removed on purpose"}},
		{"Links", []string{"check the URI", "remove links to it"}},
	}},
}

// Comparisons returns the comparisons of which at least two codes are
// among codes, in the order they are listed, or nil. Callers pass the
// codes a query names (CodesIn) or the codes asked for.
func Comparisons(codes []int) []Comparison {
	var out []Comparison
	for _, c := range comparisons {
		n := 0
		for _, code := range c.Codes {
			if slices.Contains(codes, code) {
				n++
			}
		}
		if n >= 2 {
			out = append(out, c)
		}
	}
	return out
}

// AllComparisons returns every comparison, for a page that shows each when
// its codes are searched for.
func AllComparisons() []Comparison {
	return append([]Comparison(nil), comparisons[:]...)
}
