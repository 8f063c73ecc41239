package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.Policy;
import dev.nsm.policy.PolicyLoader;
import dev.nsm.policy.PolicyText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyPlaceholdersTest {

  private static Policy policy(String overrides) throws Exception {
    return new PolicyLoader()
        .loadTexts(
            List.of(
                PolicyLoader.defaultText(),
                new PolicyText("site.yaml", "schema_version: 1\n" + overrides)));
  }

  private static String fill(String text, Policy policy) {
    List<Diagnostic> problems = new ArrayList<>();
    String filled = PolicyPlaceholders.fill(new RuleFile("r.drl", text), policy, problems).text();
    assertTrue(problems.isEmpty(), problems.toString());
    return filled;
  }

  @Test
  void transportsBecomeTheDetectionsTransportsPaddedToThePlaceholder() throws Exception {
    String text = "transport in (${high-frequency.transports}), x";
    String filled = fill(text, policy(""));
    assertEquals("transport in (Transport.TCP" + " ".repeat(15) + "), x", filled);
    assertEquals(text.length(), filled.length());
  }

  @Test
  void severalTransportsAreListedInTheirOrder() throws Exception {
    Policy policy = policy("detections:\n  port-scan:\n    transports: [udp, icmp, tcp]\n");
    assertEquals(
        "transport in (Transport.TCP, Transport.UDP, Transport.ICMP)",
        fill("transport in (${port-scan.transports})", policy));
  }

  @Test
  void noTransportsMatchNoFact() throws Exception {
    Policy policy = policy("detections:\n  port-scan:\n    transports: []\n");
    assertEquals(
        "transport in (null" + " ".repeat(19) + ")",
        fill("transport in (${port-scan.transports})", policy));
  }

  @Test
  void windowsBecomeMilliseconds() throws Exception {
    assertEquals(
        "window:time(60000ms" + " ".repeat(12) + ")",
        fill("window:time(${port-scan.window})", policy("")));
  }
}
