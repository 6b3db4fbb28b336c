// Command slareport turns web server access logs into an SLA availability
// report: availability = (requests − 5xx) / requests, per period and against
// an SLO, as a terminal summary, Markdown, JSON or HTML, with an exit code a
// CI job can gate on.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/alecthomas/kong"
	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// cli is the command line. The report command is the default, so
// `slareport access.log` works without naming it.
type cli struct {
	Version kong.VersionFlag `help:"Print the version and exit."`

	Report  reportCmd  `cmd:"" default:"withargs" help:"Read access logs and write an availability report (the default command)."`
	Codes   codesCmd   `cmd:"" help:"Look up HTTP status codes: all of them, one in full (codes 499), or a search (codes search gateway timeout)."`
	Formats formatsCmd `cmd:"" help:"List the built-in log formats with an example line of each."`
	Merge   mergeCmd   `cmd:"" help:"Report on summaries saved with --save or --state, as if their logs had been read in one pass."`
	Check   checkCmd   `cmd:"" help:"Validate OpenSLO v1 files (SLOs as code) and print the SLOs as understood: selector in words, window, target, alert rules."`
}

const description = `Turn web server access logs into an SLA availability report.

Availability = (requests − bad) / requests, bad being 5xx unless --bad and
--good say otherwise, judged against an SLO with its error budget and burn
rate. slareport reads nginx and Apache logs (combined, common, vhost, any
nginx log_format or Apache LogFormat), W3C extended (IIS), Amazon CloudFront,
AWS Classic and Application Load Balancers (ELB, ALB), Amazon S3, Google Cloud
Storage, Caddy, Traefik, Squid and JSON lines, and detects which from the first
lines ('slareport formats' lists them). Logs may be plain or compressed with
gzip, zstd or bzip2 (told from the bytes), in files, globs, standard input,
or S3, GCS and Azure objects.

Examples:
  slareport access.log.gz
    a coloured summary on a terminal; Markdown when piped or redirected
  slareport --slo 99.9 /var/log/nginx/access.log*
    exit 1 when availability is below 99.9% (0.999, a ratio, is refused)
  slareport --slo 99.9 -o report.html access.log.gz
    one HTML page with charts, to filter by time range, host, endpoint and
    status class: -o picks the format from the file's extension (.html,
    .json, .md); -f markdown, json or html for any other name
  slareport --period yesterday --tz UTC -o report.json 'logs/*.zst'
    yesterday (in UTC) as JSON, written atomically; slareport expands the glob
  slareport --slo-file slos.yaml -o sla.html /var/log/nginx/access.log*
    judge every SLO of an OpenSLO file (per route, host, latency; each in its
    own window) in the same pass: a table worst first, exit 1 when one fails
  slareport --slo 99.9 's3://alb-logs/2026/11/**/*.log.gz'
    objects straight from S3, credentials and endpoint from the environment
    (AWS_PROFILE, AWS_ENDPOINT_URL, ...); gs:// and azblob:// need a build
    with -tags slareport_gcs,slareport_azure
  slareport --follow --slo 99.9 /var/log/nginx/access.log
    keep reading as the log grows: a live board on a terminal, one JSON
    report per line (NDJSON) when piped, until Ctrl-C or SIGTERM
  slareport --follow -o sla.html --alert-exec 'notify.sh' 'logs/*.log'
    an HTML page rewritten every 10s that reloads itself, keeping its
    time, host, endpoint and class filters; notify.sh gets
    each burn-rate alert that starts or stops as JSON on its stdin
  zcat old.log.gz | slareport -
    read standard input
  slareport --apache-format '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"' app.log
    a custom Apache LogFormat; --log-format takes an nginx log_format

With no file, standard input is read when it is a pipe, a socket or a
redirected file. A terminal or /dev/null, which cron, systemd and CI jobs get,
is not: that is no input (exit 2), so an empty file list fails the job instead
of passing its gate. "-" reads standard input whatever it is.

Exit codes:
  0    report written; every gate passed, or none was given
  1    report written; a gate failed (--slo, --latency-slo, --max-burn-rate,
       no data to judge, --fail-on-insufficient), each named on stderr
  2    usage error: a bad flag or value, conflicting flags, no input, or an
       output that is an input
  3    input error: a missing, unreadable, corrupt or unparseable input
  4    output error: the report, a summary, an export or the state could not
       be written; then none is
  130  interrupted by SIGINT (143: by SIGTERM); nothing is written
A reader that stops early (slareport big.log | head) is no error: the rest
of the report is dropped and the exit code is the verdict's, never 141.`

// env is what commands may touch of the outside world; tests replace it.
type env struct {
	ctx   context.Context
	stdin io.Reader
	// stdinMode is the file mode of standard input (os.File.Stat), which
	// decides whether a run given no file reads it: see readsStdin. The
	// zero value is a regular file, so tests' readers are read.
	stdinMode os.FileMode
	stdout    io.Writer
	// stdoutIsTTY allows colour and terminal layouts; tests leave it false.
	stdoutIsTTY bool
	stderr      io.Writer
	// stderrIsTTY allows the progress bar.
	stderrIsTTY bool
	// now and getenv are the clock and the environment; nil means the real
	// ones, so tests can fix "yesterday" and GITHUB_ACTIONS.
	now    func() time.Time
	getenv func(string) string
}

func (e *env) clock() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

func (e *env) lookup(key string) string {
	if e.getenv != nil {
		return e.getenv(key)
	}
	return os.Getenv(key)
}

func main() {
	ctx, stop := withSignals(context.Background())
	defer stop()
	// A closed pipe is a write error (EPIPE) instead of a death by SIGPIPE
	// (exit 141), so that closedPipe can end the output quietly.
	signal.Ignore(syscall.SIGPIPE)
	code := run(os.Args[1:], &env{
		ctx: ctx, stdin: os.Stdin, stdinMode: fileMode(os.Stdin),
		stdout: &closedPipe{w: os.Stdout}, stdoutIsTTY: isTerminal(os.Stdout),
		stderr: os.Stderr, stderrIsTTY: isTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

// withSignals returns a context cancelled by the first SIGINT or SIGTERM,
// with the signal as its cause (the exit code is 128 + its number). A
// second signal is not caught, so it ends a run that does not stop.
func withSignals(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			cancel(interrupted{s.(syscall.Signal)})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// closedPipe writes to w until its reader has gone (EPIPE), and then drops
// what follows: `slareport big.log | head -1` is a reader that has read
// enough, as it is for cat, not a failed run. The exit code stays the
// run's, so a missed SLO still fails the job.
type closedPipe struct {
	w    io.Writer
	gone bool
}

func (p *closedPipe) Write(b []byte) (int, error) {
	if p.gone {
		return len(b), nil
	}
	n, err := p.w.Write(b)
	if errors.Is(err, syscall.EPIPE) {
		p.gone = true
		return len(b), nil
	}
	return n, err
}

// fileMode returns the type bits of f's mode, or os.ModeIrregular when f
// cannot be examined (a closed descriptor).
func fileMode(f *os.File) os.FileMode {
	fi, err := f.Stat()
	if err != nil {
		return os.ModeIrregular
	}
	return fi.Mode().Type()
}

// readsStdin reports whether a run given no file reads standard input of
// this mode: a pipe, a socket or a redirected regular file carry a log
// someone sent. A terminal, /dev/null or another device does not: cron,
// systemd and CI give /dev/null as standard input, so a file list or glob
// that came out empty would otherwise report on nothing and pass its
// gates. '-' reads standard input whatever it is.
func readsStdin(mode os.FileMode) bool {
	return mode&(os.ModeNamedPipe|os.ModeSocket) != 0 || mode.IsRegular()
}

// isTerminal reports whether f is a terminal. Being a character device is
// not enough: /dev/null is one, and cron jobs send stderr there. The check
// goes through SyscallConn because Fd would switch f to blocking mode.
func isTerminal(f *os.File) bool {
	sc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	tty := false
	if err := sc.Control(func(fd uintptr) { tty = term.IsTerminal(int(fd)) }); err != nil {
		return false
	}
	return tty
}

// exitRequest unwinds run when kong wants to exit (after --help or
// --version) without ending a test process.
type exitRequest struct{ code int }

// helpWithDefault prints kong's help and, at the top level, the default
// command's arguments and flags too: `slareport --help` should show what
// `slareport FILE` accepts.
func helpWithDefault(opts kong.HelpOptions, ctx *kong.Context) error {
	if err := kong.DefaultHelpPrinter(opts, ctx); err != nil {
		return err
	}
	def := ctx.Model.DefaultCmd
	if ctx.Selected() != nil || def == nil {
		return nil
	}
	fmt.Fprintf(ctx.Stdout, "\nThe default command, %s:\n\n", def.Name)
	sub := *ctx
	sub.Path = append(append([]*kong.Path{}, ctx.Path...), &kong.Path{Command: def})
	return kong.DefaultHelpPrinter(opts, &sub)
}

// newParser returns the command line parser filling c. Its exit (after
// --help or --version) unwinds run with an exitRequest.
func newParser(c *cli, e *env) *kong.Kong {
	parser, err := kong.New(c,
		kong.Name("slareport"),
		kong.Description(description),
		kong.Writers(e.stdout, e.stderr),
		kong.Exit(func(code int) { panic(exitRequest{code}) }),
		kong.Vars{
			"version": "slareport " + version,
			"workers": strconv.Itoa(runtime.GOMAXPROCS(0)),
			"github":  strconv.FormatBool(e.lookup("GITHUB_ACTIONS") == "true"),
		},
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.ExplicitGroups([]kong.Group{filterGroup}),
		kong.Help(helpWithDefault),
	)
	if err != nil {
		panic(err) // the cli struct is wrong: a bug, not a user error
	}
	return parser
}

// run parses args, runs the command and returns the process exit code.
func run(args []string, e *env) (code int) {
	defer func() {
		if r := recover(); r != nil {
			req, ok := r.(exitRequest)
			if !ok {
				panic(r)
			}
			code = req.code
		}
	}()
	var c cli
	kctx, err := newParser(&c, e).Parse(args)
	if err != nil {
		fmt.Fprintf(e.stderr, "slareport: %v\n", err)
		fmt.Fprintln(e.stderr, "Run 'slareport --help' for usage.")
		return exitUsage
	}
	err = kctx.Run(e)
	if err != nil && !errors.Is(err, errGateFailed) {
		fmt.Fprintf(e.stderr, "slareport: %v\n", err)
	}
	return exitCode(err)
}
