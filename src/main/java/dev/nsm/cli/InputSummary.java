package dev.nsm.cli;

import dev.nsm.decode.DecodeStats;
import dev.nsm.decode.FlowStats;
import dev.nsm.source.AuthLogSource;
import dev.nsm.source.FactSource;
import dev.nsm.source.LiveCaptureSource;
import dev.nsm.source.PcapFileSource;
import java.io.PrintWriter;
import java.util.List;

/** One line per input on stderr after a run: what was read, so figures can be checked. */
final class InputSummary {

  private InputSummary() {}

  static void print(PrintWriter err, List<FactSource> sources, long duplicateAuthAttempts) {
    for (FactSource source : sources) {
      if (source instanceof PcapFileSource pcap) {
        traffic(err, source.name(), pcap.decodeStats(), pcap.flowStats());
      } else if (source instanceof LiveCaptureSource live) {
        traffic(err, source.name(), live.decodeStats(), live.flowStats());
      } else if (source instanceof AuthLogSource log) {
        AuthLogSource.Counts c = log.counts();
        err.printf(
            "nsm run: %s: %d lines, %d auth attempts, %d malformed, %d merged as the same try%n",
            source.name(),
            c.linesRead(),
            c.authAttempts(),
            c.malformedLines(),
            c.duplicatesMerged());
      }
    }
    if (duplicateAuthAttempts > 0) {
      err.printf(
          "nsm run: %d auth attempts seen by two inputs (capture and log) counted once%n",
          duplicateAuthAttempts);
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

  private static void traffic(PrintWriter err, String name, DecodeStats decode, FlowStats flows) {
    if (decode == null || flows == null) {
      return;
    }
    err.printf(
        "nsm run: %s: %d packets, %d malformed, %d connection attempts (%d accepted, %d rejected,"
            + " %d unanswered), %d expected data connections, %d flows evicted%n",
        name,
        decode.packets(),
        decode.malformedTotal(),
        flows.attempts(),
        flows.accepted(),
        flows.rejected(),
        flows.unanswered(),
        flows.expectedConnections(),
        flows.evictions());
  }
}
