package dev.nsm.source;

/**
 * Receives the packets of a capture. Nothing is allocated per packet: {@code data} is the reader's
 * reusable buffer and is valid only during the call.
 */
@FunctionalInterface
public interface PacketHandler {

  /**
   * @param linkType the pcap LINKTYPE_ value of the interface the packet was captured on
   * @param micros capture time, epoch microseconds
   * @param frame 1-based frame number within the file
   */
  void onPacket(int linkType, long micros, byte[] data, int offset, int length, long frame);
}
