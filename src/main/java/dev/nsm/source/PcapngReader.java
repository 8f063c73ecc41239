package dev.nsm.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files: sections (each opened by a section header block in its own byte order), interface
 * description blocks giving each interface's link type and timestamp resolution, and enhanced,
 * simple and obsolete packet blocks. Blocks of other types are skipped by their length.
 */
final class PcapngReader {

  static final long SECTION_HEADER = 0x0a0d0d0aL;
  private static final long BYTE_ORDER_MAGIC = 0x1a2b3c4dL;
  private static final long INTERFACE_DESCRIPTION = 1;
  private static final long OBSOLETE_PACKET = 2;
  private static final long SIMPLE_PACKET = 3;
  private static final long ENHANCED_PACKET = 6;
  private static final int OPTION_TS_RESOLUTION = 9;

  /** One interface of the current section. */
  private record Interface(int linkType, long unitsPerSecond) {}

  private final String file;
  private final CaptureInput in;
  private final RecordBuffer buffer;
  private final PacketHandler handler;
  private final List<Interface> interfaces = new ArrayList<>();
  private ByteOrderedReads order;
  private long frame;
  private long lastMicros;

  private PcapngReader(String file, CaptureInput in, RecordBuffer buffer, PacketHandler handler) {
    this.file = file;
    this.in = in;
    this.buffer = buffer;
    this.handler = handler;
  }

  /** Reads the blocks; the first block's type (the section header) is in {@code buffer[0..4)}. */
  static long read(String file, CaptureInput in, RecordBuffer buffer, PacketHandler handler)
      throws IOException {
    PcapngReader reader = new PcapngReader(file, in, buffer, handler);
    reader.readBlocks();
    return reader.frame;
  }

  private void readBlocks() throws IOException {
    boolean typeAlreadyRead = true;
    while (true) {
      byte[] head = buffer.array(12);
      int offset = typeAlreadyRead ? 4 : 0;
      typeAlreadyRead = false;
      int got = in.readUpTo(head, offset, 8 - offset);
      if (got == 0 && offset == 0) {
        return;
      }
      if (got < 8 - offset) {
        throw problem("block header needs 8 bytes but the file ends after " + (got + offset));
      }
      long type = ByteOrderedReads.u32BigEndian(head, 0);
      if (type == SECTION_HEADER) {
        readSectionHeader(head);
        continue;
      }
      if (order == null) {
        throw problem("pcapng block before the section header");
      }
      type = order.u32(head, 0);
      long total = order.u32(head, 4);
      if (total < 12 || total % 4 != 0) {
        throw problem("block length " + total + " is not a multiple of 4 of at least 12");
      }
      long bodyLength = total - 12;
      if (type == ENHANCED_PACKET
          || type == SIMPLE_PACKET
          || type == OBSOLETE_PACKET
          || type == INTERFACE_DESCRIPTION) {
        if (bodyLength > RecordBuffer.MAX_RECORD_BYTES + 64) {
          throw problem("block claims " + total + " bytes, more than the 1 MiB limit");
        }
        byte[] body = readBody((int) bodyLength + 4);
        checkTrailer(body, (int) bodyLength, total);
        if (type == INTERFACE_DESCRIPTION) {
          addInterface(body, (int) bodyLength);
        } else {
          deliver(type, body, (int) bodyLength);
        }
      } else {
        long skipped = in.skipUpTo(total - 8);
        if (skipped < total - 8) {
          throw problem(
              "block claims " + total + " bytes but the file ends after " + (skipped + 8));
        }
      }
    }
  }

  private void readSectionHeader(byte[] head) throws IOException {
    byte[] magic = buffer.array(16);
    if (in.readUpTo(magic, 8, 4) < 4) {
      throw problem("section header is cut short");
    }
    long byteOrderMagic = ByteOrderedReads.u32BigEndian(magic, 8);
    if (byteOrderMagic == BYTE_ORDER_MAGIC) {
      order = new ByteOrderedReads(true);
    } else if (byteOrderMagic == Long.reverseBytes(BYTE_ORDER_MAGIC) >>> 32) {
      order = new ByteOrderedReads(false);
    } else {
      throw problem("section header has no byte-order magic 1a2b3c4d");
    }
    long total = order.u32(magic, 4);
    if (total < 28 || total % 4 != 0 || total > RecordBuffer.MAX_RECORD_BYTES) {
      throw problem("section header length " + total + " is invalid");
    }
    long rest = total - 12;
    if (in.skipUpTo(rest) < rest) {
      throw problem("section header claims " + total + " bytes but the file ends first");
    }
    interfaces.clear();
  }

  private byte[] readBody(int length) throws IOException {
    byte[] body = buffer.array(length);
    int read = in.readUpTo(body, 0, length);
    if (read < length) {
      throw problem(
          "block claims " + (length + 8) + " bytes but the file ends after " + (read + 8));
    }
    return body;
  }

  private void checkTrailer(byte[] body, int bodyLength, long total) throws IOException {
    long trailer = order.u32(body, bodyLength);
    if (trailer != total) {
      throw problem("block trailer length " + trailer + " differs from its header length " + total);
    }
  }

  private void addInterface(byte[] body, int length) throws IOException {
    if (length < 8) {
      throw problem("interface description block body of " + length + " bytes, expected 8 or more");
    }
    int linkType = order.u16(body, 0);
    long unitsPerSecond = 1_000_000;
    int at = 8;
    while (at + 4 <= length) {
      int code = order.u16(body, at);
      int optionLength = order.u16(body, at + 2);
      if (code == 0) {
        break;
      }
      if (at + 4 + optionLength > length) {
        throw problem("interface option " + code + " runs past its block");
      }
      if (code == OPTION_TS_RESOLUTION && optionLength >= 1) {
        unitsPerSecond = unitsPerSecond(body[at + 4]);
      }
      at += 4 + ((optionLength + 3) & ~3);
    }
    interfaces.add(new Interface(linkType, unitsPerSecond));
  }

  private long unitsPerSecond(byte resolution) throws IOException {
    int exponent = resolution & 0x7f;
    boolean binary = (resolution & 0x80) != 0;
    if (binary ? exponent > 62 : exponent > 18) {
      throw problem("if_tsresol " + (resolution & 0xff) + " is out of range");
    }
    return binary ? 1L << exponent : (long) Math.pow(10, exponent);
  }

  private void deliver(long type, byte[] body, int length) throws IOException {
    int interfaceId;
    // A 64-bit unsigned count of units: any value is a time, so whether there is one is separate.
    boolean timed = type != SIMPLE_PACKET;
    long timestamp = 0;
    int captured;
    int dataOffset;
    if (type == SIMPLE_PACKET) {
      // No timestamp: the packet is placed at the last known time so event time never goes back.
      requireBody(length, 4);
      interfaceId = 0;
      captured = (int) Math.min(order.u32(body, 0), length - 4);
      dataOffset = 4;
    } else {
      requireBody(length, 20);
      interfaceId = type == ENHANCED_PACKET ? (int) order.u32(body, 0) : order.u16(body, 0);
      timestamp = (order.u32(body, 4) << 32) | order.u32(body, 8);
      captured = (int) Math.min(order.u32(body, 12), Integer.MAX_VALUE);
      dataOffset = 20;
      if (captured > length - 20) {
        throw problem("packet claims " + captured + " bytes but its block holds " + (length - 20));
      }
    }
    if (interfaceId >= interfaces.size()) {
      throw problem("packet on interface " + interfaceId + " which the section does not describe");
    }
    Interface source = interfaces.get(interfaceId);
    if (timed) {
      lastMicros = toMicros(timestamp, source.unitsPerSecond());
    }
    handler.onPacket(source.linkType(), lastMicros, body, dataOffset, captured, ++frame);
  }

  private void requireBody(int length, int needed) throws IOException {
    if (length < needed) {
      throw problem("packet block body of " + length + " bytes, expected at least " + needed);
    }
  }

  /**
   * The last second a timestamp is read as: 9999-12-31T23:59:59Z. A 64-bit count of seconds (an
   * {@code if_tsresol} of 0) goes far beyond what microseconds in a long can hold; such a damaged
   * timestamp is held here rather than wrapping round to a negative time, and then shows as a jump
   * in the decode counts.
   */
  static final long MAX_SECONDS = 253_402_300_799L;

  private static long toMicros(long timestamp, long unitsPerSecond) {
    long seconds = Long.divideUnsigned(timestamp, unitsPerSecond);
    if (Long.compareUnsigned(seconds, MAX_SECONDS) > 0) {
      return MAX_SECONDS * 1_000_000L;
    }
    long fraction = Long.remainderUnsigned(timestamp, unitsPerSecond);
    return seconds * 1_000_000L + (long) ((double) fraction * 1_000_000d / unitsPerSecond);
  }

  private CaptureFormatException problem(String what) {
    return new CaptureFormatException(file, frame + 1, what);
  }
}
