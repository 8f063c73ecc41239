package dev.nsm.cli;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.event.Severity;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.report.OwnerOnlyFile;
import dev.nsm.report.SecurityReport;
import dev.nsm.source.EventsFileSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsm run}: replay recorded events through the rules and report what they found. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Replay JSON Lines events files through the rules, write alerts and the security log, and"
          + " print the report.",
      "Exit 0 if fine, 1 if an alert reached --fail-on, 2 on invalid input."
    })
final class RunCommand implements Callable<Integer> {

  /** How {@code --events -} names standard input in warnings and the report. */
  static final String STDIN_NAME = "<stdin>";

  @Option(
      names = "--events",
      required = true,
      paramLabel = "FILE",
      description =
          "Events file in JSON Lines (docs/events-format.md), '-' for stdin; repeatable, files are"
              + " replayed one after another.")
  List<String> eventsFiles;

  @Mixin RulesetOptions ruleset;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      defaultValue = "security_monitor.log",
      description = "Security log, appended to, created 0600 (default: ${DEFAULT-VALUE}).")
  Path logFile;

  @Option(
      names = "--alerts",
      paramLabel = "FILE",
      defaultValue = "alerts.jsonl",
      description = "Alerts as JSON Lines, appended to, created 0600 (default: ${DEFAULT-VALUE}).")
  Path alertsFile;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Also write the report to this file (replaced, mode 0600), in --format.")
  Path reportFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = OutputFormat.Converter.class,
      description = "Report format: text or json; with json, stdout carries the JSON alone.")
  OutputFormat format;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      converter = SeverityConverter.class,
      description =
          "Exit 1 if any alert is at or above this severity (low, medium, high, critical).")
  Severity failOn;

  @Option(
      names = "--strict",
      description = "Exit 2 if any events line was malformed (they are always warned and counted).")
  boolean strict;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NetworkSecurityMonitor monitor;
    try {
      monitor = openMonitor();
    } catch (InvalidInputException e) {
      DiagnosticPrinter.print(err, e.diagnostics());
      return ExitCode.INVALID_INPUT;
    } catch (IOException e) {
      err.println("nsm run: error: cannot open output " + IoErrors.describe(e));
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    DiagnosticPrinter.print(err, monitor.rules().warnings());

    int exit = ExitCode.OK;
    // Closing fires what is pending and flushes log and alerts; it runs whatever happens, so a
    // replay that stops early still leaves everything found so far on disk.
    try (monitor) {
      exit = Math.max(exit, replay(monitor, err));
    } catch (IOException e) {
      // Only close() throws IOException here: writing the log or alerts failed.
      err.println("nsm run: error: cannot write outputs: " + IoErrors.describe(e));
      exit = Math.max(exit, ExitCode.INVALID_INPUT);
    }

    SecurityReport report = monitor.generateReport();
    String rendered = format == OutputFormat.JSON ? report.toJson() : report.toString();
    if (!rendered.endsWith("\n")) {
      rendered += "\n";
    }
    out.print(rendered);
    out.flush();
    if (reportFile != null) {
      try {
        OwnerOnlyFile.replace(reportFile, rendered);
      } catch (IOException e) {
        err.println("nsm run: error: cannot write report " + IoErrors.describe(e));
        exit = Math.max(exit, ExitCode.INVALID_INPUT);
      }
    }
    if (strict && report.malformedTotal() > 0) {
      err.println(
          "nsm run: error: " + report.malformedTotal() + " malformed events line(s) (--strict)");
      exit = Math.max(exit, ExitCode.INVALID_INPUT);
    }
    if (failOn != null) {
      long failing = alertsAtOrAbove(report, failOn);
      if (failing > 0) {
        err.println(
            "nsm run: " + failing + " alert(s) at or above " + failOn.label() + " (--fail-on)");
        exit = Math.max(exit, ExitCode.ALERTS);
      }
    }
    err.flush();
    return exit;
  }

  private NetworkSecurityMonitor openMonitor() throws InvalidInputException, IOException {
    NetworkSecurityMonitor.Builder builder =
        NetworkSecurityMonitor.builder().rules(ruleset.rulesDir).log(logFile).alerts(alertsFile);
    ruleset.policyFiles.forEach(builder::policy);
    return builder.build();
  }

  /**
   * Replays the events files in order. A file that cannot be read stops the replay there (the files
   * after it would be replayed against a gap in event time) and makes the exit code 2.
   */
  private int replay(NetworkSecurityMonitor monitor, PrintWriter err) {
    MalformedLineWarner sink = new MalformedLineWarner(monitor, err);
    for (String events : eventsFiles) {
      try {
        source(events).readInto(sink);
      } catch (IOException e) {
        // EventsFileSource's message names the file and says what went wrong.
        err.println("nsm run: error: " + e.getMessage());
        err.flush();
        return ExitCode.INVALID_INPUT;
      } catch (InvalidPathException e) {
        err.println("nsm run: error: cannot open events file " + events + ": " + e.getReason());
        err.flush();
        return ExitCode.INVALID_INPUT;
      }
    }
    return ExitCode.OK;
  }

  private static EventsFileSource source(String events) {
    if (events.equals("-")) {
      // Not closed after reading: standard input belongs to the process.
      return EventsFileSource.of(
          STDIN_NAME, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }
    return new EventsFileSource(Path.of(events));
  }

  private static long alertsAtOrAbove(SecurityReport report, Severity threshold) {
    long count = 0;
    for (Map.Entry<Severity, Long> entry : report.alertsBySeverity().entrySet()) {
      if (entry.getKey().atLeast(threshold)) {
        count += entry.getValue();
      }
    }
    return count;
  }
}
