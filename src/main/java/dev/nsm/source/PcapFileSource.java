package dev.nsm.source;

import dev.nsm.decode.DecodeStats;
import dev.nsm.decode.ExpectedConnections;
import dev.nsm.decode.FlowSettings;
import dev.nsm.decode.FlowStats;
import dev.nsm.decode.PacketConsumer;
import dev.nsm.decode.TrafficDecoder;
import dev.nsm.event.Fact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Connection facts from capture files: reader, then decoder and flow tracker, then the sink. All
 * files of the list (a directory means its capture files in name order) are one stream through one
 * decoder, as a tcpdump ring is.
 */
public final class PcapFileSource implements FactSource {

  private final List<Path> inputs;
  private final Function<Consumer<Fact>, TrafficDecoder> decoders;
  private TrafficDecoder lastRun;

  /** Capture files through nsm's standard decoder (flows and cleartext authentication). */
  public PcapFileSource(List<Path> filesOrDirs) {
    this(filesOrDirs, FlowSettings.DEFAULTS);
  }

  /** Capture files through nsm's standard decoder, with these flow table bounds. */
  public PcapFileSource(List<Path> filesOrDirs, FlowSettings settings) {
    this.inputs = List.copyOf(filesOrDirs);
    this.decoders = out -> TrafficDecoder.standard(out, settings);
  }

  /**
   * @param extra consumers that see every decoded packet (cleartext authentication decoders)
   * @param expected connections announced elsewhere (FTP data), not reported as attempts
   */
  public PcapFileSource(
      List<Path> filesOrDirs,
      List<PacketConsumer> extra,
      ExpectedConnections expected,
      FlowSettings settings) {
    this.inputs = List.copyOf(filesOrDirs);
    List<PacketConsumer> consumers = List.copyOf(extra);
    this.decoders = out -> new TrafficDecoder(out, consumers, expected, settings);
  }

  @Override
  public String name() {
    return inputs.stream().map(Path::toString).collect(Collectors.joining(","));
  }

  /**
   * Reads every file. Facts emitted before a file turns out to be malformed have reached the sink;
   * the {@link CaptureFormatException} then ends the read, after the open attempts are settled.
   */
  @Override
  public void readInto(FactSink sink) throws IOException {
    TrafficDecoder traffic = decoders.apply(sink::accept);
    lastRun = traffic;
    CaptureFileReader reader = new CaptureFileReader();
    try {
      for (Path file : CaptureFiles.expand(inputs)) {
        String name = file.toString();
        reader.read(
            file,
            name,
            (linkType, micros, data, offset, length, frame) ->
                traffic.onPacket(name, frame, linkType, micros, data, offset, length));
      }
    } finally {
      traffic.finish();
    }
  }

  /** Decoding counts of the last {@link #readInto}: packets, bytes, link types, malformed. */
  public DecodeStats decodeStats() {
    return lastRun == null ? null : lastRun.decodeStats();
  }

  /** Flow counts of the last {@link #readInto}: attempts, outcomes, expected, evictions. */
  public FlowStats flowStats() {
    return lastRun == null ? null : lastRun.flowStats();
  }
}
