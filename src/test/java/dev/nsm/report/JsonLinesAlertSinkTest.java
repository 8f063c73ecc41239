package dev.nsm.report;

import static dev.nsm.report.TestFacts.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.nsm.event.Alert;
import dev.nsm.event.Evidence;
import dev.nsm.event.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAlertSinkTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonSchema schema;

  @TempDir Path dir;

  @BeforeAll
  static void loadSchema() throws IOException {
    // Surefire runs with the project's base directory as the working directory.
    try (InputStream in = Files.newInputStream(Path.of("docs", "alerts.schema.json"))) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  @Test
  void everyLineIsCompleteJsonThatMatchesTheSchema() throws IOException {
    List<JsonNode> lines =
        writeAndRead(TestFacts.portScan(T0, "root"), minimalAlert(), icmpAlert());
    assertEquals(3, lines.size());
    for (JsonNode line : lines) {
      assertEquals(Set.of(), schema.validate(line), line::toString);
    }
  }

  @Test
  void writesTheAlertInEcsShapeWithNestedObjects() throws IOException {
    JsonNode line = writeAndRead(TestFacts.portScan(T0, "root")).get(0);
    assertEquals("2026-11-25T08:40:01.123456Z", line.get("@timestamp").asText());
    assertEquals("alert", line.at("/event/kind").asText());
    assertEquals("a1b2c3", line.at("/event/id").asText());
    assertEquals(3, line.at("/event/severity").asInt());
    assertEquals("port-scan", line.at("/rule/id").asText());
    assertEquals("198.51.100.23", line.at("/source/ip").asText());
    assertEquals(51234, line.at("/source/port").asInt());
    assertEquals("203.0.113.10", line.at("/destination/ip").asText());
    assertEquals(443, line.at("/destination/port").asInt());
    assertEquals("tcp", line.at("/network/transport").asText());
    assertTrue(line.at("/network/community_id").asText().startsWith("1:"));
    assertEquals("high", line.at("/nsm/severity").asText());
    assertEquals(2, line.at("/nsm/suppressed").asLong());
    assertEquals("sha256:abc", line.at("/nsm/ruleset_hash").asText());
    assertEquals("0.1.0", line.at("/nsm/version").asText());
    assertFalse(line.has("event.kind"), "dotted keys instead of nested objects");
    assertFalse(line.at("/event").has("created"), "wall-clock time makes output nondeterministic");
  }

  @Test
  void writesEvidenceWithCapOmittedCountAndEachFactsOwnFields() throws IOException {
    JsonNode evidence = writeAndRead(TestFacts.portScan(T0, "root")).get(0).at("/nsm/evidence");
    assertEquals(15, evidence.get("count").asLong());
    assertEquals(15, evidence.get("threshold").asLong());
    assertEquals("2026-11-25T08:39:01.123456Z", evidence.get("window_start").asText());
    assertEquals("2026-11-25T08:40:01.123456Z", evidence.get("window_end").asText());
    assertEquals(3, evidence.get("facts_cap").asInt());
    assertEquals(12, evidence.get("facts_omitted").asLong());
    JsonNode connection = evidence.at("/facts/0");
    assertEquals("connection", connection.get("kind").asText());
    assertEquals("capture.pcap frame 12", connection.get("origin").asText());
    assertEquals(22, connection.get("destination_port").asInt());
    JsonNode attempt = evidence.at("/facts/1");
    assertEquals("auth_attempt", attempt.get("kind").asText());
    assertEquals("root", attempt.get("user").asText());
    assertEquals("failure", attempt.get("outcome").asText());
    assertFalse(attempt.has("transport"));
    JsonNode alert = evidence.at("/facts/2");
    assertEquals("alert", alert.get("kind").asText());
    assertEquals("brute-force", alert.get("rule_id").asText());
    assertFalse(alert.has("origin"));
  }

  @Test
  void leavesOutFieldsThatDoNotApply() throws IOException {
    JsonNode line = writeAndRead(minimalAlert()).get(0);
    assertFalse(line.at("/source").has("port"));
    assertFalse(line.has("destination"));
    assertFalse(line.has("network"));
    JsonNode icmp = writeAndRead(icmpAlert()).get(0);
    assertEquals("icmp", icmp.at("/network/transport").asText());
    assertFalse(icmp.at("/network").has("community_id"));
  }

  @Test
  void hostileUserNameStaysInsideOneEscapedJsonString() throws IOException {
    String user = "admin\r\n{\"forged\":true}\u001b[2J\u2028\"";
    Path file = dir.resolve("alerts.jsonl");
    try (JsonLinesAlertSink sink = JsonLinesAlertSink.open(file, "sha256:abc", "0.1.0")) {
      sink.accept(TestFacts.portScan(T0, user));
    }
    String content = Files.readString(file);
    assertEquals(1, content.split("\n", -1).length - 1, "exactly one newline, at the end");
    assertTrue(content.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n'), content);
    JsonNode line = MAPPER.readTree(content);
    assertEquals(user, line.at("/nsm/evidence/facts/1/user").asText());
  }

  @Test
  void schemaRejectsALineWithoutRuleIdOrWithAnUnknownField() throws IOException {
    JsonNode valid = writeAndRead(TestFacts.portScan(T0, "root")).get(0);
    ObjectNode noRuleId = valid.deepCopy();
    ((ObjectNode) noRuleId.get("rule")).remove("id");
    assertFalse(schema.validate(noRuleId).isEmpty(), "line without rule.id accepted");
    ObjectNode extra = valid.deepCopy();
    extra.put("event.created", "2026-01-01T00:00:00Z");
    assertFalse(schema.validate(extra).isEmpty(), "unknown top-level field accepted");
    ObjectNode badTime = valid.deepCopy();
    badTime.put("@timestamp", "2026-11-25T08:40:01.123Z");
    Set<ValidationMessage> errors = schema.validate(badTime);
    assertFalse(errors.isEmpty(), "millisecond timestamp accepted");
    ObjectNode connectionWithUser = valid.deepCopy();
    ((ObjectNode) connectionWithUser.at("/nsm/evidence/facts/0")).put("user", "root");
    assertFalse(schema.validate(connectionWithUser).isEmpty(), "connection fact with a user");
  }

  @Test
  void appendsToAnExistingFileAndLeavesItReadableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    Files.writeString(file, "{\"earlier\":1}\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    try (JsonLinesAlertSink sink = JsonLinesAlertSink.open(file, "sha256:abc", "0.1.0")) {
      sink.accept(minimalAlert());
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertEquals("{\"earlier\":1}", lines.get(0));
  }

  @Test
  void createsANewFileReadableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    JsonLinesAlertSink.open(file, "sha256:abc", "0.1.0").close();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void refusesToWriteThroughASymbolicLink() throws IOException {
    Path target = Files.createFile(dir.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(dir.resolve("alerts.jsonl"), target);
    IOException refused =
        assertThrows(IOException.class, () -> JsonLinesAlertSink.open(link, "h", "v"));
    assertEquals(link + ": a symbolic link; nsm does not write through one", refused.getMessage());
  }

  @Test
  void refusesAPathThatIsNotARegularFile() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("alerts.jsonl"));
    IOException refused =
        assertThrows(IOException.class, () -> JsonLinesAlertSink.open(directory, "h", "v"));
    assertEquals(directory + ": not a regular file", refused.getMessage());
  }

  @Test
  void aTornLastLineLeftByACrashIsRemovedAndTheNextAlertStartsOnItsOwnLine() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    Files.writeString(
        file, "{\"earlier\":1}\n{\"@timestamp\":\"2026-11-25T08:52:51.369031Z\",\"ev");
    try (JsonLinesAlertSink sink = JsonLinesAlertSink.open(file, "h", "v")) {
      assertTrue(
          sink.repairedTornLine().contains("partial line of 47 bytes"), sink.repairedTornLine());
      sink.accept(minimalAlert());
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size(), lines::toString);
    assertEquals("{\"earlier\":1}", lines.get(0));
    assertEquals("m1", MAPPER.readTree(lines.get(1)).at("/event/id").asText());
  }

  @Test
  void aWholeLastAlertThatOnlyLostItsLineBreakIsKept() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    try (JsonLinesAlertSink sink = JsonLinesAlertSink.open(file, "h", "v")) {
      Files.writeString(file, sink.line(minimalAlert()));
    }
    try (JsonLinesAlertSink sink = JsonLinesAlertSink.open(file, "h", "v")) {
      assertTrue(sink.repairedTornLine().contains("line break was added"), sink.repairedTornLine());
      sink.accept(icmpAlert());
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size(), lines::toString);
    assertEquals("m1", MAPPER.readTree(lines.get(0)).at("/event/id").asText());
  }

  @Test
  void anAlertTheFileAlreadyHoldsIsNotWrittenAgain() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    try (JsonLinesAlertSink first = JsonLinesAlertSink.open(file, "h", "v")) {
      first.accept(minimalAlert());
      assertEquals(0, first.alreadyWritten());
    }
    try (JsonLinesAlertSink second = JsonLinesAlertSink.open(file, "h", "v")) {
      second.accept(minimalAlert());
      second.accept(icmpAlert());
      assertEquals(1, second.alreadyWritten());
      assertEquals(null, second.repairedTornLine());
    }
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      ids.add(MAPPER.readTree(line).at("/event/id").asText());
    }
    assertEquals(List.of("m1", icmpAlert().id()), ids);
  }

  @Test
  void onlyAWholeObjectCountsAsAnAlertAlreadyWritten() {
    assertEquals(
        "x", JsonLinesAlertSink.idOf("{\"event\":{\"kind\":\"alert\",\"id\":\"x\"},\"a\":[1,{}]}"));
    assertEquals(
        null, JsonLinesAlertSink.idOf("{\"event\":{\"kind\":\"alert\",\"id\":\"x\"},\"a\":[1,"));
    assertEquals(null, JsonLinesAlertSink.idOf("{\"event\":{\"id\":\"x\"}} trailing"));
    assertEquals(
        null, JsonLinesAlertSink.idOf("{\"message\":\"\\\"event\\\":{\\\"id\\\":\\\"x\\\"}\"}"));
    assertEquals(null, JsonLinesAlertSink.idOf("not json"));
  }

  @Test
  void sameAlertGivesTheSameLine() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    try (JsonLinesAlertSink sink = JsonLinesAlertSink.open(file, "h", "v")) {
      assertEquals(
          sink.line(TestFacts.portScan(T0, "root")), sink.line(TestFacts.portScan(T0, "root")));
    }
  }

  private List<JsonNode> writeAndRead(Alert... alerts) throws IOException {
    Path file = Files.createTempFile(dir, "alerts", ".jsonl");
    try (JsonLinesAlertSink sink = JsonLinesAlertSink.open(file, "sha256:abc", "0.1.0")) {
      for (Alert alert : alerts) {
        sink.accept(alert);
      }
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(MAPPER.readTree(line));
    }
    return lines;
  }

  /** Only what every alert has: no ports, no destination, no transport, no evidence facts. */
  private static Alert minimalAlert() {
    return new Alert(
        "m1",
        T0 / 1000,
        T0,
        "policy-violation",
        "Policy violation",
        Severity.LOW,
        "2001:db8::/64",
        "2001:db8::5",
        0,
        null,
        0,
        null,
        "outside allowed hours",
        new Evidence(1, 1, T0 - 1, T0, List.of(), 20, 0),
        0);
  }

  private static Alert icmpAlert() {
    return new Alert(
        "i1",
        T0 / 1000,
        T0,
        "ping-sweep",
        "Ping sweep",
        Severity.CRITICAL,
        "198.51.100.7",
        "198.51.100.7",
        0,
        "203.0.113.0",
        0,
        dev.nsm.event.Transport.ICMP,
        "sweep",
        new Evidence(30, 20, T0 - 10, T0, List.of(), 20, 30),
        0);
  }
}
