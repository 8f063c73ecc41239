package dev.nsm.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * User names out of the bytes a client sent. A user name is attacker-controlled data: it is kept as
 * text (UTF-8 when the bytes are valid UTF-8, otherwise byte for byte as ISO-8859-1), cut to a
 * bound, and never interpreted; whoever prints it escapes it.
 */
final class Credentials {

  private Credentials() {}

  /** Text from wire bytes carried in an ISO-8859-1 string (one char per byte). */
  static String user(String wireText, int maxChars) {
    if (wireText == null) {
      return null;
    }
    return user(wireText.getBytes(StandardCharsets.ISO_8859_1), maxChars);
  }

  static String user(byte[] bytes, int maxChars) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return cut(text, maxChars);
  }

  /** At most {@code maxChars} of the text, never ending in half a surrogate pair. */
  static String cut(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    return text.substring(0, end);
  }

  /** Base64 to wire bytes as an ISO-8859-1 string, or null when it is not valid base64. */
  static String base64(String encoded) {
    try {
      return new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The user of an HTTP Basic {@code user:password} token, or null when it does not decode. */
  static String basicUser(String token, int maxChars) {
    String decoded = base64(token);
    if (decoded == null) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return user(colon < 0 ? decoded : decoded.substring(0, colon), maxChars);
  }

  /** The authentication identity of a SASL PLAIN message {@code authzid NUL authcid NUL pass}. */
  static String saslPlainUser(String message, int maxChars) {
    String decoded = base64(message);
    if (decoded == null) {
      return null;
    }
    String[] parts = decoded.split("\0", -1);
    return parts.length == 3 ? user(parts[1], maxChars) : null;
  }
}
