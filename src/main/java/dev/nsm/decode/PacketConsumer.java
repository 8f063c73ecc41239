package dev.nsm.decode;
/** Something that looks at every decoded packet, in capture order. */
public interface PacketConsumer {
  void onPacket(PacketView packet);
  /** Packet time has reached {@code micros} (epoch µs): time out what waited too long. */
  default void advanceTo(long micros) {}
  /** The input has ended. */
  default void finish() {}
}
