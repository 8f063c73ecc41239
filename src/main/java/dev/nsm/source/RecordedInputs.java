package dev.nsm.source;

import dev.nsm.decode.FlowSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded inputs as {@code nsm run} and {@code nsm test} replay them: one lane of the timeline per
 * input, merged by event time. Shared so a scenario test replays exactly what a run would.
 */
public final class RecordedInputs {

  private final List<FactSource> sources;

  /**
   * All capture files are one lane (a tcpdump ring); each auth log and events source is a lane of
   * its own, so that they interleave by event time.
   *
   * @param logYear year of classic syslog timestamps, {@code null} for each file's modification
   *     time
   * @param logZone zone of log timestamps that carry none, {@code null} for UTC
   */
  public RecordedInputs(
      List<Path> pcapFiles,
      List<Path> authLogs,
      List<? extends FactSource> events,
      Integer logYear,
      ZoneId logZone) {
    this(pcapFiles, authLogs, events, logYear, logZone, FlowSettings.DEFAULTS);
  }

  /** As above, with the flow table bounds of the captures. */
  public RecordedInputs(
      List<Path> pcapFiles,
      List<Path> authLogs,
      List<? extends FactSource> events,
      Integer logYear,
      ZoneId logZone,
      FlowSettings flows) {
    List<FactSource> lanes = new ArrayList<>();
    if (!pcapFiles.isEmpty()) {
      lanes.add(new PcapFileSource(pcapFiles, flows));
    }
    for (Path log : authLogs) {
      lanes.add(new AuthLogSource(List.of(log), logYear, logZone));
    }
    lanes.addAll(events);
    this.sources = List.copyOf(lanes);
  }

  /** The lanes, each readable once; the same objects every call, so their counts can be read. */
  public List<FactSource> sources() {
    return sources;
  }

  /** Replays every lane merged by event time into {@code sink}. */
  public void replay(FactSink sink) throws IOException {
    new Timeline(sources).readInto(sink);
  }

  /**
   * Replays into {@code sink} counting an auth try seen by two inputs (capture and log) once.
   *
   * @return how many duplicate tries were dropped
   */
  public long replayDeduplicated(FactSink sink) throws IOException {
    DuplicateAuthFilter deduplicated = new DuplicateAuthFilter(sink);
    replay(deduplicated);
    return deduplicated.duplicates();
  }
}
