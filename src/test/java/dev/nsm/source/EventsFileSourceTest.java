package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsFileSourceTest {

  private static final String CONNECTION =
      "{\"type\": \"connection\", \"time\": \"2026-11-25T09:00:00.123456Z\", \"src_ip\":"
          + " \"198.51.100.23\", \"src_port\": 40000, \"dst_ip\": \"203.0.113.10\", \"dst_port\":"
          + " 22, \"transport\": \"tcp\"}";
  private static final String AUTH =
      "{\"type\": \"auth\", \"time\": \"2026-11-25T09:00:01Z\", \"src_ip\": \"198.51.100.23\","
          + " \"dst_ip\": \"203.0.113.10\", \"dst_port\": 22, \"service\": \"ssh\", \"user\":"
          + " \"root\", \"outcome\": \"failure\"}";

  private static final long NINE_O_CLOCK_MICROS =
      Instant.parse("2026-11-25T09:00:00Z").getEpochSecond() * 1_000_000L;

  private static RecordingSink read(String... lines) throws IOException {
    RecordingSink sink = new RecordingSink();
    EventsFileSource.of("events.jsonl", new StringReader(String.join("\n", lines) + "\n"))
        .readInto(sink);
    return sink;
  }

  /** A connection line with one key's raw JSON value replaced, added or (value null) removed. */
  private static String connectionWith(String key, String rawValue) {
    StringBuilder json = new StringBuilder("{\"type\": \"connection\"");
    String[][] fields = {
      {"time", "\"2026-11-25T09:00:00Z\""},
      {"src_ip", "\"198.51.100.23\""},
      {"dst_port", "22"},
    };
    boolean replaced = false;
    for (String[] field : fields) {
      String value = field[0].equals(key) ? rawValue : field[1];
      replaced |= field[0].equals(key);
      if (value != null) {
        json.append(", \"").append(field[0]).append("\": ").append(value);
      }
    }
    if (!replaced && rawValue != null) {
      json.append(", \"").append(key).append("\": ").append(rawValue);
    }
    return json.append('}').toString();
  }

  private static Origin originOf(Fact fact) {
    return fact instanceof Connection c ? c.origin() : ((AuthAttempt) fact).origin();
  }

  private static String onlyProblem(RecordingSink sink) {
    assertEquals(List.of(), sink.facts, "facts");
    assertEquals(1, sink.problems.size(), () -> "problems: " + sink.problems);
    return sink.problems.get(0);
  }

  @Test
  void readsTheDocumentedExampleConnectionExactly() throws IOException {
    Connection c = read(CONNECTION).only(Connection.class);

    assertEquals(
        Connection.of(
            NINE_O_CLOCK_MICROS + 123_456,
            "198.51.100.23",
            40000,
            "203.0.113.10",
            22,
            Transport.TCP,
            Origin.line("events.jsonl", 1)),
        c);
    assertEquals((NINE_O_CLOCK_MICROS + 123_456) / 1000, c.timestamp());
  }

  @Test
  void readsTheDocumentedExampleAuthAttemptExactly() throws IOException {
    AuthAttempt a = read(AUTH).only(AuthAttempt.class);

    assertEquals(
        AuthAttempt.of(
            NINE_O_CLOCK_MICROS + 1_000_000,
            "198.51.100.23",
            "203.0.113.10",
            22,
            "ssh",
            "root",
            AuthOutcome.FAILURE,
            Origin.line("events.jsonl", 1)),
        a);
  }

  @Test
  void rfc3339TimeKeepsMicrosecondsAppliesTheOffsetAndTruncatesNanoseconds() throws IOException {
    assertEquals(
        NINE_O_CLOCK_MICROS + 123_456,
        read(connectionWith("time", "\"2026-11-25T09:00:00.123456Z\"")).only(Fact.class).micros());
    assertEquals(
        NINE_O_CLOCK_MICROS + 123_456,
        read(connectionWith("time", "\"2026-11-25T11:00:00.123456999+02:00\""))
            .only(Fact.class)
            .micros());
    assertEquals(
        NINE_O_CLOCK_MICROS + 500_000,
        read(connectionWith("time", "\"2026-11-25T04:30:00.5-04:30\"")).only(Fact.class).micros());
  }

  @Test
  void epochSecondsNumberGivesExactMicrosecondsTruncatingFinerDigits() throws IOException {
    long micros = NINE_O_CLOCK_MICROS + 123_456;
    String seconds = (micros / 1_000_000) + ".123456";
    assertEquals(micros, read(connectionWith("time", seconds)).only(Fact.class).micros());
    assertEquals(
        NINE_O_CLOCK_MICROS,
        read(connectionWith("time", Long.toString(NINE_O_CLOCK_MICROS / 1_000_000)))
            .only(Fact.class)
            .micros());
    assertEquals(
        micros,
        read(connectionWith("time", seconds + "999")).only(Fact.class).micros(),
        "nanoseconds truncated, where a double would round up to the next microsecond");
  }

  @Test
  void timeWithoutZoneOffsetIsMalformedWithAHint() throws IOException {
    String problem = onlyProblem(read(connectionWith("time", "\"2026-11-25T09:00:00\"")));

    assertTrue(problem.contains("no zone offset"), problem);
  }

  @Test
  void impossibleDatesAndNonTimeValuesAreMalformed() throws IOException {
    for (String time :
        List.of(
            "\"2026-02-30T09:00:00Z\"", "\"2026-11-25T09:00Z\"", "\"yesterday\"", "true", "1e20")) {
      assertEquals(1, read(connectionWith("time", time)).problems.size(), time);
    }
  }

  @Test
  void connectionWithOnlyRequiredKeysIsTcpFromPortZeroToTheMonitoredHost() throws IOException {
    Connection c = read(connectionWith("transport", null)).only(Connection.class);

    assertEquals(Transport.TCP, c.transport());
    assertEquals(0, c.srcPort());
    assertNull(c.dstIp());
  }

  @Test
  void transportIsReadInAnyCaseAndUnknownOnesAreMalformed() throws IOException {
    assertEquals(
        Transport.UDP,
        read(connectionWith("transport", "\"UDP\"")).only(Connection.class).transport());
    assertTrue(onlyProblem(read(connectionWith("transport", "\"sctp\""))).contains("'sctp'"));
  }

  @Test
  void unknownKeyIsMalformedWithADidYouMeanAndTheNextLineIsStillRead() throws IOException {
    RecordingSink sink = read(CONNECTION.replace("dst_port", "dst_prot"), AUTH);

    assertEquals(
        List.of("events.jsonl:1: unknown key 'dst_prot' (did you mean 'dst_port'?)"),
        sink.problems);
    assertEquals(1, sink.facts.size());
    assertEquals(2, originOf(sink.facts.get(0)).position());
  }

  @Test
  void keyOfTheOtherEventTypeIsMalformed() throws IOException {
    String problem = onlyProblem(read(connectionWith("user", "\"root\"")));

    assertTrue(problem.endsWith("key 'user' does not apply to type 'connection'"), problem);
  }

  @Test
  void missingOrNullRequiredKeyIsMalformed() throws IOException {
    assertTrue(
        onlyProblem(read(connectionWith("dst_port", null)))
            .endsWith("missing required key 'dst_port'"));
    assertTrue(
        onlyProblem(read(connectionWith("src_ip", "null")))
            .endsWith("required key 'src_ip' is null"));
    assertTrue(
        onlyProblem(read(AUTH.replace(", \"service\": \"ssh\"", "")))
            .endsWith("missing required key 'service'"));
    assertTrue(
        onlyProblem(read("{\"time\": 1, \"src_ip\": \"192.0.2.1\", \"dst_port\": 1}"))
            .endsWith("missing required key 'type'"));
  }

  @Test
  void hostNamesAndInvalidAddressesAreMalformedWithoutBeingLookedUp() throws IOException {
    for (String address : List.of("localhost", "999.1.1.1", "example.com", "fe80::1%eth0", "")) {
      String problem = onlyProblem(read(connectionWith("src_ip", "\"" + address + "\"")));
      assertTrue(problem.contains("must be an IPv4 or IPv6 address"), problem);
    }
    assertEquals(1, read(CONNECTION.replace("203.0.113.10", "localhost")).problems.size());
  }

  @Test
  void ipv6AddressesAreAcceptedAsWritten() throws IOException {
    Connection c =
        read(connectionWith("src_ip", "\"2001:DB8::1\"").replace("}", ", \"dst_ip\": \"::1\"}"))
            .only(Connection.class);

    assertEquals("2001:DB8::1", c.srcIp());
    assertEquals("::1", c.dstIp());
  }

  @Test
  void portsOutsideZeroTo65535OrNotWholeNumbersAreMalformed() throws IOException {
    for (String port : List.of("65536", "-1", "99999999999999999999", "22.5", "\"22\"")) {
      String problem = onlyProblem(read(connectionWith("dst_port", port)));
      assertTrue(problem.contains("'dst_port'"), problem);
    }
    assertEquals(65535, read(connectionWith("dst_port", "65535")).only(Connection.class).dstPort());
    assertEquals(1, read(connectionWith("src_port", "70000")).problems.size());
  }

  @Test
  void lineOverOneMebibyteIsSkippedAndCountedAndTheNextLineIsRead() throws IOException {
    String huge = "{\"type\": \"" + "x".repeat(EventsFileSource.MAX_LINE_CHARS) + "\"}";

    RecordingSink sink = read(CONNECTION, huge, AUTH);

    assertEquals(List.of(2L), sink.problemLines);
    assertTrue(
        sink.problems.get(0).contains("longer than the limit of 1048576"), sink.problems::toString);
    assertEquals(2, sink.facts.size());
    assertEquals(3, originOf(sink.facts.get(1)).position());
  }

  @Test
  void lineOfExactlyOneMebibyteIsStillRead() throws IOException {
    String padded = CONNECTION + " ".repeat(EventsFileSource.MAX_LINE_CHARS - CONNECTION.length());

    assertEquals(1, read(padded + "\r").only(Connection.class).origin().position());
  }

  @Test
  void blankAndCommentLinesAreSkippedButStillCounted() throws IOException {
    RecordingSink sink = read("# replay of 25 November", "", "   \t", "  # indented comment", AUTH);

    assertEquals(5, sink.only(AuthAttempt.class).origin().position());
  }

  @Test
  void jsonThatIsNotAnObjectIsMalformed() throws IOException {
    for (String line : List.of("[1, 2]", "\"connection\"", "42", "null")) {
      String problem = onlyProblem(read(line));
      assertTrue(problem.contains("expected a JSON object"), problem);
    }
    assertTrue(onlyProblem(read("{\"type\": ")).contains("invalid JSON"));
  }

  @Test
  void duplicateKeyIsMalformed() throws IOException {
    String problem =
        onlyProblem(read(AUTH.replace("\"outcome\"", "\"user\": \"admin\", \"outcome\"")));

    assertTrue(problem.contains("'user'"), problem);
  }

  @Test
  void textAfterTheObjectIsMalformed() throws IOException {
    assertTrue(
        onlyProblem(read(AUTH + " " + AUTH)).contains("unexpected text after the JSON object"));
    assertEquals(1, read(AUTH + " trailing").problems.size());
    assertEquals(1, read(AUTH + "}").problems.size());
  }

  @Test
  void originsCarryTheNameAndLineNumberAcrossCrlfAndBadLines() throws IOException {
    RecordingSink sink = new RecordingSink();
    String text = CONNECTION + "\r\n# note\r\nnot json\r\n\r\n" + AUTH + "\r\n" + AUTH;

    EventsFileSource.of("replay.jsonl", new StringReader(text)).readInto(sink);

    assertEquals(
        List.of(
            Origin.line("replay.jsonl", 1),
            Origin.line("replay.jsonl", 5),
            Origin.line("replay.jsonl", 6)),
        sink.facts.stream().map(EventsFileSourceTest::originOf).toList());
    assertEquals(List.of(3L), sink.problemLines);
  }

  @Test
  void factsComeOutInFileOrderEvenWhenTimeGoesBackwards() throws IOException {
    RecordingSink sink = read(AUTH, CONNECTION);

    assertTrue(sink.facts.get(0).micros() > sink.facts.get(1).micros());
  }

  @Test
  void authOutcomeIsReadInAnyCaseAndOtherValuesAreMalformed() throws IOException {
    assertTrue(read(AUTH.replace("failure", "success")).only(AuthAttempt.class).succeeded());
    assertTrue(read(AUTH.replace("failure", "FAILURE")).only(AuthAttempt.class).failed());
    assertTrue(
        onlyProblem(read(AUTH.replace("\"failure\"", "\"maybe\"")))
            .contains("unknown outcome 'maybe'"));
    assertTrue(
        onlyProblem(read(AUTH.replace(", \"outcome\": \"failure\"", "")))
            .endsWith("missing required key 'outcome'"));
  }

  @Test
  void authServiceIsLowerCasedAndUserAndDestinationAreOptional() throws IOException {
    String minimal =
        "{\"type\": \"auth\", \"time\": 0, \"src_ip\": \"192.0.2.7\", \"service\": \"FTP\","
            + " \"outcome\": \"success\"}";

    AuthAttempt a = read(minimal).only(AuthAttempt.class);

    assertEquals("ftp", a.service());
    assertNull(a.user());
    assertNull(a.dstIp());
    assertEquals(0, a.dstPort());
  }

  @Test
  void userNameWithCrLfIsKeptExactlyAndTheProblemReportsStayOneLine() throws IOException {
    String forged = "root\r\n2026-11-25 09:00:02 - INFO - all clear";
    String json = AUTH.replace("\"root\"", "\"root\\r\\n2026-11-25 09:00:02 - INFO - all clear\"");

    assertEquals(forged, read(json).only(AuthAttempt.class).user());

    String problem = onlyProblem(read(AUTH.replace("\"failure\"", "\"no\\r\\nforged\"")));
    assertFalse(problem.contains("\n") || problem.contains("\r"), problem);
  }

  @Test
  void readsAFileByPathAsUtf8WithoutItsByteOrderMark(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, "\uFEFF" + AUTH.replace("root", "jürgen") + "\n");
    EventsFileSource source = new EventsFileSource(file);
    RecordingSink sink = new RecordingSink();

    source.readInto(sink);

    AuthAttempt a = sink.only(AuthAttempt.class);
    assertEquals("jürgen", a.user());
    assertEquals(Origin.line(file.toString(), 1), a.origin());
    assertEquals(file.toString(), source.name());
  }

  @Test
  void bytesThatAreNotUtf8DoNotStopTheRead(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.jsonl");
    byte[] bad =
        (AUTH.replace("root", "r\u0000t") + "\n" + AUTH + "\n").getBytes(StandardCharsets.UTF_8);
    bad[AUTH.indexOf("root") + 1] = (byte) 0xC3; // a lead byte with no continuation
    Files.write(file, bad);
    RecordingSink sink = new RecordingSink();

    new EventsFileSource(file).readInto(sink);

    assertEquals(2, sink.facts.size(), sink.problems::toString);
    assertEquals("r\uFFFDt", ((AuthAttempt) sink.facts.get(0)).user());
  }

  @Test
  void missingFileIsAnIOExceptionNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-events.jsonl");

    IOException e =
        assertThrows(
            IOException.class, () -> new EventsFileSource(missing).readInto(new RecordingSink()));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void directoryIsAnIOExceptionNamingIt(@TempDir Path dir) {
    IOException e =
        assertThrows(
            IOException.class, () -> new EventsFileSource(dir).readInto(new RecordingSink()));

    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void givenReaderIsReadButNotClosed() throws IOException {
    boolean[] closed = {false};
    StringReader reader =
        new StringReader(AUTH) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    EventsFileSource.of("-", reader).readInto(new RecordingSink());

    assertFalse(closed[0]);
  }
}
