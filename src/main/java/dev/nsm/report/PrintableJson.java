package dev.nsm.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON written as printable ASCII only, because it quotes attacker-chosen text and is read on
 * terminals and by line-splitting tools: every character outside {@code 0x20-0x7e} inside a string
 * is a {@code \}{@code uXXXX} escape. Jackson escapes C0 controls and, with {@link
 * JsonWriteFeature#ESCAPE_NON_ASCII}, everything above {@code 0x7f}, but writes DEL ({@code 0x7f})
 * as it is; these escapes add it. Readers decode every escape back to the same text.
 */
final class PrintableJson extends CharacterEscapes {

  private static final int[] ASCII_ESCAPES = standardAsciiEscapesForJSON();

  static {
    ASCII_ESCAPES[0x7f] = ESCAPE_STANDARD;
  }

  private PrintableJson() {}

  /** A writer of printable-ASCII JSON. */
  static ObjectWriter writer() {
    return JsonMapper.builder()
        .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
        .build()
        .writer()
        .with(new PrintableJson());
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ASCII_ESCAPES;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    return null; // only standard escapes are used
  }
}
