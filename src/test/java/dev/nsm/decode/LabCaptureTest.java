package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.event.AuthAttempt;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The decoder against the lab captures; every figure is from src/test/resources/MANIFEST.md. */
class LabCaptureTest {

  private final RecordedAttempts recorded = new RecordedAttempts();
  private final CleartextAuthDecoder decoder = new CleartextAuthDecoder(recorded);

  /** "srcIp service user outcome" → count. */
  private Map<String, Integer> tally() {
    Map<String, Integer> counts = new TreeMap<>();
    for (AuthAttempt a : recorded.attempts) {
      counts.merge(
          a.srcIp() + " " + a.service() + " " + a.user() + " " + a.outcome().label(),
          1,
          Integer::sum);
    }
    return counts;
  }

  @Test
  void ftpBruteForceIsNineteenFailuresAndOneSuccessForBob() throws IOException {
    ClassicPcapReplay.replay("ftp_bruteforce.pcap", decoder);
    assertEquals(
        Map.of("198.51.100.23 ftp bob failure", 19, "198.51.100.23 ftp bob success", 1), tally());
    assertEquals("203.0.113.10", recorded.attempts.get(0).dstIp());
  }

  @Test
  void httpBasicBruteForceIsTwentyFiveFailuresForAdmin() throws IOException {
    ClassicPcapReplay.replay("http_basic_bruteforce.pcap", decoder);
    assertEquals(Map.of("198.51.100.77 http admin failure", 25), tally());
  }

  @Test
  void mailBruteForceIsSixPop3AndSixImapFailuresAndTheBenignLogins() throws IOException {
    ClassicPcapReplay.replay("mail_bruteforce.pcap", decoder);
    assertEquals(
        Map.of(
            "198.51.100.77 pop3 dave failure", 6,
            "198.51.100.23 imap carol failure", 6,
            "192.0.2.50 pop3 alice success", 1,
            "192.0.2.50 imap alice success", 1),
        tally());
  }

  @Test
  void telnetBruteForceIsFiveFailuresAndTheBenignLoginSucceeds() throws IOException {
    ClassicPcapReplay.replay("telnet_bruteforce_nano.pcap", decoder);
    List<String> failures =
        recorded.attempts.stream().filter(AuthAttempt::failed).map(AuthAttempt::srcIp).toList();
    assertEquals(
        List.of(
            "198.51.100.23", "198.51.100.23", "198.51.100.23", "198.51.100.23", "198.51.100.23"),
        failures);
    List<String> successes =
        recorded.attempts.stream()
            .filter(AuthAttempt::succeeded)
            .map(a -> a.srcIp() + " " + a.user())
            .toList();
    assertEquals(List.of("192.0.2.52 alice"), successes);
  }

  @Test
  void passiveFtpDataConnectionsOfThePublicCaptureAreAllClaimed() throws IOException {
    List<Integer> claimed = new java.util.ArrayList<>();
    List<Integer> unclaimed = new java.util.ArrayList<>();
    PacketConsumer flowTracker =
        new PacketConsumer() {
          @Override
          public void onPacket(PacketView packet) {
            boolean attempt =
                packet.isTcp()
                    && packet.hasFlags(PacketView.SYN)
                    && !packet.hasFlags(PacketView.ACK);
            if (attempt && packet.dstPort != 21) {
              (decoder.claim(packet) ? claimed : unclaimed).add(packet.dstPort);
            }
            decoder.onPacket(packet);
          }

          @Override
          public void advanceTo(long micros) {
            decoder.advanceTo(micros);
          }
        };
    ClassicPcapReplay.replay("ftp_download_passive.pcap", flowTracker);
    assertEquals(List.of(), unclaimed);
    assertEquals(3, claimed.size(), "data connections to 21001 and 21008 (x2): " + claimed);
    assertEquals(Map.of("172.23.0.3 ftp bob success", 1), tally());
  }

  @Test
  void benignTrafficHasOneFtpAndOneHttpTypoAndPlainRequestsAreNotAttempts() throws IOException {
    List<Integer> claimed = new java.util.ArrayList<>();
    PacketConsumer flowTracker =
        new PacketConsumer() {
          @Override
          public void onPacket(PacketView packet) {
            if (packet.isTcp()
                && packet.hasFlags(PacketView.SYN)
                && !packet.hasFlags(PacketView.ACK)
                && decoder.claim(packet)) {
              claimed.add(packet.dstPort);
            }
            decoder.onPacket(packet);
          }
        };
    ClassicPcapReplay.replay("benign.pcap", flowTracker);
    assertEquals(
        Map.of(
            "192.0.2.51 ftp bob failure", 1,
            "192.0.2.51 ftp bob success", 1,
            "192.0.2.51 ftp alice success", 1,
            "192.0.2.50 http admin failure", 1,
            "192.0.2.50 http admin success", 1),
        tally());
    assertEquals(List.of(40006, 40084), claimed.stream().sorted().toList());
  }
}
