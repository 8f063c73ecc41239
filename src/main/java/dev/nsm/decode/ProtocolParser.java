package dev.nsm.decode;

/** Reads one TCP stream of one protocol, each direction's bytes in order. */
interface ProtocolParser {

  void onClientBytes(byte[] bytes, int offset, int length);

  void onServerBytes(byte[] bytes, int offset, int length);

  /**
   * Bytes of one direction were lost (never captured, or dropped for bounds): whatever was
   * half-read in that direction cannot be trusted.
   */
  default void onGap(boolean fromClient) {}

  /** Bytes this parser dropped for its own bounds (over-long lines). */
  default long droppedBytes() {
    return 0;
  }
}
