// Command centinela finds and documents money laundering: it ingests bank
// data, screens parties, detects laundering typologies, explains every
// alert and writes reports. Run "centinela --help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/alecthomas/kong"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// CLI is the command line: one field per subcommand.
type CLI struct {
	Globals

	Demo     DemoCmd     `cmd:"" help:"Run the whole path on a generated bank: generate, ingest, detect (rules, graph, scorer, screening), cases, SAR and goAML XML, report."`
	Generate GenerateCmd `cmd:"" help:"Write a synthetic bank with planted, labelled laundering in the native format."`
	Screen   ScreenCmd   `cmd:"" help:"Screen names against sanctions and watch lists (OFAC SDN with FTO tags, UN, custom); every hit explained."`
	Ingest   IngestCmd   `cmd:"" help:"Load transaction, party and account files into a database; every row is accounted for."`
	Detect   DetectCmd   `cmd:"" help:"Run the detectors over a database's transactions and store the alerts."`
	Rules    RulesCmd    `cmd:"" help:"List and test typology rule libraries (YAML rule files)."`
	Backtest BacktestCmd `cmd:"" help:"Replay history through rule libraries without side effects: alerts, volume, precision and recall per rule; compare two versions."`
	Alerts   AlertsCmd   `cmd:"" help:"List the alerts in a database."`
	Report   ReportCmd   `cmd:"" help:"Write an HTML or Markdown report of a database's alerts with their evidence."`
	Cases    CasesCmd    `cmd:"" help:"Triage alerts into cases and work them: review, notes, RFIs, escalation, decision; SAR deadlines."`
	SAR      SARCmd      `cmd:"" name:"sar" help:"Write a case as a FinCEN SAR batch XML file (and a goAML report)."`
	Audit    AuditCmd    `cmd:"" help:"Show, checkpoint and verify the tamper-evident audit log."`
	Serve    ServeCmd    `cmd:"" help:"Serve the HTTP API (screening, alerts, cases, SARs, audit log) behind API keys with roles; make keys."`
	Bench    BenchCmd    `cmd:"" help:"Measure speed; prints JSON."`
	Eval     EvalCmd     `cmd:"" help:"Measure detection quality on labelled data (docs/evaluation.md): F1 on a temporal split, pattern recall."`
	Train    TrainCmd    `cmd:"" help:"Train the learned scorer on labelled transactions (a bank's confirmed cases)."`
	Score    ScoreCmd    `cmd:"" help:"Score transactions with a trained scorer; alerts explain each high score in words."`
	Version  VersionCmd  `cmd:"" help:"Print the version."`
}

// Globals are the flags every command takes, and what commands share.
type Globals struct {
	LogLevel string `help:"Log level: debug, info, warn, error." default:"warn" enum:"debug,info,warn,error"`
	Quiet    bool   `help:"No progress bars, even on a terminal." short:"q"`

	ctx    context.Context `kong:"-"`
	stdout io.Writer       `kong:"-"`
	stderr io.Writer       `kong:"-"`
	log    *slog.Logger    `kong:"-"`
}

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the version.
func (VersionCmd) Run(g *Globals) error {
	_, err := fmt.Fprintln(g.stdout, "centinela", version)
	return err
}

// exitError carries a process exit status with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError makes err exit with status 2: bad arguments, missing files,
// unknown formats, headers that do not match — found before anything is
// written.
func usageError(err error) error { return &exitError{code: 2, err: err} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var cli CLI
	// kong calls Exit after printing --help (and on some errors); record
	// the status and stop there, instead of going on to run the command.
	exitCode := -1
	parser, err := kong.New(&cli,
		kong.Name("centinela"),
		kong.Description("Centinela finds and documents money laundering: ingest bank data, screen parties, detect typologies, explain alerts, work cases, file SARs."),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) {
			if exitCode < 0 {
				exitCode = code
			}
		}),
	)
	if err != nil {
		fmt.Fprintln(stderr, "centinela:", err)
		return 2
	}
	kctx, err := parser.Parse(args)
	if exitCode >= 0 {
		return exitCode
	}
	if err != nil {
		if len(args) == 0 {
			return 0 // the usage was printed
		}
		fmt.Fprintln(stderr, "centinela:", err)
		return 2
	}
	cli.Globals.ctx = ctx
	cli.Globals.stdout = stdout
	cli.Globals.stderr = stderr
	cli.Globals.log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel(cli.LogLevel)}))
	if err := kctx.Run(&cli.Globals); err != nil {
		code := 1
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		fmt.Fprintln(stderr, "centinela:", err)
		return code
	}
	return 0
}

func logLevel(s string) slog.Level {
	switch s {
	case "debug":
		return slog.LevelDebug
	case "info":
		return slog.LevelInfo
	case "error":
		return slog.LevelError
	}
	return slog.LevelWarn
}
