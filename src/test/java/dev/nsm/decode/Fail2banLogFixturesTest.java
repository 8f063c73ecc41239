package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsm.event.AuthAttempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fail2ban's own filter regression logs: the line after each {@code # failJSON:} comment is a log
 * line, and the JSON says whether fail2ban's filter matches it and which host it blames.
 */
class Fail2banLogFixturesTest {

  private final AuthLogParser parser = new AuthLogParser();

  @ParameterizedTest
  @ValueSource(strings = {"vsftpd.log", "courier-auth.log", "nginx-http-auth.log"})
  void everyAnnotatedFailureBlamesTheAnnotatedHostAndNonFailuresBlameNoOne(String name)
      throws Exception {
    List<Case> cases = cases(name);
    assertFalse(cases.isEmpty());
    int failures = 0;
    for (Case c : cases) {
      AuthLineResult result =
          parser.parse(c.line, new LogContext(name, c.number, 2026, null, null));
      boolean tlsHandshake = c.line.contains("SSL_");
      if (c.match && !tlsHandshake) {
        AuthLineResult.Attempts attempts =
            assertInstanceOf(AuthLineResult.Attempts.class, result, c.line);
        for (AuthEvidence e : attempts.evidence()) {
          AuthAttempt a = e.attempt();
          assertTrue(a.failed(), c.line);
          assertEquals(c.host, a.srcIp(), c.line);
          assertEquals(c.number, a.origin().position());
        }
        failures++;
      } else {
        // Our deliberate difference: fail2ban's nginx "fallback" mode bans TLS handshake errors;
        // no credential was tried there, so they are not authentication attempts.
        assertInstanceOf(AuthLineResult.Irrelevant.class, result, c.line);
      }
    }
    assertEquals(
        switch (name) {
          case "vsftpd.log" -> 8;
          case "courier-auth.log" -> 6;
          default -> 10; // 17 annotated matches, 7 of them TLS handshake errors
        },
        failures);
  }

  private record Case(long number, String line, boolean match, String host) {}

  private static List<Case> cases(String name) throws Exception {
    List<String> lines =
        Files.readAllLines(
            Path.of(Fail2banLogFixturesTest.class.getResource("/logs/" + name).toURI()));
    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("# failJSON:")) {
        JsonNode note = json.readTree(line.substring("# failJSON:".length()));
        JsonNode host = note.get("host");
        cases.add(
            new Case(
                i + 2,
                lines.get(i + 1),
                note.get("match").asBoolean(),
                host == null ? null : host.asText()));
      }
    }
    return cases;
  }
}
