package dev.nsm.decode;

/**
 * Something that looks at every decoded packet: the flow tracker, cleartext authentication
 * decoders. The view is reused: copy what must outlive the call.
 */
public interface PacketConsumer {

  void onPacket(PacketView v);

  /** Event time moved on (also when no packet of interest arrived): time out what waits. */
  default void advanceTo(long micros) {}

  /** End of input: report what is still open. */
  default void finish() {}
}
