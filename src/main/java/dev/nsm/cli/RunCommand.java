package dev.nsm.cli;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.engine.RuleInfo;
import dev.nsm.event.Severity;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.report.AlertExplanations;
import dev.nsm.report.OwnerOnlyFile;
import dev.nsm.report.PseudonymKeyFile;
import dev.nsm.report.Pseudonyms;
import dev.nsm.report.ReportAggregator;
import dev.nsm.report.SecurityReport;
import dev.nsm.source.DuplicateAuthFilter;
import dev.nsm.source.FactSink;
import dev.nsm.source.FactSource;
import dev.nsm.source.RecordedInputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nsm run}: monitor recorded or live traffic with the rules and report what they found. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the rules over capture files, auth logs and events files (merged by event time) or a"
          + " live interface; write alerts and the security log, and print the report.",
      "Exit 0 if fine, 1 if an alert reached --fail-on, 2 on invalid input or an output that"
          + " cannot be written at start-up, 4 if writing an output failed during the run."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin InputOptions inputs;

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
      description = "Exit 2 if any input line was malformed (they are always warned and counted).")
  boolean strict;

  @Option(
      names = "--max-facts",
      paramLabel = "N",
      description =
          "Facts the engine holds at once; beyond it the oldest is dropped before its windows end"
              + " and counted, so a flood cannot exhaust memory (default: ${DEFAULT-VALUE}).")
  int maxFacts = NetworkSecurityMonitor.DEFAULT_MAX_FACTS;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description =
          "Rule sessions, each on a thread of its own, with every source's facts in one of them;"
              + " the alerts and their order are the same for any N (default: the number of"
              + " processors, at most 8). A ruleset with a rule that compares sources"
              + " (@scope(\"all-sources\")) runs in one session.")
  int shards = Math.min(8, Runtime.getRuntime().availableProcessors());

  @Option(
      names = "--max-sources",
      paramLabel = "N",
      description =
          "Sources the report tracks at once; beyond it the quiet source seen longest ago is"
              + " dropped and counted (default: ${DEFAULT-VALUE}).")
  int maxSources = ReportAggregator.DEFAULT_MAX_TRACKED_SOURCES;

  @Option(
      names = "--near-misses",
      paramLabel = "N",
      arity = "0..1",
      fallbackValue = "10",
      description =
          "Add near misses to the report: per rule, the N sources (default 10) that came closest"
              + " to its threshold without reaching it, and when.")
  Integer nearMisses;

  @Option(
      names = "--explain",
      description =
          "Add each alert's evidence to the report: the facts that made it fire (file and frame"
              + " or line), the window and the threshold; the first "
              + AlertExplanations.DEFAULT_CAP
              + " alerts.")
  boolean explain;

  @Option(
      names = "--pseudonymize-key",
      paramLabel = "FILE",
      description =
          "Write every address in every output (log, alerts, report, messages) as a keyed"
              + " pseudonym, ip- and 16 hex digits (HMAC-SHA256 with the key in FILE: at least 32"
              + " bytes, mode 0600). The same key gives the same pseudonyms; see nsm pseudonym.")
  Path pseudonymizeKey;

  @Spec CommandSpec spec;

  private Pseudonyms pseudonyms;

  private final AlertExplanations.Collector explained =
      new AlertExplanations.Collector(AlertExplanations.DEFAULT_CAP);

  /** Whether an output failure was already printed when it happened. */
  private boolean outputFailureTold;

  @Override
  public Integer call() throws IOException {
    CountDownLatch finished = new CountDownLatch(1);
    try {
      return run(finished);
    } finally {
      finished.countDown();
    }
  }

  private int run(CountDownLatch finished) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (pseudonymizeKey != null) {
      try {
        pseudonyms = new Pseudonyms(PseudonymKeyFile.read(pseudonymizeKey));
      } catch (IOException e) {
        err.println("nsm run: error: cannot use key file " + IoErrors.describe(e));
        err.flush();
        return ExitCode.INVALID_INPUT;
      }
      // Everything said on stderr from here on, internal errors included, goes through it.
      err = new PrintWriter(new PseudonymizingWriter(err, pseudonyms), true);
      spec.commandLine().setErr(err);
    }
    String problem = inputs.problem();
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
    if (maxFacts < 1 || maxSources < 1 || shards < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-facts, --max-sources and --shards must be at least 1, got "
              + maxFacts
              + ", "
              + maxSources
              + " and "
              + shards);
    }
    if (nearMisses != null && nearMisses < 1) {
      throw new ParameterException(
          spec.commandLine(), "--near-misses must be at least 1, got " + nearMisses);
    }
    NetworkSecurityMonitor monitor;
    try {
      if (reportFile != null) {
        // Written last, but a path that cannot take it is known now, before any input is read.
        OwnerOnlyFile.checkReplaceable(reportFile);
      }
      monitor = openMonitor(err);
    } catch (InvalidInputException e) {
      DiagnosticPrinter.print(err, e.diagnostics());
      return ExitCode.INVALID_INPUT;
    } catch (IOException e) {
      err.println("nsm run: error: cannot write " + IoErrors.describe(e));
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    DiagnosticPrinter.print(err, monitor.rules().warnings());
    for (String repair : monitor.repairedOutputs()) {
      err.println("nsm run: warning: " + repair);
    }

    int exit = ExitCode.OK;
    // Closing fires what is pending and flushes log and alerts; it runs whatever happens, so a
    // replay that stops early still leaves everything found so far on disk.
    try (monitor) {
      exit =
          Math.max(
              exit,
              inputs.isLive() ? Live.run(inputs, monitor, err, finished) : replay(monitor, err));
    } catch (IOException e) {
      // Only close() throws IOException here: writing the log or alerts failed.
      if (!outputFailureTold) {
        err.println("nsm run: error: cannot write " + IoErrors.describe(e));
      }
      exit = Math.max(exit, ExitCode.OUTPUT_FAILED);
    }
    if (monitor.alertsAlreadyWritten() > 0) {
      err.println(
          "nsm run: "
              + monitor.alertsAlreadyWritten()
              + " alert(s) were already in "
              + (alertsFile != null ? alertsFile : logFile)
              + " from an earlier run of this input and were not written again");
    }

    SecurityReport report = monitor.generateReport();
    if (nearMisses != null) {
      report = report.withNearMisses(monitor.nearMisses(nearMisses));
    }
    if (explain) {
      report = report.withExplanations(explained.explanations());
    }
    if (pseudonyms != null) {
      report = report.withSourcesRenamed(pseudonyms::text);
    }
    String rendered = format == OutputFormat.JSON ? report.toJson() : report.toString();
    if (pseudonyms != null) {
      rendered = pseudonyms.text(rendered);
    }
    if (!rendered.endsWith("\n")) {
      rendered += "\n";
    }
    out.print(rendered);
    out.flush();
    if (reportFile != null) {
      try {
        OwnerOnlyFile.replace(reportFile, rendered);
      } catch (IOException e) {
        err.println("nsm run: error: cannot write " + IoErrors.describe(e));
        exit = Math.max(exit, ExitCode.OUTPUT_FAILED);
      }
    }
    if (strict && report.malformedTotal() > 0) {
      err.println(
          "nsm run: error: " + report.malformedTotal() + " malformed input line(s) (--strict)");
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

  private NetworkSecurityMonitor openMonitor(PrintWriter err)
      throws InvalidInputException, IOException {
    NetworkSecurityMonitor.Builder builder =
        NetworkSecurityMonitor.builder()
            .rules(ruleset.rulesDir)
            .log(logFile)
            .alerts(alertsFile)
            .pseudonyms(pseudonyms)
            .onOutputFailure(failure -> tell(err, failure))
            .maxFacts(maxFacts)
            .shards(shards)
            .maxTrackedSources(maxSources);
    ruleset.policyFiles.forEach(builder::policy);
    if (explain) {
      builder.onAlert(explained::accept);
    }
    NetworkSecurityMonitor monitor = builder.build();
    if (monitor.shards() < shards) {
      err.println(
          "nsm run: note: running one rule session, not "
              + shards
              + ": "
              + monitor.rules().rules().stream()
                  .filter(RuleInfo::comparesSources)
                  .map(RuleInfo::id)
                  .collect(Collectors.joining(", "))
              + " compare(s) sources (@scope(\"all-sources\"))");
    }
    return monitor;
  }

  /** Says at once, not only at the end, that an output stopped being written. */
  private void tell(PrintWriter err, IOException failure) {
    err.println(
        "nsm run: error: cannot write "
            + IoErrors.describe(failure)
            + "; it keeps every line written before, whole, and gets no more; the run goes on"
            + " and the report lists every alert");
    err.flush();
    outputFailureTold = true;
  }

  /**
   * Replays the recorded inputs merged by event time. An input that cannot be read drops out where
   * it failed, the others are read to their end, and the exit code is 2; nothing found is lost.
   */
  private int replay(NetworkSecurityMonitor monitor, PrintWriter err) {
    RecordedInputs recorded = inputs.recorded();
    List<FactSource> sources = recorded.sources();
    DuplicateAuthFilter deduplicated =
        new DuplicateAuthFilter(new MalformedLineWarner(monitor, err));
    FactSink sink = deduplicated;
    ProgressLine progress = null;
    if (System.console() != null) {
      progress =
          new ProgressLine(
              deduplicated,
              err,
              () -> InputSummary.captureBytesRead(sources),
              inputs.captureBytes(),
              monitor::alertCount,
              ProgressLine.EVERY_NANOS);
      sink = progress;
    }
    try {
      recorded.replay(sink);
      return ExitCode.OK;
    } catch (IOException e) {
      // Every source's message names its input and says what went wrong.
      err.println("nsm run: error: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    } catch (InvalidPathException e) {
      err.println("nsm run: error: cannot open " + e.getInput() + ": " + e.getReason());
      return ExitCode.INVALID_INPUT;
    } finally {
      if (progress != null) {
        progress.finish();
      }
      InputSummary.report(monitor, err, sources, deduplicated.duplicates(), inputs.verbose);
      err.flush();
    }
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
