package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.IpAddress;
import dev.nsm.source.EventsFileSource;
import dev.nsm.source.FactSink;
import dev.nsm.source.RecordedInputs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nsm run --pseudonymize-key}: no real address of the input in any output, the same
 * pseudonym for the same address everywhere, and {@code nsm pseudonym} to check one.
 */
class PseudonymizeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLE = Path.of("examples", "mixed-4min");
  private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");

  @TempDir Path dir;
  private Path key;
  private Path ipv6Scan;

  @BeforeEach
  void keyAndInputs() throws IOException {
    key = dir.resolve("nsm.key");
    Files.write(key, "a key of at least thirty-two bytes, for tests only".getBytes());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    ipv6Scan = Files.writeString(dir.resolve("ipv6.jsonl"), ipv6PortScan());
  }

  @Test
  void noRealAddressOfTheInputReachesAnyOutputAndPseudonymsCorrelate() throws IOException {
    Cli.Result text = run("--explain", "--near-misses", "--report", "report.txt");
    Cli.Result json = run("--format", "json", "--near-misses", "--report", "report.json");

    assertEquals(ExitCode.OK, text.exitCode(), text::toString);
    assertEquals(ExitCode.OK, json.exitCode(), json::toString);
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("stdout (text)", text.out());
    outputs.put("stderr (text)", text.err());
    outputs.put("stdout (json)", json.out());
    outputs.put("stderr (json)", json.err());
    for (String file :
        List.of("security_monitor.log", "alerts.jsonl", "report.txt", "report.json")) {
      outputs.put(file, Files.readString(dir.resolve(file)));
    }
    Set<String> real = realAddresses();
    assertTrue(real.contains("198.51.100.77") && real.contains("2001:db8:1:2::"), real::toString);
    for (Map.Entry<String, String> output : outputs.entrySet()) {
      for (String address : real) {
        Matcher leak = wordly(address).matcher(output.getValue());
        assertFalse(leak.find(), () -> address + " leaked into " + output.getKey());
      }
      assertFalse(
          IPV4.matcher(output.getValue()).find(), () -> "an IPv4 address in " + output.getKey());
    }

    Cli.Result lookup =
        Cli.run("pseudonym", "--key", key.toString(), "198.51.100.77", "2001:db8:1:2::5/64");
    assertEquals(ExitCode.OK, lookup.exitCode(), lookup::toString);
    String[] lines = lookup.out().split("\n");
    String scanner = lines[0].split(" ")[1];
    String ipv6Network = lines[1].split(" ")[1];
    assertTrue(scanner.matches("ip-[0-9a-f]{16}"), lookup::toString);
    assertTrue(ipv6Network.matches("ip-[0-9a-f]{16}/64"), lookup::toString);

    List<JsonNode> alerts = alerts();
    JsonSchema schema = schema();
    for (JsonNode alert : alerts) {
      assertEquals(Set.of(), schema.validate(alert), alert::toString);
      assertTrue(
          alert.at("/network/community_id").isMissingNode(), "community_id confirms guesses");
      assertTrue(alert.at("/source/ip").isMissingNode(), alert::toString);
    }
    assertTrue(
        alerts.stream().anyMatch(a -> a.at("/source/address").asText().equals(scanner)),
        "the scanner's alerts carry its pseudonym");
    assertTrue(
        alerts.stream().anyMatch(a -> a.at("/nsm/source_key").asText().equals(ipv6Network)),
        "the IPv6 /64 source key is pseudonymised with its prefix length");
    assertTrue(outputs.get("security_monitor.log").contains("source=" + scanner + " "));
    assertTrue(outputs.get("report.txt").contains(scanner), "the report names the pseudonym");
    assertTrue(outputs.get("report.json").contains("\"source\": \"" + scanner + "\""));
    assertTrue(
        json.err().contains(alerts.size() + " alert(s) were already in "),
        "keyed ids are deterministic, so the second run added no alert twice: " + json.err());
  }

  @Test
  void aKeyFileOthersCanReadIsRefusedBeforeAnyOutputIsCreated() throws IOException {
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

    Cli.Result result = run();

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertEquals(
        "nsm run: error: cannot use key file "
            + key
            + ": mode 0640 lets group or others use it; the key must be its owner's alone (chmod"
            + " 600 "
            + key
            + ")\n",
        result.err());
    assertFalse(Files.exists(dir.resolve("alerts.jsonl")));
    assertFalse(Files.exists(dir.resolve("security_monitor.log")));
  }

  @Test
  void pseudonymRefusesAShortKeyAndNamesAnAddressItCannotRead() throws IOException {
    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, "too short\n");
    Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));

    Cli.Result refused = Cli.run("pseudonym", "--key", shortKey.toString(), "198.51.100.7");
    Cli.Result bad = Cli.run("pseudonym", "--key", key.toString(), "198.51.100.7", "example.org");

    assertEquals(ExitCode.INVALID_INPUT, refused.exitCode(), refused::toString);
    assertTrue(refused.err().contains("10 bytes; a key needs at least 32"), refused::toString);
    assertEquals(ExitCode.INVALID_INPUT, bad.exitCode(), bad::toString);
    assertTrue(bad.out().startsWith("198.51.100.7 ip-"), bad::toString);
    assertTrue(bad.err().contains("'example.org' is not an IP address"), bad::toString);
  }

  /**
   * nsm run over the example's capture and log and an IPv6 scan, pseudonymised, in {@link #dir}.
   */
  private Cli.Result run(String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "--pcap",
                EXAMPLE.resolve("capture.pcap").toString(),
                "--auth-log",
                EXAMPLE.resolve("auth.log").toString(),
                "--log-year",
                "2026",
                "--events",
                ipv6Scan.toString(),
                "--pseudonymize-key",
                key.toString(),
                "--log",
                dir.resolve("security_monitor.log").toString(),
                "--alerts",
                dir.resolve("alerts.jsonl").toString()));
    for (String option : options) {
      args.add(option.startsWith("report.") ? dir.resolve(option).toString() : option);
    }
    return Cli.run(args.toArray(String[]::new));
  }

  /**
   * Every address the inputs hold: of every fact they give, IPv6 source networks as nsm keys them,
   * and any dotted quad in the text inputs, parsed or not.
   */
  private Set<String> realAddresses() throws IOException {
    Set<String> addresses = new TreeSet<>();
    RecordedInputs inputs =
        new RecordedInputs(
            List.of(EXAMPLE.resolve("capture.pcap")),
            List.of(EXAMPLE.resolve("auth.log")),
            List.of(new EventsFileSource(ipv6Scan)),
            2026,
            null);
    inputs.replay(
        new FactSink() {
          @Override
          public void accept(Fact fact) {
            if (fact instanceof Connection c) {
              add(c.srcIp(), c.dstIp());
            } else if (fact instanceof AuthAttempt a) {
              add(a.srcIp(), a.dstIp());
            } else if (fact instanceof ConnectionOutcome o) {
              add(o.srcIp(), o.dstIp());
            }
          }

          private void add(String... ips) {
            for (String ip : ips) {
              if (ip != null) {
                addresses.add(IpAddress.format(IpAddress.parse(ip)));
              }
            }
          }

          @Override
          public void malformed(String input, long line, String reason) {}
        });
    addresses.add("2001:db8:1:2::");
    for (Path text : List.of(EXAMPLE.resolve("auth.log"), ipv6Scan)) {
      Matcher quad = IPV4.matcher(Files.readString(text));
      while (quad.find()) {
        addresses.add(quad.group());
      }
    }
    return addresses;
  }

  private static Pattern wordly(String address) {
    return Pattern.compile(
        "(?<![0-9A-Za-z.:])" + Pattern.quote(address) + "(?![0-9A-Za-z:]|\\.\\d)");
  }

  /** Two hosts of one /64 scanning 16 ports of one server within a minute: one port-scan alert. */
  private static String ipv6PortScan() {
    StringBuilder lines = new StringBuilder();
    for (int port = 1; port <= 16; port++) {
      lines.append(
          String.format(
              "{\"type\": \"connection\", \"time\": \"2026-11-25T10:00:%02d.000Z\","
                  + " \"src_ip\": \"2001:db8:1:2::%d\", \"dst_ip\": \"2001:db8:99::10\","
                  + " \"dst_port\": %d, \"transport\": \"tcp\"}\n",
              port, 5 + port % 2, 1000 + port));
    }
    return lines.toString();
  }

  private List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("alerts.jsonl"))) {
      alerts.add(JSON.readTree(line));
    }
    return alerts;
  }

  private static JsonSchema schema() throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("docs", "alerts.schema.json"))) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }
}
