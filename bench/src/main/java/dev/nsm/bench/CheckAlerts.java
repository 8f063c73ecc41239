package dev.nsm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsm.event.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the alerts of a replay against the generator's ground truth: every attacker raised exactly
 * one alert for each rule it lists and none for any other rule, and no other source raised
 * anything. Prints what it found; exits 1 on any difference.
 *
 * <pre>
 * java -cp target/nsm-bench.jar:target/nsm.jar dev.nsm.bench.CheckAlerts [--ignore RULE,...] \
 *     TRUTH.json alerts.jsonl
 * </pre>
 *
 * <p>{@code --ignore} leaves the named rules out of both sides, expected and raised: {@code
 * bench/live} replays a capture faster than it was recorded, and live capture stamps packets with
 * their arrival time, so a rule that counts facts per second (high-frequency, and
 * multi-pattern-source, which counts the rules a source raised) fires on sources the recorded
 * timing keeps under its threshold.
 */
public final class CheckAlerts {

  private CheckAlerts() {}

  public static void main(String[] args) throws IOException {
    Set<String> ignored = Set.of();
    if (args.length == 4 && args[0].equals("--ignore")) {
      ignored = Set.of(args[1].split(","));
      args = Arrays.copyOfRange(args, 2, 4);
    }
    if (args.length != 2) {
      System.err.println("usage: CheckAlerts [--ignore RULE,...] TRUTH.json ALERTS.jsonl");
      System.exit(2);
    }
    if (!ignored.isEmpty()) {
      System.out.println(
          "rules left out of the check: " + String.join(", ", new TreeSet<>(ignored)));
    }
    List<String> problems = check(Path.of(args[0]), Path.of(args[1]), ignored, System.out);
    if (!problems.isEmpty()) {
      System.out.println("alerts MISMATCH the ground truth (" + problems.size() + "):");
      problems.forEach(p -> System.out.println("  " + p));
      System.exit(1);
    }
    System.out.println("alerts match the ground truth");
  }

  /** Returns the differences, one line each; empty when the alerts are right. */
  static List<String> check(Path truthFile, Path alertsFile, java.io.PrintStream out)
      throws IOException {
    return check(truthFile, alertsFile, Set.of(), out);
  }

  /** As above, with the {@code ignored} rules left out of both the truth and the alerts. */
  static List<String> check(
      Path truthFile, Path alertsFile, Set<String> ignored, java.io.PrintStream out)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode truth = json.readTree(truthFile.toFile());
    // expected[ip][rule] = 1; found[ip][rule] = alerts raised
    Map<String, Map<String, Integer>> expected = new TreeMap<>();
    Map<String, String> kinds = new TreeMap<>();
    for (JsonNode a : truth.path("attackers")) {
      String ip = canonical(a.path("ip").asText());
      kinds.put(ip, a.path("kind").asText());
      Map<String, Integer> rules = expected.computeIfAbsent(ip, k -> new TreeMap<>());
      for (JsonNode r : a.path("rules")) {
        if (ignored.contains(r.asText())) {
          continue;
        }
        rules.put(r.asText(), 1);
      }
    }
    Map<String, Map<String, Integer>> found = new TreeMap<>();
    long total = 0;
    try (BufferedReader lines = Files.newBufferedReader(alertsFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode alert = json.readTree(line);
        String rule = alert.path("rule").path("id").asText();
        if (ignored.contains(rule)) {
          continue;
        }
        String ip = canonical(alert.path("source").path("ip").asText());
        found.computeIfAbsent(ip, k -> new TreeMap<>()).merge(rule, 1, Integer::sum);
        total++;
      }
    }
    List<String> problems = new ArrayList<>();
    long expectedTotal = 0;
    for (var e : expected.entrySet()) {
      Map<String, Integer> got = found.getOrDefault(e.getKey(), Map.of());
      for (var rule : e.getValue().entrySet()) {
        expectedTotal += rule.getValue();
        int n = got.getOrDefault(rule.getKey(), 0);
        if (n != rule.getValue()) {
          problems.add(
              (n == 0 ? "missing: " : "wrong count: ")
                  + rule.getKey()
                  + " for "
                  + kinds.get(e.getKey())
                  + " "
                  + e.getKey()
                  + " (expected "
                  + rule.getValue()
                  + ", got "
                  + n
                  + ")");
        }
      }
      for (var rule : got.entrySet()) {
        if (!e.getValue().containsKey(rule.getKey())) {
          problems.add(
              "unexpected: "
                  + rule.getKey()
                  + " x"
                  + rule.getValue()
                  + " for "
                  + kinds.get(e.getKey())
                  + " "
                  + e.getKey());
        }
      }
    }
    long benign = 0;
    for (var e : found.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        for (var rule : e.getValue().entrySet()) {
          benign += rule.getValue();
          problems.add(
              "benign source alerted: "
                  + rule.getKey()
                  + " x"
                  + rule.getValue()
                  + " for "
                  + e.getKey());
        }
      }
    }
    out.printf(
        "alerts: %d (expected %d) for %d attackers; %d from benign sources%n",
        total, expectedTotal, expected.size(), benign);
    return problems;
  }

  private static String canonical(String ip) {
    byte[] bytes = IpAddress.parse(ip);
    return bytes == null ? ip : IpAddress.format(bytes);
  }
}
