package dev.nsm.cli;

import dev.nsm.decode.FlowSettings;
import dev.nsm.source.CaptureFiles;
import dev.nsm.source.EventsFileSource;
import dev.nsm.source.FactSource;
import dev.nsm.source.LiveCapture;
import dev.nsm.source.RecordedInputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What {@code nsm run} reads: recorded inputs, merged by event time, or one live interface. */
final class InputOptions {

  /** How {@code -} (standard input) is named in warnings and the report. */
  static final String STDIN_NAME = "<stdin>";

  @Option(
      names = "--pcap",
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Capture files (pcap, pcapng, .gz; a directory: its capture files in name order; '-':"
              + " stdin), replayed in order as one stream.")
  List<Path> pcapFiles = new ArrayList<>();

  @Option(
      names = "--auth-log",
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Auth logs (sshd, login, vsftpd, dovecot, postfix, nginx, Apache; syslog, ISO 8601 or"
              + " journalctl; .gz; '-': stdin). See docs/auth-logs.md.")
  List<Path> authLogs = new ArrayList<>();

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description = "Events file in JSON Lines (docs/events-format.md), '-' for stdin; repeatable.")
  List<String> eventsFiles = new ArrayList<>();

  @Option(
      names = "--log-year",
      paramLabel = "YEAR",
      description =
          "Year of classic syslog timestamps (default: from each file's modification time).")
  Integer logYear;

  @Option(
      names = "--log-zone",
      paramLabel = "ZONE",
      description =
          "Zone of log timestamps that carry none, e.g. UTC or Europe/Berlin (default UTC).")
  ZoneId logZone;

  @Option(
      names = "--interface",
      paramLabel = "IF",
      description = "Capture live from this interface (needs root or CAP_NET_RAW); Ctrl-C stops.")
  String liveInterface;

  @Option(
      names = "--filter",
      paramLabel = "BPF",
      description = "With --interface: a capture filter in tcpdump syntax.")
  String filter;

  @Option(
      names = "--snaplen",
      paramLabel = "N",
      defaultValue = "65535",
      description = "With --interface: bytes captured per packet (default: ${DEFAULT-VALUE}).")
  int snaplen;

  @Option(
      names = "--buffer-size",
      paramLabel = "MIB",
      description =
          "With --interface: the kernel's capture buffer in MiB, which rides out pauses of the"
              + " engine without dropping packets (default: ${DEFAULT-VALUE}; like tcpdump -B).")
  int bufferMib = LiveCapture.DEFAULT_BUFFER_MIB;

  @Option(names = "--promiscuous", description = "With --interface: capture in promiscuous mode.")
  boolean promiscuous;

  @Option(
      names = "--follow",
      description =
          "Follow the --auth-log files as they grow (like tail -F, surviving rotation), alone or"
              + " with --interface; Ctrl-C stops.")
  boolean follow;

  @Option(
      names = "--max-flows",
      paramLabel = "N",
      description =
          "Flows of the captures tracked at once; beyond it the least recently active is"
              + " forgotten and counted (default: ${DEFAULT-VALUE}).")
  int maxFlows = FlowSettings.DEFAULTS.maxFlows();

  @Option(
      names = "--verbose",
      description =
          "After each auth log's summary, show (escaped) the first 5 lines nsm did not understand.")
  boolean verbose;

  /** What is wrong with the combination of inputs, or null. */
  String problem() {
    if (follow && authLogs.isEmpty()) {
      return "--follow needs the --auth-log files to follow";
    }
    if (isLive() && hasRecorded()) {
      return "live inputs (--interface, --follow) cannot be combined with recorded ones"
          + " (--pcap, --events, --auth-log without --follow)";
    }
    if (!isLive() && !hasRecorded()) {
      return "nothing to monitor: give --pcap, --auth-log, --events or --interface";
    }
    if (maxFlows < 1) {
      return "--max-flows must be at least 1, got " + maxFlows;
    }
    if (bufferMib < 1 || bufferMib > LiveCapture.MAX_BUFFER_MIB) {
      return "--buffer-size must be 1 to " + LiveCapture.MAX_BUFFER_MIB + " MiB, got " + bufferMib;
    }
    return null;
  }

  boolean isLive() {
    return liveInterface != null || follow;
  }

  boolean hasRecorded() {
    return !pcapFiles.isEmpty() || !eventsFiles.isEmpty() || (!authLogs.isEmpty() && !follow);
  }

  /** The recorded inputs given, one lane of the timeline each (see {@link RecordedInputs}). */
  RecordedInputs recorded() {
    List<FactSource> events = new ArrayList<>();
    for (String file : eventsFiles) {
      events.add(eventsSource(file));
    }
    return new RecordedInputs(pcapFiles, authLogs, events, logYear, logZone, flowSettings());
  }

  /** The flow table bounds of capture inputs, recorded or live. */
  FlowSettings flowSettings() {
    return FlowSettings.DEFAULTS.withMaxFlows(maxFlows);
  }

  /** Total size of the capture files given (directories expanded), for progress. */
  long captureBytes() {
    long total = 0;
    try {
      for (Path file : CaptureFiles.expand(pcapFiles)) {
        if (Files.isRegularFile(file)) {
          total += Files.size(file);
        }
      }
    } catch (IOException e) {
      return 0; // the replay reports the problem with the input itself
    }
    return total;
  }

  private static EventsFileSource eventsSource(String events) {
    if (events.equals("-")) {
      // Not closed after reading: standard input belongs to the process.
      return EventsFileSource.of(
          STDIN_NAME, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }
    return new EventsFileSource(Path.of(events));
  }
}
