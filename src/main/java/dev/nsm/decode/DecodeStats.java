package dev.nsm.decode;

import java.util.Map;
import java.util.TreeMap;

/** Counts of what the packet decoder saw: per link type, fragments, and malformed by reason. */
public final class DecodeStats {

  private static final int KNOWN_LINK_TYPES = 512;

  private final long[] perLinkType = new long[KNOWN_LINK_TYPES];
  // Reasons are string constants, so counting a known reason allocates nothing.
  private final Map<String, long[]> malformed = new java.util.HashMap<>();
  long packets;
  long bytes;
  long laterFragments;
  long notIp;
  long timeWentBack;
  long timeJumpedAhead;

  void countPacket(int linkType, int length) {
    packets++;
    bytes += length;
    perLinkType[Math.floorMod(linkType, KNOWN_LINK_TYPES)]++;
  }

  void malformed(String reason) {
    malformed.computeIfAbsent(reason, r -> new long[1])[0]++;
  }

  public long packets() {
    return packets;
  }

  /** Captured bytes, as the capture holds them. */
  public long bytes() {
    return bytes;
  }

  /** Fragments other than the first, which carry no transport header. */
  public long laterFragments() {
    return laterFragments;
  }

  /** Packets that are not IP (ARP, LLDP, ...): not an error. */
  public long notIp() {
    return notIp;
  }

  /**
   * Packets stamped earlier than a packet before them. Capture files are written in time order, so
   * this means a clock stepped back or a damaged file; the packet is decoded all the same, and
   * event time does not go back with it.
   */
  public long timestampsBackwards() {
    return timeWentBack;
  }

  /**
   * Packets stamped more than {@link TrafficDecoder#TIME_JUMP_MICROS a day} after the latest packet
   * before them: a clock set far ahead or a damaged timestamp. Every attempt still waiting for an
   * answer times out at such a jump, and every packet after it is counted as going backwards.
   */
  public long timestampJumps() {
    return timeJumpedAhead;
  }

  /** Packets per link type, sorted by link type. */
  public Map<Integer, Long> packetsPerLinkType() {
    Map<Integer, Long> counts = new TreeMap<>();
    for (int i = 0; i < KNOWN_LINK_TYPES; i++) {
      if (perLinkType[i] > 0) {
        counts.put(i, perLinkType[i]);
      }
    }
    return counts;
  }

  /** Malformed packets by reason, sorted by reason. */
  public Map<String, Long> malformedByReason() {
    Map<String, Long> counts = new TreeMap<>();
    malformed.forEach((reason, count) -> counts.put(reason, count[0]));
    return counts;
  }

  public long malformedTotal() {
    return malformed.values().stream().mapToLong(c -> c[0]).sum();
  }
}
