package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

  private final PolicyLoader loader = new PolicyLoader();

  private Policy withSite(String yaml) throws InvalidInputException {
    return loader.load(PolicyLoader.defaultText(), new PolicyText("policies/site.yaml", yaml));
  }

  private List<Diagnostic> errorsOf(PolicyText... layers) {
    return assertThrows(InvalidInputException.class, () -> loader.load(layers)).diagnostics();
  }

  private List<Diagnostic> siteErrors(String yaml) {
    return errorsOf(PolicyLoader.defaultText(), new PolicyText("policies/site.yaml", yaml));
  }

  @Test
  void defaultPolicyHasExactlyTheShippedDefaults() throws Exception {
    Policy policy = loader.loadDefault();

    assertEquals(1, policy.schemaVersion());
    assertTrue(policy.homeNetworks().isEmpty());
    assertTrue(policy.allow().isEmpty());
    assertEquals(
        PortSet.of(20, 21, 22, 23, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995),
        policy.standardPorts().get(Transport.TCP));
    assertEquals(PortSet.of(53, 67, 68, 123), policy.standardPorts().get(Transport.UDP));
    assertEquals(64, policy.ipv6SourcePrefix());
    assertEquals(List.of("policies/default.yaml"), policy.files());
    assertEquals(
        Set.of(
            "unusual-port",
            "high-frequency",
            "auth-failures",
            "port-scan",
            "port-sweep",
            "brute-force-success",
            "multi-pattern-source"),
        policy.detections().keySet());
    EnumSet<Transport> tcpUdp = EnumSet.of(Transport.TCP, Transport.UDP);
    EnumSet<Transport> all = EnumSet.allOf(Transport.class);
    assertDetection(policy, "unusual-port", Severity.LOW, 1, "60s", "10m", tcpUdp);
    assertDetection(
        policy, "high-frequency", Severity.MEDIUM, 6, "1s", "10m", EnumSet.of(Transport.TCP));
    assertDetection(policy, "auth-failures", Severity.HIGH, 5, "5m", "10m", all);
    assertDetection(policy, "port-scan", Severity.HIGH, 15, "60s", "10m", tcpUdp);
    assertDetection(policy, "port-sweep", Severity.HIGH, 25, "5m", "10m", tcpUdp);
    assertDetection(policy, "brute-force-success", Severity.CRITICAL, 5, "10m", "10m", all);
    assertDetection(policy, "multi-pattern-source", Severity.CRITICAL, 2, "1h", "1h", all);
  }

  private static void assertDetection(
      Policy policy,
      String id,
      Severity severity,
      int minCount,
      String window,
      String suppressFor,
      Set<Transport> transports) {
    Detection d = policy.detection(id);
    assertEquals(id, d.id());
    assertTrue(d.enabled(), id);
    assertEquals(severity, d.severity(), id);
    assertEquals(minCount, d.minCount(), id);
    assertEquals(DurationText.parse(window), d.window(), id);
    assertEquals(DurationText.parse(suppressFor), d.suppressFor(), id);
    assertEquals(transports, d.transports(), id);
    assertTrue(d.allow().isEmpty(), id);
    assertTrue(d.settings().isEmpty(), id);
  }

  @Test
  void siteFileOverridesOneKeyAndKeepsItsSiblings() throws Exception {
    Policy policy =
        withSite(
            """
            schema_version: 1
            detections:
              port-scan:
                min_count: 30
            standard_ports:
              udp: [53]
            """);

    Detection scan = policy.detection("port-scan");
    assertEquals(30, scan.minCount());
    assertEquals(Duration.ofSeconds(60), scan.window());
    assertEquals(Severity.HIGH, scan.severity());
    assertEquals(EnumSet.of(Transport.TCP, Transport.UDP), scan.transports());
    assertEquals(6, policy.detection("high-frequency").minCount());
    assertTrue(policy.isStandardPort(Transport.TCP, 443), "tcp ports kept");
    assertFalse(policy.isStandardPort(Transport.UDP, 123), "udp list replaced");
    assertEquals(List.of("policies/default.yaml", "policies/site.yaml"), policy.files());
  }

  @Test
  void laterListReplacesEarlierListInsteadOfAppending() throws Exception {
    Policy policy =
        loader.load(
            PolicyLoader.defaultText(),
            new PolicyText("a.yaml", "schema_version: 1\nallow: [10.0.0.0/8, 192.0.2.7]\n"),
            new PolicyText("b.yaml", "schema_version: 1\nallow: [172.16.0.0/12]\n"));

    assertEquals(List.of("172.16.0.0/12"), policy.allow().cidrs());
    assertTrue(policy.isAllowed("172.16.5.5"));
    assertFalse(policy.isAllowed("10.1.1.1"));
  }

  @Test
  void siteFilesAreReadFromDiskAfterTheDefault(@TempDir Path dir) throws Exception {
    Path site = dir.resolve("site.yaml");
    Files.writeString(site, "schema_version: 1\nhome_networks: [10.0.0.0/8]\n");

    Policy policy = loader.load(List.of(site));

    assertEquals(List.of("policies/default.yaml", site.toString()), policy.files());
    assertTrue(policy.isHome("10.2.3.4"));
    assertFalse(policy.isHome("8.8.8.8"));
    assertEquals(15, policy.detection("port-scan").minCount());
  }

  @Test
  void missingSiteFileIsReportedByName(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    List<Diagnostic> errors =
        assertThrows(InvalidInputException.class, () -> loader.load(List.of(missing)))
            .diagnostics();

    assertEquals(1, errors.size());
    assertEquals(missing.toString(), errors.get(0).path());
    assertTrue(errors.get(0).message().startsWith("cannot read policy file"));
  }

  @Test
  void unknownKeyIsReportedWithPositionAndHint() {
    List<Diagnostic> errors =
        siteErrors(
            """
            schema_version: 1
            detections:
              port-scan:
                min_cout: 3
            """);

    assertEquals(1, errors.size());
    Diagnostic error = errors.get(0);
    assertEquals(Diagnostic.Kind.ERROR, error.kind());
    assertEquals("policies/site.yaml", error.path());
    assertEquals(4, error.line());
    assertEquals(5, error.column());
    assertEquals(
        "policies/site.yaml:4:5: error: unknown key 'min_cout' in detections.port-scan"
            + " (did you mean 'min_count'?)",
        error.toString());
  }

  @Test
  void unknownKeyDifferingInCaseAndDashIsMatched() {
    List<Diagnostic> errors = siteErrors("schema_version: 1\nIPv6-Source-Prefix: 48\n");

    assertEquals(
        "unknown key 'IPv6-Source-Prefix' (did you mean 'ipv6_source_prefix'?)",
        errors.get(0).message());
  }

  @Test
  void unknownKeyWithNothingCloseListsTheKnownKeys() {
    List<Diagnostic> errors = siteErrors("schema_version: 1\nstandard_ports:\n  icmp: [8]\n");

    assertEquals(
        "unknown key 'icmp' in standard_ports (expected one of: tcp, udp)",
        errors.get(0).message());
  }

  @Test
  void duplicateKeyIsReportedAtItsSecondOccurrence() {
    List<Diagnostic> errors =
        siteErrors(
            """
            schema_version: 1
            allow: [10.0.0.0/8]
            allow: [192.168.0.0/16]
            """);

    assertEquals(1, errors.size());
    assertEquals(3, errors.get(0).line());
    assertEquals(1, errors.get(0).column());
    assertEquals("duplicate key 'allow' (first given at line 2)", errors.get(0).message());
  }

  @Test
  void duplicateKeyInsideADetectionNamesTheDetection() {
    List<Diagnostic> errors =
        siteErrors(
            """
            schema_version: 1
            detections:
              port-scan:
                window: 1m
                window: 2m
            """);

    assertEquals(
        "policies/site.yaml:5:5: error: duplicate key 'window' in detections.port-scan"
            + " (first given at line 4)",
        errors.get(0).toString());
  }

  @Test
  void badCidrNamesTheListEntryAndTheExpectedForm() {
    List<Diagnostic> errors =
        siteErrors(
            """
            schema_version: 1
            home_networks:
              - 10.0.0.0/8
              - 10.0.0.0/33
            """);

    assertEquals(
        "policies/site.yaml:4:5: error: home_networks[1]: '10.0.0.0/33' is not a CIDR"
            + " (expected an IPv4 or IPv6 network like 10.0.0.0/8 or 2001:db8::/32)",
        errors.get(0).toString());
  }

  @Test
  void cidrWithHostBitsSetIsRejectedWithBothReadings() {
    List<Diagnostic> errors = siteErrors("schema_version: 1\nallow: [10.1.2.3/8]\n");

    assertEquals(
        "allow[0]: '10.1.2.3/8' has host bits set (expected the network address, e.g."
            + " 10.0.0.0/8, or a single host like 10.1.2.3/32)",
        errors.get(0).message());
  }

  @Test
  void bareNumberIsNotADuration() {
    List<Diagnostic> errors =
        siteErrors(
            """
            schema_version: 1
            detections:
              high-frequency:
                window: 10
            """);

    assertEquals(
        "policies/site.yaml:4:13: error: detections.high-frequency.window: '10' is not a"
            + " duration (expected a number with a unit: ms, s, m, h, d, e.g. 1s or 5m)",
        errors.get(0).toString());
  }

  @Test
  void zeroWindowIsRejectedButZeroSuppressionIsAllowed() throws Exception {
    List<Diagnostic> errors =
        siteErrors("schema_version: 1\ndetections:\n  port-scan: {window: 0s}\n");
    assertTrue(errors.get(0).message().contains("is zero"), errors.get(0).message());

    Policy policy = withSite("schema_version: 1\ndetections:\n  port-scan: {suppress_for: 0s}\n");
    assertEquals(0, policy.detection("port-scan").suppressForMillis());
  }

  @Test
  void portOutOfRangeIsReportedAndRangesAreParsed() throws Exception {
    List<Diagnostic> errors =
        siteErrors("schema_version: 1\nstandard_ports:\n  tcp: [22, 80, 70000]\n");
    assertEquals(
        "policies/site.yaml:3:17: error: standard_ports.tcp[2]: 70000 is out of range"
            + " (expected a port 0-65535 or a range like 8000-8080)",
        errors.get(0).toString());

    Policy policy = withSite("schema_version: 1\nstandard_ports:\n  tcp: [22, 8000-8080]\n");
    assertTrue(policy.isStandardPort(Transport.TCP, 8000));
    assertTrue(policy.isStandardPort(Transport.TCP, 8080));
    assertFalse(policy.isStandardPort(Transport.TCP, 8081));
    assertFalse(policy.isStandardPort(Transport.TCP, 443), "the list replaced the default");
  }

  @Test
  void everyErrorOfEveryFileIsReportedAtOnce() {
    List<Diagnostic> errors =
        errorsOf(
            PolicyLoader.defaultText(),
            new PolicyText(
                "a.yaml",
                """
                schema_version: 1
                allow: [not-a-network]
                ipv6_source_prefix: 129
                """),
            new PolicyText(
                "b.yaml",
                """
                schema_version: 1
                detections:
                  port-scan:
                    severity: urgent
                """));

    assertEquals(
        List.of(
            "a.yaml:2:9: error: allow[0]: 'not-a-network' is not a CIDR (expected an IPv4 or"
                + " IPv6 network like 10.0.0.0/8 or 2001:db8::/32)",
            "a.yaml:3:21: error: ipv6_source_prefix: 129 is out of range (expected a whole"
                + " number from 1 to 128)",
            "b.yaml:4:15: error: detections.port-scan.severity: unknown severity 'urgent',"
                + " expected one of low, medium, high, critical"),
        errors.stream().map(Diagnostic::toString).toList());
  }

  @Test
  void exceptionMessageListsEveryDiagnosticOnItsOwnLine() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> loader.load(new PolicyText("x.yaml", "schema_version: 1\nfoo: 1\nbar: 2\n")));

    assertEquals(2, e.getMessage().lines().count());
    assertTrue(e.getMessage().startsWith("x.yaml:2:1: error: unknown key 'foo'"));
  }

  @Test
  void yamlSyntaxErrorIsPositioned() {
    List<Diagnostic> errors =
        siteErrors("schema_version: 1\ndetections:\n  port-scan: [1, 2\n  other: 3\n");

    assertEquals(1, errors.size());
    Diagnostic error = errors.get(0);
    assertEquals("policies/site.yaml", error.path());
    assertEquals(4, error.line());
    assertTrue(error.column() > 0);
    assertTrue(error.message().startsWith("YAML syntax error: "), error.message());
  }

  @Test
  void missingSchemaVersionIsAnError() {
    List<Diagnostic> errors = siteErrors("allow: []\n");

    assertEquals(
        "policies/site.yaml:1:1: error: missing required key 'schema_version'"
            + " (expected schema_version: 1 at the top of the file)",
        errors.get(0).toString());
  }

  @Test
  void schemaVersionTwoIsRefused() {
    List<Diagnostic> errors = siteErrors("schema_version: 2\n");

    assertEquals(1, errors.size());
    assertEquals(17, errors.get(0).column());
    assertTrue(errors.get(0).message().startsWith("schema_version: 2 is not supported"));
  }

  @Test
  void emptyFileIsAnError() {
    List<Diagnostic> errors = siteErrors("# nothing yet\n");

    assertEquals(
        "policies/site.yaml: error: empty policy file (expected at least schema_version: 1)",
        errors.get(0).toString());
  }

  @Test
  void yesIsNotABoolean() {
    List<Diagnostic> errors =
        siteErrors("schema_version: 1\ndetections:\n  port-scan: {enabled: yes}\n");

    assertEquals(
        "detections.port-scan.enabled: 'yes' is not a boolean (expected true or false)",
        errors.get(0).message());
  }

  @Test
  void javaTagsAreRefusedWithAPosition() {
    List<Diagnostic> errors =
        siteErrors("schema_version: 1\nallow: !!javax.script.ScriptEngineManager [x]\n");

    assertEquals(1, errors.size());
    assertEquals(2, errors.get(0).line());
    assertTrue(
        errors.get(0).message().contains("Global tag is not allowed"), errors.get(0).message());
  }

  @Test
  void detectionNoFileMentionsGetsTheDocumentedDefaults() throws Exception {
    Detection d = loader.loadDefault().detection("dns-tunnel");

    assertEquals(Detection.defaults("dns-tunnel"), d);
    assertTrue(d.enabled());
    assertNull(d.severity());
    assertEquals(1, d.minCount());
    assertEquals(60_000, d.windowMillis());
    assertEquals(600_000, d.suppressForMillis());
    assertTrue(d.counts(Transport.ICMP));
  }

  @Test
  void printedPolicyLoadsBackToAnEqualPolicy() throws Exception {
    Policy policy =
        withSite(
            """
            schema_version: 1
            home_networks: [10.0.0.0/8, 2001:DB8::/32]
            allow: [192.0.2.7]
            standard_ports:
              tcp: [22, 443, 8000-8080]
            ipv6_source_prefix: 56
            detections:
              port-scan: {severity: critical, window: 1500ms, allow: [10.9.0.0/16]}
              custom-rule: {enabled: false, transports: [icmp]}
            """);

    String yaml = policy.toYaml();
    Policy reloaded = loader.load(new PolicyText("printed.yaml", yaml));

    assertEquals(withoutProvenance(policy), withoutProvenance(reloaded));
    assertEquals(yaml.lines().skip(1).toList(), reloaded.toYaml().lines().skip(1).toList());
    assertTrue(yaml.contains("  tcp: [22, 443, 8000-8080]\n"), yaml);
    assertTrue(yaml.contains("    window: 1500ms\n"), yaml);
    assertTrue(yaml.contains("  - 2001:db8::/32\n"), yaml);
  }

  static Policy withoutProvenance(Policy p) {
    return new Policy(
        p.schemaVersion(),
        p.homeNetworks(),
        p.allow(),
        p.standardPorts(),
        p.ipv6SourcePrefix(),
        p.detections(),
        List.of());
  }

  @Test
  void detectionIdNoRuleHasIsWarnedAboutWithAHint() throws Exception {
    Policy policy =
        withSite(
            """
            schema_version: 1
            detections:
              port-scna:
                min_count: 3
              port-sweep:
                min_count: 30
            """);

    List<Diagnostic> warnings =
        policy.unknownDetections(Set.of("port-scan", "port-sweep", "unusual-port"));

    assertEquals(1, warnings.size());
    assertEquals(
        "policies/site.yaml:3:3: warning: no rule has the id 'port-scna', so"
            + " detections.port-scna has no effect (did you mean 'port-scan'?)",
        warnings.get(0).toString());
  }

  @Test
  void shippedDefaultDetectionsAreNotWarnedAboutForACustomRuleset() throws Exception {
    assertTrue(loader.loadDefault().unknownDetections(Set.of("dns-tunnel")).isEmpty());
  }
}
