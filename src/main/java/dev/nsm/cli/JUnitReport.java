package dev.nsm.cli;

import dev.nsm.scenario.ScenarioResult;
import dev.nsm.scenario.boundary.BoundaryResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The results of {@code nsm test} as the JUnit XML that CI servers display. */
final class JUnitReport {

  /**
   * One test case as JUnit XML sees it: failed when it has failures, skipped when it has a reason.
   */
  private record TestCase(
      String className, String name, long millis, List<String> failures, String skipped) {}

  private JUnitReport() {}

  static void write(Path file, List<ScenarioResult> results) throws IOException {
    Files.writeString(file, render(results), StandardCharsets.UTF_8);
  }

  static void writeBoundaries(Path file, List<BoundaryResult> results) throws IOException {
    Files.writeString(file, renderBoundaries(results), StandardCharsets.UTF_8);
  }

  static String render(List<ScenarioResult> results) {
    return render(
        "nsm scenarios",
        results.stream()
            .map(
                r ->
                    new TestCase(
                        r.scenario().directory().toString(),
                        r.scenario().name(),
                        r.elapsed().toMillis(),
                        r.differences(),
                        null))
            .toList());
  }

  static String renderBoundaries(List<BoundaryResult> results) {
    return render(
        "nsm boundaries",
        results.stream()
            .map(
                r ->
                    new TestCase(
                        r.ruleId(),
                        // The case alone, so CI keeps a case's history when the policy changes.
                        r.caseName().isEmpty() ? "(all cases)" : r.caseName(),
                        r.elapsed().toMillis(),
                        r.problems(),
                        r.status() == BoundaryResult.Status.SKIP ? r.description() : null))
            .toList());
  }

  private static String render(String suite, List<TestCase> cases) {
    long failures = cases.stream().filter(c -> !c.failures().isEmpty()).count();
    long skipped = cases.stream().filter(c -> c.skipped() != null).count();
    double total = cases.stream().mapToLong(TestCase::millis).sum() / 1000.0;
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append(
        String.format(
            Locale.ROOT,
            "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\"%s"
                + " time=\"%.3f\">%n",
            suite,
            cases.size(),
            failures,
            skipped == 0 ? "" : " skipped=\"" + skipped + "\"",
            total));
    for (TestCase c : cases) {
      xml.append(
          String.format(
              Locale.ROOT,
              "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
              escape(c.className()),
              escape(c.name()),
              c.millis() / 1000.0));
      if (c.skipped() != null) {
        xml.append(">\n    <skipped message=\"")
            .append(escape(c.skipped()))
            .append("\"/>\n  </testcase>\n");
        continue;
      }
      if (c.failures().isEmpty()) {
        xml.append("/>\n");
        continue;
      }
      String details = String.join("\n", c.failures());
      xml.append(">\n    <failure message=\"")
          .append(escape(c.failures().get(0).lines().findFirst().orElse("")))
          .append("\">")
          .append(escape(details))
          .append("</failure>\n  </testcase>\n");
    }
    return xml.append("</testsuite>\n").toString();
  }

  /** Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                  if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }
}
