package dev.nsm.report;

import dev.nsm.event.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Community ID v1 flow hashes (https://github.com/corelight/community-id-spec), seed 0, so alerts
 * can be joined with Zeek, Suricata and other tools' records of the same flow.
 *
 * <p>The hash is {@code "1:" + base64(sha1(seed, lower endpoint address, higher endpoint address,
 * protocol, 0, lower port, higher port))}, the endpoints ordered so both directions of a flow give
 * the same ID. Only TCP and UDP flows with both ports known are hashed: ICMP IDs are built from the
 * ICMP type and code, which facts do not carry.
 */
public final class CommunityId {

  private static final int SEED = 0;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private CommunityId() {}

  /** The flow's Community ID, or empty when the transport, a port or an address is not usable. */
  public static Optional<String> of(
      String srcIp, int srcPort, String dstIp, int dstPort, Transport transport) {
    if (transport == null || transport == Transport.ICMP || srcPort == 0 || dstPort == 0) {
      return Optional.empty();
    }
    byte[] src = addressBytes(srcIp);
    byte[] dst = addressBytes(dstIp);
    if (src == null || dst == null || src.length != dst.length) {
      return Optional.empty();
    }
    int order = Arrays.compareUnsigned(src, dst);
    boolean swap = order > 0 || (order == 0 && srcPort > dstPort);
    ByteBuffer input = ByteBuffer.allocate(2 + 2 * src.length + 2 + 4);
    input.putShort((short) SEED);
    input.put(swap ? dst : src).put(swap ? src : dst);
    input.put((byte) (transport == Transport.TCP ? 6 : 17)).put((byte) 0);
    input.putShort((short) (swap ? dstPort : srcPort)).putShort((short) (swap ? srcPort : dstPort));
    return Optional.of("1:" + Base64.getEncoder().encodeToString(sha1(input.array())));
  }

  /**
   * The address's bytes, or {@code null} unless it is an IPv4 or IPv6 literal. Only literals reach
   * {@link InetAddress#getByName}, so this never does a DNS lookup.
   */
  private static byte[] addressBytes(String text) {
    if (text == null) {
      return null;
    }
    if (IPV4.matcher(text).matches()) {
      return ipv4Bytes(text);
    }
    if (!IPV6.matcher(text).matches()) {
      return null;
    }
    try {
      // A string with a colon is parsed as an IPv6 literal or rejected, never looked up.
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException notALiteral) {
      return null;
    }
  }

  /** Parsed here: InetAddress would look "300.1.1.1" up in the DNS as a host name. */
  private static byte[] ipv4Bytes(String text) {
    String[] parts = text.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  private static byte[] sha1(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
  }
}
