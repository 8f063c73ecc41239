package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsm.event.Alert;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz targets for what nsm writes about attacker-chosen text (user names, paths, log lines): the
 * security log's escaping and the JSON Lines alerts. The input is read as UTF-16 code units, two
 * bytes each, so every Java string is reachable, lone surrogates included. See docs/fuzzing.md.
 */
class OutputFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonLinesAlertSink sink;

  /**
   * Escaped text is one line of visible characters (no CR, LF, ESC or other C0/C1 control, no line
   * separator, bidi control or lone surrogate) and unescapes to exactly the original, so escaping
   * neither loses nor forges anything; a whole log line for an alert quoting the text is alike.
   */
  @FuzzTest(maxDuration = "20s")
  void logLineIsOneLineOfSafeText(byte[] input) {
    String text = utf16(input);
    String escaped = LogText.escape(text);
    assertSafe(escaped);
    assertEquals(text, unescape(escaped));

    String message = SecurityLog.describe(alertQuoting(text));
    String line = LogText.escape(message);
    assertSafe(line);
    assertEquals(message, unescape(line));
  }

  /**
   * An alert quoting the text in its message and in its evidence's user name is one line of
   * printable ASCII that parses as JSON back to the same text.
   */
  @FuzzTest(maxDuration = "20s")
  void alertJsonLineRoundTrips(byte[] input) throws IOException {
    String text = utf16(input);
    String line = sink().line(alertQuoting(text));
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      assertTrue(c >= 0x20 && c < 0x7f, "not printable ASCII at " + i + ": " + (int) c);
    }
    JsonNode alert = JSON.readTree(line);
    assertEquals(text, alert.get("message").asText());
    assertEquals(text, alert.at("/nsm/evidence/facts/0/user").asText());
  }

  private static Alert alertQuoting(String text) {
    List<Fact> facts =
        List.of(TestFacts.login(TestFacts.T0, "198.51.100.23", text, AuthOutcome.FAILURE));
    return TestFacts.alert(
        "brute-force", Severity.HIGH, "198.51.100.23", TestFacts.T0, text, facts);
  }

  private static JsonLinesAlertSink sink() throws IOException {
    if (sink == null) {
      Path file = Files.createTempFile("nsm-fuzz", ".jsonl");
      file.toFile().deleteOnExit();
      sink = JsonLinesAlertSink.open(file, "hash", "fuzz");
    }
    return sink;
  }

  static String utf16(byte[] input) {
    ByteBuffer bytes = ByteBuffer.wrap(input);
    StringBuilder text = new StringBuilder(input.length / 2);
    while (bytes.remaining() >= 2) {
      text.append(bytes.getChar());
    }
    return text.toString();
  }

  /** No character a terminal or a line-splitting reader would act on. */
  static void assertSafe(String escaped) {
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      assertTrue(c >= 0x20, "C0 control " + (int) c + " at " + i);
      assertTrue(c < 0x7f || c > 0x9f, "DEL or C1 control " + (int) c + " at " + i);
      assertTrue(c != 0x2028 && c != 0x2029, "line separator at " + i);
      assertTrue(
          c != 0x061c && c != 0x200e && c != 0x200f && (c < 0x202a || c > 0x202e),
          "bidi control at " + i);
      assertTrue(c < 0x2066 || c > 0x2069, "bidi isolate at " + i);
      if (Character.isHighSurrogate(c)) {
        assertTrue(
            i + 1 < escaped.length() && Character.isLowSurrogate(escaped.charAt(i + 1)),
            "lone high surrogate at " + i);
        i++;
      } else {
        assertTrue(!Character.isLowSurrogate(c), "lone low surrogate at " + i);
      }
    }
  }

  /** The inverse of {@link LogText#escape}; fails on anything escape cannot have written. */
  static String unescape(String escaped) {
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char kind = escaped.charAt(++i);
      switch (kind) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'x' -> {
          out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> throw new AssertionError("unknown escape \\" + kind + " at " + i);
      }
    }
    return out.toString();
  }
}
