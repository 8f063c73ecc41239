package dev.nsm.decode;

import dev.nsm.event.Fact;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes each packet once and hands the view to the flow tracker and to the extra consumers
 * (cleartext authentication decoders). One instance spans every file of a ring, so a flow that
 * crosses a file boundary is one flow.
 */
public final class TrafficDecoder {

  /** A step forward in packet time longer than this (a day) is counted as a jump. */
  public static final long TIME_JUMP_MICROS = 86_400_000_000L;

  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketView view = new PacketView();
  private final FlowTracker flows;
  private final List<PacketConsumer> extra;
  private long latestMicros = Long.MIN_VALUE;

  public TrafficDecoder(
      Consumer<Fact> out,
      List<PacketConsumer> extra,
      ExpectedConnections expected,
      FlowSettings settings) {
    this.flows = new FlowTracker(out, expected, settings);
    this.extra = List.copyOf(extra);
  }

  /**
   * The decoder nsm runs: connection attempts and their outcomes, plus authentication outcomes of
   * cleartext protocols, whose FTP control channels also announce the data connections that are
   * then not counted as attempts.
   */
  public static TrafficDecoder standard(Consumer<Fact> out) {
    return standard(out, FlowSettings.DEFAULTS);
  }

  /** {@link #standard(Consumer)} with its own flow table bounds. */
  public static TrafficDecoder standard(Consumer<Fact> out, FlowSettings settings) {
    CleartextAuthDecoder auth = new CleartextAuthDecoder(out);
    return new TrafficDecoder(out, List.of(auth), auth, settings);
  }

  /** Connection attempts and outcomes only. */
  public TrafficDecoder(Consumer<Fact> out) {
    this(out, List.of(), ExpectedConnections.NONE, FlowSettings.DEFAULTS);
  }

  /** One captured packet; packets that are not IP or are malformed only advance time. */
  public void onPacket(
      String input, long frame, int linkType, long micros, byte[] data, int offset, int length) {
    checkTime(micros);
    boolean decoded = decoder.decode(linkType, data, offset, length, view);
    view.input = input;
    view.frame = frame;
    view.micros = micros;
    if (!decoded) {
      advanceTo(micros);
      return;
    }
    flows.onPacket(view);
    for (PacketConsumer consumer : extra) {
      consumer.advanceTo(micros);
      consumer.onPacket(view);
    }
  }

  private void checkTime(long micros) {
    DecodeStats stats = decoder.stats();
    if (micros < latestMicros) {
      stats.timeWentBack++;
      return;
    }
    if (latestMicros != Long.MIN_VALUE && micros - latestMicros > TIME_JUMP_MICROS) {
      stats.timeJumpedAhead++;
    }
    latestMicros = micros;
  }

  public void advanceTo(long micros) {
    flows.advanceTo(micros);
    for (PacketConsumer consumer : extra) {
      consumer.advanceTo(micros);
    }
  }

  public void finish() {
    flows.finish();
    for (PacketConsumer consumer : extra) {
      consumer.finish();
    }
  }

  public DecodeStats decodeStats() {
    return decoder.stats();
  }

  public FlowStats flowStats() {
    return flows.stats();
  }
}
