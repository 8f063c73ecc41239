package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySchemaTest {

  private static final String DNS_TUNNEL_SCHEMA =
      """
      schema_version: 1
      detections:
        dns-tunnel:
          max_query_length: {type: integer, min: 1, max: 255, default: 60}
          lookback: {type: duration, default: 5m}
          resolvers: {type: cidrs, default: []}
          ports: {type: ports, default: [53]}
          label: {type: string, default: "x"}
          strict: {type: boolean, default: false}
      """;

  private static PolicyLoader loader() throws InvalidInputException {
    return new PolicyLoader(
        PolicySchema.parse("rules/custom/policy-schema.yaml", DNS_TUNNEL_SCHEMA));
  }

  private static Policy withSite(String yaml) throws InvalidInputException {
    return loader().load(PolicyLoader.defaultText(), new PolicyText("site.yaml", yaml));
  }

  @Test
  void customKeysAreDefaultedWhenNoPolicyMentionsTheDetection() throws Exception {
    Detection d = loader().loadDefault().detection("dns-tunnel");

    assertEquals(60L, d.integer("max_query_length"));
    assertEquals(Duration.ofMinutes(5), d.duration("lookback"));
    assertTrue(d.cidrs("resolvers").isEmpty());
    assertTrue(d.ports("ports").contains(53));
    assertFalse(d.ports("ports").contains(54));
    assertEquals("x", d.string("label"));
    assertFalse(d.flag("strict"));
  }

  @Test
  void customKeysAreTypedFromThePolicy() throws Exception {
    Policy policy =
        withSite(
            """
            schema_version: 1
            detections:
              dns-tunnel:
                max_query_length: 100
                resolvers: [10.0.0.53/32]
                strict: true
                label: tunnel
            """);

    Detection d = policy.detection("dns-tunnel");
    assertEquals(100L, d.integer("max_query_length"));
    assertTrue(d.cidrs("resolvers").contains("10.0.0.53"));
    assertTrue(d.flag("strict"));
    assertEquals("tunnel", d.string("label"));
    assertEquals(Duration.ofMinutes(5), d.duration("lookback"), "unset keys keep their default");
    assertEquals(Long.class, d.settings().get("max_query_length").getClass());
  }

  @Test
  void customIntegerOutsideItsBoundsIsRejected() {
    List<Diagnostic> errors =
        assertThrows(
                InvalidInputException.class,
                () ->
                    withSite(
                        "schema_version: 1\ndetections:\n  dns-tunnel: {max_query_length: 300}\n"))
            .diagnostics();

    assertEquals(
        "detections.dns-tunnel.max_query_length: 300 is out of range (expected a whole number"
            + " from 1 to 255)",
        errors.get(0).message());
  }

  @Test
  void unknownCustomKeyIsRejectedWithAHint() {
    List<Diagnostic> errors =
        assertThrows(
                InvalidInputException.class,
                () -> withSite("schema_version: 1\ndetections:\n  dns-tunnel:\n    lookbak: 1m\n"))
            .diagnostics();

    assertEquals(
        "site.yaml:4:5: error: unknown key 'lookbak' in detections.dns-tunnel"
            + " (did you mean 'lookback'?)",
        errors.get(0).toString());
  }

  @Test
  void customKeyOfOneDetectionIsUnknownOnAnother() {
    List<Diagnostic> errors =
        assertThrows(
                InvalidInputException.class,
                () -> withSite("schema_version: 1\ndetections:\n  port-scan: {lookback: 1m}\n"))
            .diagnostics();

    assertTrue(
        errors.get(0).message().startsWith("unknown key 'lookback' in detections.port-scan"));
  }

  @Test
  void readingAnUndeclaredSettingFailsNamingTheKey() throws Exception {
    Detection d = loader().loadDefault().detection("dns-tunnel");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.integer("lookback"));
    assertTrue(e.getMessage().contains("no integer setting 'lookback'"), e.getMessage());
  }

  @Test
  void schemaProblemsAreAllReportedWithPositions() {
    List<Diagnostic> errors =
        assertThrows(
                InvalidInputException.class,
                () ->
                    PolicySchema.parse(
                        "policy-schema.yaml",
                        """
                        schema_version: 1
                        detections:
                          dns-tunnel:
                            window: {type: duration, default: 1m}
                            depth: {type: integr, default: 3}
                            lookback: {type: duration, default: 5}
                            ratio: {type: string, min: 1, default: a}
                            limit: {type: integer}
                        """))
            .diagnostics();

    assertEquals(
        List.of(
            "policy-schema.yaml:4:5: error: detections.dns-tunnel.window: 'window' is a standard"
                + " detection key (expected a new name; the standard keys are enabled, severity,"
                + " min_count, window, suppress_for, transports, allow)",
            "policy-schema.yaml:5:19: error: detections.dns-tunnel.depth.type: unknown type"
                + " 'integr' (did you mean 'integer'?) (expected one of integer, duration,"
                + " ports, cidrs, string, boolean)",
            "policy-schema.yaml:6:41: error: detections.dns-tunnel.lookback.default: '5' is not"
                + " a duration (expected a number with a unit: ms, s, m, h, d, e.g. 1s or 5m)",
            "policy-schema.yaml:7:27: error: detections.dns-tunnel.ratio.min: applies to integer"
                + " keys only, this key is a string",
            "policy-schema.yaml:8:12: error: detections.dns-tunnel.limit: missing 'default'"
                + " (expected the value rules get when no policy sets the key)"),
        errors.stream().map(Diagnostic::toString).toList());
  }

  @Test
  void schemaFileNeedsSchemaVersionOne() {
    List<Diagnostic> errors =
        assertThrows(
                InvalidInputException.class,
                () -> PolicySchema.parse("s.yaml", "schema_version: 2\ndetections: {}\n"))
            .diagnostics();

    assertTrue(errors.get(0).message().startsWith("schema_version: 2 is not supported"));
  }

  @Test
  void printedPolicyWithCustomKeysLoadsBackEqual() throws Exception {
    Policy policy =
        withSite(
            """
            schema_version: 1
            detections:
              dns-tunnel: {label: "say \\"hi\\"", ports: [53, 5353], lookback: 90s}
            """);

    Policy reloaded = loader().load(new PolicyText("printed.yaml", policy.toYaml()));

    assertEquals(
        PolicyLoaderTest.withoutProvenance(policy), PolicyLoaderTest.withoutProvenance(reloaded));
    assertEquals("say \"hi\"", reloaded.detection("dns-tunnel").string("label"));
  }
}
