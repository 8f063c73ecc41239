package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.event.Transport;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Vectors from the Community ID spec's baseline (corelight/community-id-spec). */
class CommunityIdTest {

  @Test
  void matchesThePublishedTcpVectorInBothDirections() {
    Optional<String> expected = Optional.of("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
    assertEquals(
        expected, CommunityId.of("128.232.110.120", 34855, "66.35.250.204", 80, Transport.TCP));
    assertEquals(
        expected, CommunityId.of("66.35.250.204", 80, "128.232.110.120", 34855, Transport.TCP));
  }

  @Test
  void matchesThePublishedUdpVector() {
    assertEquals(
        Optional.of("1:d/FP5EW3wiY1vCndhwleRRKHowQ="),
        CommunityId.of("192.168.1.52", 54585, "8.8.8.8", 53, Transport.UDP));
  }

  @Test
  void matchesThePublishedIpv6Vector() {
    assertEquals(
        Optional.of("1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="),
        CommunityId.of(
            "2001:470:e5bf:dead:4957:2174:e82c:4887",
            63943,
            "2607:f8b0:400c:c03::1a",
            25,
            Transport.TCP));
  }

  @Test
  void ordersEndpointsByPortWhenAddressesAreEqual() {
    assertEquals(
        CommunityId.of("10.0.0.1", 1234, "10.0.0.1", 80, Transport.TCP),
        CommunityId.of("10.0.0.1", 80, "10.0.0.1", 1234, Transport.TCP));
  }

  @Test
  void isOmittedWithoutPortsTransportOrLiteralAddresses() {
    assertEquals(Optional.empty(), CommunityId.of("10.0.0.1", 0, "10.0.0.2", 80, Transport.TCP));
    assertEquals(Optional.empty(), CommunityId.of("10.0.0.1", 1, "10.0.0.2", 80, Transport.ICMP));
    assertEquals(Optional.empty(), CommunityId.of("10.0.0.1", 1, "10.0.0.2", 80, null));
    assertEquals(Optional.empty(), CommunityId.of("10.0.0.1", 1, null, 80, Transport.TCP));
    assertEquals(Optional.empty(), CommunityId.of("300.0.0.1", 1, "10.0.0.2", 80, Transport.UDP));
    assertEquals(Optional.empty(), CommunityId.of("example.com", 1, "10.0.0.2", 80, Transport.UDP));
    assertEquals(Optional.empty(), CommunityId.of("10.0.0.1", 1, "2001:db8::1", 80, Transport.UDP));
  }
}
