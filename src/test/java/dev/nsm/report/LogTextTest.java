package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void leavesPlainTextUntouched() {
    String plain = "user=root from 198.51.100.23 [ok] ünïcödé 日本 😀";
    assertSame(plain, LogText.escape(plain));
  }

  @Test
  void escapesLineBreaksSoNoLineCanBeForged() {
    assertEquals(
        "admin\\r\\n2026-01-01 00:00:00 - ERROR - forged",
        LogText.escape("admin\r\n2026-01-01 00:00:00 - ERROR - forged"));
  }

  @Test
  void escapesTheBackslashSoEscapesCannotBeForgedEither() {
    assertEquals("a\\\\nb", LogText.escape("a\\nb"));
  }

  @Test
  void escapesAnsiEscapeAndOtherControlsAsHex() {
    assertEquals("\\x1b[31mred\\x1b[0m", LogText.escape("\u001b[31mred\u001b[0m"));
    assertEquals(
        "\\x00\\x07\\t\\x7f\\x85\\x9b", LogText.escape("\u0000\u0007\t\u007f\u0085\u009b"));
  }

  @Test
  void escapesUnicodeLineSeparatorsAndBidiOverrides() {
    assertEquals("a\\u2028b\\u2029c\\u202ed", LogText.escape("a\u2028b\u2029c\u202ed"));
  }

  @Test
  void escapesLoneSurrogatesButKeepsPairs() {
    assertEquals("x\\ud800y\\udc00z😀", LogText.escape("x\ud800y\udc00z\ud83d\ude00"));
    assertEquals("end\\ud83d", LogText.escape("end\ud83d"));
  }

  @Test
  void rendersNullAsTheWordNull() {
    assertEquals("null", LogText.escape(null));
  }
}
