package dev.nsm.source;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads pcap and pcapng capture files in pure Java and hands each packet to a {@link PacketHandler}
 * without allocating per packet. Plain files are memory-mapped; gzip files (by content, whatever
 * their name) and standard input ({@code -}) are read through a large buffer.
 */
public final class CaptureFileReader {

  /** The name that means standard input. */
  public static final String STDIN = "-";

  private static final int STREAM_BUFFER_BYTES = 1 << 20;

  private final RecordBuffer buffer = new RecordBuffer();

  /**
   * Reads one capture file.
   *
   * @param name the name messages use, normally the path as given
   * @return the number of packets delivered
   * @throws CaptureFormatException when the file is not a capture or is truncated or malformed; the
   *     packets before the problem have been delivered
   */
  public long read(Path file, String name, PacketHandler handler) throws IOException {
    if (file.toString().equals(STDIN)) {
      // Standard input is read, never closed: it is not ours.
      return readNamed(name, System.in, handler, false);
    }
    if (isGzip(file)) {
      return readNamed(name, Files.newInputStream(file), handler, true);
    }
    try (CaptureInput in = new MappedCaptureInput(file)) {
      return read(name, in, handler);
    }
  }

  /** Reads a capture from a stream (gzip is recognised by its magic); the stream is closed. */
  public long read(String name, InputStream stream, PacketHandler handler) throws IOException {
    return readNamed(name, stream, handler, true);
  }

  /**
   * Reads a streamed input. gzip's own errors (a corrupt or cut-short stream) name neither the file
   * nor the place, so they become a {@link CaptureFormatException} naming both, as every other
   * problem of a capture does.
   */
  private long readNamed(String name, InputStream raw, PacketHandler handler, boolean close)
      throws IOException {
    long[] delivered = {0};
    PacketHandler counting =
        (linkType, micros, data, offset, length, frame) -> {
          delivered[0] = frame;
          handler.onPacket(linkType, micros, data, offset, length, frame);
        };
    CaptureInput in = null;
    try {
      in = stream(raw); // reads a gzip header already
      return read(name, in, counting);
    } catch (ZipException | EOFException e) {
      String what = e instanceof EOFException ? "gzip data ends early" : "gzip data is corrupt";
      throw new CaptureFormatException(name, delivered[0] + 1, what + " (" + e.getMessage() + ")");
    } finally {
      if (close && in != null) {
        in.close();
      } else if (close) {
        raw.close();
      }
    }
  }

  long read(String name, CaptureInput in, PacketHandler handler) throws IOException {
    byte[] magicBytes = buffer.array(4);
    int got = in.readUpTo(magicBytes, 0, 4);
    long magic = got == 4 ? ByteOrderedReads.u32BigEndian(magicBytes, 0) : -1;
    if (ClassicPcapReader.isMagic(magic)) {
      return ClassicPcapReader.read(name, in, buffer, handler);
    }
    if (magic == PcapngReader.SECTION_HEADER) {
      return PcapngReader.read(name, in, buffer, handler);
    }
    throw new CaptureFormatException(name, "not a pcap or pcapng file");
  }

  private static CaptureInput stream(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, STREAM_BUFFER_BYTES);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    InputStream body =
        gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), STREAM_BUFFER_BYTES) : in;
    return new StreamCaptureInput(body);
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }
}
