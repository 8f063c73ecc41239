package dev.nsm.bench.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes packets as a classic pcap file (microsecond timestamps, Ethernet link type, no truncation)
 * with correct IPv4 header and TCP/UDP checksums. Frames are built in one large buffer and handed
 * to the stream in big blocks: nothing is allocated per packet.
 */
final class PcapWriter implements Closeable {

  private static final int BUFFER = 1 << 22;
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int MSS = 1460;

  private final OutputStream out;
  private final Filler filler;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int ipId;
  private int written;
  private long bytes;

  PcapWriter(OutputStream out, Filler filler) throws IOException {
    this.out = out;
    this.filler = filler;
    // Global header: magic, version 2.4, GMT offset 0, accuracy 0, snaplen, LINKTYPE_ETHERNET.
    putIntLe(0xa1b2c3d4);
    putShortLe(2);
    putShortLe(4);
    putIntLe(0);
    putIntLe(0);
    putIntLe(65535);
    putIntLe(1);
  }

  long packets() {
    return written;
  }

  long bytes() {
    return bytes + pos;
  }

  void write(Packet p) throws IOException {
    Flow f = p.flow;
    Host src = p.fromClient ? f.client : f.server;
    Host dst = p.fromClient ? f.server : f.client;
    int srcPort = p.fromClient ? f.clientPort : f.serverPort;
    int dstPort = p.fromClient ? f.serverPort : f.clientPort;
    boolean syn = (p.flags & Packet.SYN) != 0;
    int l4Header = f.udp ? 8 : syn ? 24 : 20;
    int ipHeader = src.v6 ? 40 : 20;
    int l4Length = l4Header + p.length;
    int frameLength = 14 + ipHeader + l4Length;
    if (pos + 16 + frameLength > BUFFER) {
      flush();
    }
    putIntLe((int) (p.micros / 1_000_000));
    putIntLe((int) (p.micros % 1_000_000));
    putIntLe(frameLength);
    putIntLe(frameLength);

    System.arraycopy(dst.mac, 0, buf, pos, 6);
    System.arraycopy(src.mac, 0, buf, pos + 6, 6);
    pos += 12;
    int protocol = f.udp ? UDP : TCP;
    ipId++;
    if (src.v6) {
      putShort(0x86dd);
      putInt(0x60000000 | (f.clientPort & 0xfffff));
      putShort(l4Length);
      buf[pos++] = (byte) protocol;
      buf[pos++] = (byte) 64;
      System.arraycopy(src.address, 0, buf, pos, 16);
      System.arraycopy(dst.address, 0, buf, pos + 16, 16);
      pos += 32;
    } else {
      putShort(0x0800);
      int ipStart = pos;
      buf[pos++] = 0x45;
      buf[pos++] = 0;
      putShort(20 + l4Length);
      putShort(ipId & 0xffff);
      putShort(0x4000); // don't fragment
      buf[pos++] = (byte) (p.fromClient ? 64 : 63);
      buf[pos++] = (byte) protocol;
      putShort(0);
      System.arraycopy(src.address, 0, buf, pos, 4);
      System.arraycopy(dst.address, 0, buf, pos + 4, 4);
      pos += 8;
      // The header's words summed from the fields just written, without reading them back.
      int ttl = p.fromClient ? 64 : 63;
      long ipSum =
          0x4500
              + 20
              + l4Length
              + (ipId & 0xffff)
              + 0x4000
              + ((ttl << 8) | protocol)
              + src.addressSum
              + dst.addressSum;
      int checksum = Checksums.finish(ipSum);
      buf[ipStart + 10] = (byte) (checksum >>> 8);
      buf[ipStart + 11] = (byte) checksum;
    }

    putShort(srcPort);
    putShort(dstPort);
    int checksumAt;
    // Pseudo header and L4 header, summed from the fields rather than read back.
    long sum = src.addressSum + dst.addressSum + protocol + l4Length + srcPort + dstPort;
    if (f.udp) {
      putShort(l4Length);
      checksumAt = pos;
      putShort(0);
      sum += l4Length;
    } else {
      putInt(p.seq);
      putInt(p.ack);
      int offsetAndFlags = ((l4Header / 4) << 12) | p.flags;
      int window = p.fromClient ? 64240 : 65160;
      putShort(offsetAndFlags);
      putShort(window);
      checksumAt = pos;
      putShort(0);
      putShort(0); // urgent pointer
      sum +=
          (p.seq >>> 16)
              + (p.seq & 0xffff)
              + (p.ack >>> 16)
              + (p.ack & 0xffff)
              + offsetAndFlags
              + window;
      if (syn) {
        putInt(0x02040000 | MSS); // MSS option
        sum += 0x0204 + MSS;
      }
    }

    int textLength = p.text == null ? 0 : Math.min(p.text.length, p.length);
    if (textLength > 0) {
      System.arraycopy(p.text, 0, buf, pos, textLength);
      if (p.dnsId >= 0) {
        buf[pos] = (byte) (p.dnsId >>> 8);
        buf[pos + 1] = (byte) p.dnsId;
      }
      sum += Checksums.sum(buf, pos, textLength);
      pos += textLength;
    }
    int rest = p.length - textLength;
    if (rest > 0) {
      int start = Filler.start(written);
      System.arraycopy(filler.bytes, start, buf, pos, rest);
      long restSum = filler.sum(start, rest);
      // The filler starts right after the text: at an odd offset of the checksummed data when
      // the text length is odd (the L4 header length is always even).
      sum += (textLength & 1) == 0 ? restSum : Checksums.shifted(restSum);
      pos += rest;
    }
    int checksum = Checksums.finish(sum);
    if (f.udp && checksum == 0) {
      checksum = 0xffff; // zero means "no checksum" in UDP
    }
    buf[checksumAt] = (byte) (checksum >>> 8);
    buf[checksumAt + 1] = (byte) checksum;
    written++;
  }

  private void flush() throws IOException {
    out.write(buf, 0, pos);
    bytes += pos;
    pos = 0;
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }

  private void putShort(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putInt(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putShortLe(int v) {
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >>> 8);
  }

  private void putIntLe(int v) {
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 24);
  }
}
