package dev.nsm.cli;

import dev.nsm.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The results of {@code nsm test} as the JUnit XML that CI servers display. */
final class JUnitReport {

  private JUnitReport() {}

  static void write(Path file, List<ScenarioResult> results) throws IOException {
    Files.writeString(file, render(results), StandardCharsets.UTF_8);
  }

  static String render(List<ScenarioResult> results) {
    long failures = results.stream().filter(r -> !r.passed()).count();
    double total = results.stream().mapToLong(r -> r.elapsed().toMillis()).sum() / 1000.0;
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append(
        String.format(
            Locale.ROOT,
            "<testsuite name=\"nsm scenarios\" tests=\"%d\" failures=\"%d\" errors=\"0\""
                + " time=\"%.3f\">%n",
            results.size(),
            failures,
            total));
    for (ScenarioResult result : results) {
      xml.append(
          String.format(
              Locale.ROOT,
              "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
              escape(result.scenario().directory().toString()),
              escape(result.scenario().name()),
              result.elapsed().toMillis() / 1000.0));
      if (result.passed()) {
        xml.append("/>\n");
        continue;
      }
      String details = String.join("\n", result.differences());
      xml.append(">\n    <failure message=\"")
          .append(escape(result.differences().get(0).lines().findFirst().orElse("")))
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
