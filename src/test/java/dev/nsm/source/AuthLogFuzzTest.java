package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nsm.decode.AuthEvidence;
import dev.nsm.decode.AuthLineResult;
import dev.nsm.decode.AuthLogParser;
import dev.nsm.decode.LogContext;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Fact;
import dev.nsm.event.IpAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz targets for the auth log parsers: one line of any bytes, and a whole log read as nsm reads
 * it (bytes that are not UTF-8 replaced, lines bounded). Saved inputs are lines and the first lines
 * of every bundled log; see docs/fuzzing.md for a real fuzzing run.
 */
class AuthLogFuzzTest {

  /** The longest user name a fact carries; the parsers cut longer ones. */
  private static final int MAX_USER_CHARS = AuthLogParser.MAX_USER_CHARS;

  /**
   * A malformed line's reason quotes at most 60 characters of the line, each at most six once
   * escaped ({@code \\u001a}), after a short description.
   */
  private static final int MAX_REASON_CHARS = 600;

  private static final LogContext CONTEXT =
      new LogContext("fuzz.log", 7, 2026, ZoneOffset.UTC, null);

  private final AuthLogParser parser = new AuthLogParser();

  /**
   * Any text is read without an exception into attempts whose addresses are IP literals and whose
   * user names are bounded, into a short reason, or into nothing.
   */
  @FuzzTest(maxDuration = "30s")
  void parsesAnyLine(byte[] input) {
    String line = new String(input, StandardCharsets.UTF_8);
    AuthLineResult result = parser.parse(line, CONTEXT);
    assertNotNull(result);
    if (result instanceof AuthLineResult.Attempts found) {
      for (AuthEvidence evidence : found.evidence()) {
        check(evidence.attempt());
      }
    } else if (result instanceof AuthLineResult.Malformed bad) {
      assertFalse(bad.reason().isEmpty());
      assertTrue(bad.reason().length() <= MAX_REASON_CHARS, bad.reason());
    }
  }

  /**
   * A whole log through {@link AuthLogSource}: every line is counted once, as an attempt's line, as
   * irrelevant or as malformed (each malformed line reported to the sink with its number), and only
   * well-formed attempts come out.
   */
  @FuzzTest(maxDuration = "30s")
  void readsAnyLog(byte[] input) throws IOException {
    AuthLogSource source =
        new AuthLogSource(
            List.of(Path.of("-")), 2026, ZoneOffset.UTC, new ByteArrayInputStream(input));
    List<Fact> facts = new ArrayList<>();
    List<Long> malformed = new ArrayList<>();
    source.readInto(
        new FactSink() {
          @Override
          public void accept(Fact fact) {
            facts.add(fact);
          }

          @Override
          public void malformed(String inputName, long line, String reason) {
            assertEquals("-", inputName);
            assertTrue(reason.length() <= MAX_REASON_CHARS, reason);
            malformed.add(line);
          }
        });
    AuthLogSource.Counts counts = source.counts();
    assertEquals(lines(input), counts.linesRead());
    assertEquals(malformed.size(), counts.malformedLines());
    assertTrue(counts.irrelevantLines() + counts.malformedLines() <= counts.linesRead());
    assertEquals(facts.size(), counts.authAttempts());
    long previous = 0;
    for (long line : malformed) {
      assertTrue(line > previous && line <= counts.linesRead(), "line numbers in order");
      previous = line;
    }
    for (Fact fact : facts) {
      check((AuthAttempt) fact);
    }
  }

  private static void check(AuthAttempt attempt) {
    assertNotNull(IpAddress.parse(attempt.srcIp()), attempt.srcIp());
    if (attempt.dstIp() != null) {
      assertNotNull(IpAddress.parse(attempt.dstIp()), attempt.dstIp());
    }
    assertFalse(attempt.service().isEmpty());
    assertTrue(
        attempt.user() == null || attempt.user().length() <= MAX_USER_CHARS,
        "user name of " + (attempt.user() == null ? 0 : attempt.user().length()) + " chars");
  }

  /** Lines as {@code wc -l} counts them, plus a last line without its line feed. */
  private static long lines(byte[] input) {
    long count = 0;
    for (byte b : input) {
      if (b == '\n') {
        count++;
      }
    }
    return input.length > 0 && input[input.length - 1] != '\n' ? count + 1 : count;
  }
}
