package dev.nsm.source;

import com.fasterxml.jackson.databind.JsonNode;

/** Names the kind of a JSON value as a user writing the file would, for problem reports. */
final class JsonKind {

  private JsonKind() {}

  static String of(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY, MISSING -> "nothing";
    };
  }
}
