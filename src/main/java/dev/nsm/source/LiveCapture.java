package dev.nsm.source;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * Packets from a live interface through libpcap (pcap4j), as raw bytes: pcap4j's packet classes
 * cost an object graph per packet and are never used on this path. Time is the packets' own capture
 * time; when the link is idle, event time still moves on with the wall clock from the last packet
 * (like Zeek's network time), so windows and suppressions close, staying far enough behind that no
 * packet still in the kernel's buffer arrives late.
 *
 * <p>{@link #run} blocks the calling thread, which is also the thread that feeds the engine; {@link
 * #stop} may be called from any thread (a signal handler).
 */
public final class LiveCapture implements AutoCloseable {

  /**
   * Kernel capture buffer unless told otherwise: libpcap's own default (2 MiB) lasts 10 ms at 200 k
   * packets/s; 32 MiB rides out a pause of the engine such as a garbage collection.
   */
  public static final int DEFAULT_BUFFER_MIB = 32;

  /** Beyond this the buffer is a typo (the kernel memory is locked while capturing). */
  public static final int MAX_BUFFER_MIB = 2048;

  /** Kernel buffering timeout: packets reach nsm at least this often under light traffic. */
  private static final int READ_TIMEOUT_MILLIS = 100;

  /**
   * How long to wait when no packet is ready. The handle is non-blocking because a blocking read on
   * Linux may wait for packets indefinitely, and an idle link must still move event time on.
   */
  private static final long IDLE_SLEEP_MILLIS = 20;

  /**
   * How far the idle heartbeat stays behind the wall clock since the last delivered packet. The
   * kernel hands packets over in blocks, a block when it is full or {@link #READ_TIMEOUT_MILLIS}
   * after its first packet: while the ring looks empty, packets of the last moments may still wait
   * in an open block, and a heartbeat past their time would make them late (and a late fact
   * triggers no rule). Twice the block timeout covers it, with room for scheduling.
   */
  private static final long HEARTBEAT_LAG_MICROS = 2 * READ_TIMEOUT_MILLIS * 1000L;

  /** What the capture hands on. Called on the capturing thread. */
  public interface Handler {
    /** A packet: link type (DLT), capture time, and its captured bytes {@code data[0..length)}. */
    void packet(int linkType, long micros, byte[] data, int length);

    /** No packet for a while: event time is now {@code micros}. */
    void idle(long micros);
  }

  /** Kernel counters, as libpcap reports them. */
  public record Stats(long received, long dropped, long droppedByInterface) {}

  private final String interfaceName;
  private final PcapHandle handle;
  private final int linkType;
  private final AtomicBoolean running = new AtomicBoolean(true);

  private LiveCapture(String interfaceName, PcapHandle handle) {
    this.interfaceName = interfaceName;
    this.handle = handle;
    this.linkType = handle.getDlt().value();
  }

  /**
   * Opens {@code interfaceName} for capture.
   *
   * @throws LiveCaptureException with a one-line reason: no such interface, missing privileges
   *     (root or CAP_NET_RAW), or a filter libpcap cannot compile
   */
  public static LiveCapture open(
      String interfaceName, String filter, int snaplen, boolean promiscuous)
      throws LiveCaptureException {
    return open(interfaceName, filter, snaplen, promiscuous, DEFAULT_BUFFER_MIB);
  }

  /**
   * As {@link #open(String, String, int, boolean)}, with a kernel capture buffer of {@code
   * bufferMib} MiB: what the buffer holds rides out a pause of the reading thread (a garbage
   * collection, a burst the rules take longer over) without a dropped packet.
   */
  public static LiveCapture open(
      String interfaceName, String filter, int snaplen, boolean promiscuous, int bufferMib)
      throws LiveCaptureException {
    if (bufferMib < 1 || bufferMib > MAX_BUFFER_MIB) {
      throw new IllegalArgumentException(
          "capture buffer must be 1 to " + MAX_BUFFER_MIB + " MiB, got " + bufferMib);
    }
    PcapNetworkInterface device;
    try {
      device = Pcaps.getDevByName(interfaceName);
    } catch (PcapNativeException | UnsatisfiedLinkError e) {
      throw new LiveCaptureException(
          "live capture needs libpcap (Debian: apt-get install libpcap0.8): " + e.getMessage(), e);
    }
    if (device == null) {
      throw new LiveCaptureException("no such interface '" + interfaceName + "' (see `ip link`)");
    }
    PcapHandle handle;
    try {
      handle =
          new PcapHandle.Builder(interfaceName)
              .snaplen(snaplen)
              .bufferSize(bufferMib * 1024 * 1024)
              .promiscuousMode(
                  promiscuous
                      ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                      : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
              .timeoutMillis(READ_TIMEOUT_MILLIS)
              .timestampPrecision(PcapHandle.TimestampPrecision.MICRO)
              .build();
    } catch (PcapNativeException e) {
      throw new LiveCaptureException(openFailure(interfaceName, e.getMessage()), e);
    }
    if (filter != null && !filter.isBlank()) {
      try {
        handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
      } catch (PcapNativeException | NotOpenException e) {
        handle.close();
        throw new LiveCaptureException("bad capture filter '" + filter + "': " + e.getMessage(), e);
      }
    }
    return new LiveCapture(interfaceName, handle);
  }

  private static String openFailure(String interfaceName, String reason) {
    String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    if (lower.contains("permission") || lower.contains("not permitted")) {
      return "cannot capture on '"
          + interfaceName
          + "': needs root or CAP_NET_RAW ("
          + reason
          + ")";
    }
    return "cannot capture on '" + interfaceName + "': " + reason;
  }

  public String interfaceName() {
    return interfaceName;
  }

  public int linkType() {
    return linkType;
  }

  /** Captures until {@link #stop} is called or the handle fails. */
  public void run(Handler handler) throws IOException {
    long[] lastPacketMicros = {-1};
    long[] lastPacketWallNanos = {0};
    RawPacketListener listener =
        packet -> {
          java.sql.Timestamp ts = handle.getTimestamp();
          long micros = ts.getTime() / 1000 * 1_000_000L + ts.getNanos() / 1000;
          lastPacketMicros[0] = Math.max(lastPacketMicros[0], micros);
          lastPacketWallNanos[0] = System.nanoTime();
          handler.packet(linkType, micros, packet, packet.length);
        };
    try {
      handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
      while (running.get()) {
        int count = handle.dispatch(-1, listener);
        if (count == 0) {
          if (lastPacketMicros[0] >= 0) {
            long idleMicros = (System.nanoTime() - lastPacketWallNanos[0]) / 1000;
            handler.idle(lastPacketMicros[0] + Math.max(0, idleMicros - HEARTBEAT_LAG_MICROS));
          }
          Thread.sleep(IDLE_SLEEP_MILLIS);
        }
      }
    } catch (PcapNativeException | NotOpenException e) {
      if (running.get()) {
        throw new IOException("capture on '" + interfaceName + "' failed: " + e.getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes {@link #run} return after the packet at hand. Safe from any thread. */
  public void stop() {
    running.set(false);
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // Already closed: nothing left to stop.
    }
  }

  /** Packets the kernel received and dropped so far, or null if libpcap cannot say. */
  public Stats stats() {
    try {
      PcapStat stat = handle.getStats();
      return new Stats(
          stat.getNumPacketsReceived(),
          stat.getNumPacketsDropped(),
          stat.getNumPacketsDroppedByIf());
    } catch (PcapNativeException | NotOpenException e) {
      return null;
    }
  }

  @Override
  public void close() {
    running.set(false);
    handle.close();
  }
}
