package dev.nsm.cli;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.decode.DecodeStats;
import dev.nsm.decode.FlowStats;
import dev.nsm.report.LogText;
import dev.nsm.source.AuthLogSource;
import dev.nsm.source.FactSource;
import dev.nsm.source.FollowedAuthLog;
import dev.nsm.source.LiveCapture;
import dev.nsm.source.LiveCaptureSource;
import dev.nsm.source.PcapFileSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line per input after a run, on stderr, in the report and in the log: what was read, so its
 * figures can be checked against the input. With {@code --verbose}, each auth log's line is
 * followed on stderr only by samples of the lines nsm did not understand: they are the input's
 * text, useful to whoever runs nsm, but no finding for the report or the log. When the engine had
 * to drop facts to stay within {@code --max-facts}, a last line says how many.
 */
final class InputSummary {

  private InputSummary() {}

  static void report(
      NetworkSecurityMonitor monitor,
      PrintWriter err,
      List<FactSource> sources,
      long duplicateAuthAttempts,
      boolean verbose) {
    List<String> lines = new ArrayList<>();
    // Printed on stderr after the summary line of the same index.
    Map<Integer, List<String>> samples = new HashMap<>();
    for (FactSource source : sources) {
      if (source instanceof PcapFileSource pcap) {
        traffic(lines, source.name(), pcap.decodeStats(), pcap.flowStats());
      } else if (source instanceof LiveCaptureSource live) {
        traffic(lines, source.name(), live.decodeStats(), live.flowStats());
        LiveCapture.Stats kernel = live.kernelStats();
        if (kernel != null) {
          lines.add(
              source.name()
                  + ": kernel received "
                  + kernel.received()
                  + ", dropped "
                  + kernel.dropped()
                  + ", interface dropped "
                  + kernel.droppedByInterface());
        }
      } else if (source instanceof AuthLogSource || source instanceof FollowedAuthLog) {
        AuthLogSource.Counts c =
            source instanceof AuthLogSource log
                ? log.counts()
                : ((FollowedAuthLog) source).counts();
        if (verbose) {
          samples.put(
              lines.size(),
              source instanceof AuthLogSource log
                  ? log.samplesOfUnrecognised()
                  : ((FollowedAuthLog) source).samplesOfUnrecognised());
        }
        lines.add(
            String.format(
                Locale.ROOT,
                "%s: %d lines, %d auth attempts, %d malformed, %d merged as the same try",
                source.name(),
                c.linesRead(),
                c.authAttempts(),
                c.malformedLines(),
                c.duplicatesMerged()));
      }
    }
    if (duplicateAuthAttempts > 0) {
      lines.add(
          duplicateAuthAttempts
              + " auth attempts seen by two inputs (capture and log) counted once");
    }
    long evicted = monitor.evictedFacts();
    if (evicted > 0) {
      lines.add(
          String.format(
              Locale.ROOT,
              "engine: %d facts dropped before their windows ended, to hold at most %d"
                  + " (--max-facts); detections over long windows may have missed them",
              evicted,
              monitor.maxFacts()));
    }
    for (int i = 0; i < lines.size(); i++) {
      err.println("nsm run: " + lines.get(i));
      monitor.inputSummary(lines.get(i));
      for (String sample : samples.getOrDefault(i, List.of())) {
        // The log's text is the attacker's: escaped so that it cannot forge lines or escapes.
        err.println("nsm run:   not understood, line " + LogText.escape(sample));
      }
    }
  }

  /** Capture bytes decoded so far, over every capture source. */
  static long captureBytesRead(List<FactSource> sources) {
    long bytes = 0;
    for (FactSource source : sources) {
      if (source instanceof PcapFileSource pcap && pcap.decodeStats() != null) {
        bytes += pcap.decodeStats().bytes();
      }
    }
    return bytes;
  }

  /**
   * What was wrong with the packets, so a damaged capture says how: the malformed ones by reason,
   * then timestamps that went backwards or jumped ahead; empty for a clean capture.
   */
  static String anomalies(DecodeStats decode) {
    StringBuilder out = new StringBuilder();
    decode
        .malformedByReason()
        .forEach(
            (reason, count) ->
                out.append(out.length() == 0 ? " (" : ", ")
                    .append(count)
                    .append(' ')
                    .append(reason));
    if (out.length() > 0) {
      out.append(')');
    }
    if (decode.timestampsBackwards() > 0) {
      out.append(", ").append(decode.timestampsBackwards()).append(" timestamps going backwards");
    }
    if (decode.timestampJumps() > 0) {
      out.append(", ")
          .append(decode.timestampJumps())
          .append(" timestamps jumping over a day ahead");
    }
    return out.toString();
  }

  private static void traffic(
      List<String> lines, String name, DecodeStats decode, FlowStats flows) {
    if (decode == null || flows == null) {
      return;
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "%s: %d packets, %d malformed%s, %d connection attempts (%d accepted, %d rejected,"
                + " %d unanswered), %d expected data connections, %d flows evicted",
            name,
            decode.packets(),
            decode.malformedTotal(),
            anomalies(decode),
            flows.attempts(),
            flows.accepted(),
            flows.rejected(),
            flows.unanswered(),
            flows.expectedConnections(),
            flows.evictions()));
  }
}
