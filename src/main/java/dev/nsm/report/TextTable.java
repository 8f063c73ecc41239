package dev.nsm.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns of text padded to line up in a terminal. Every cell is passed through {@link
 * LogText#escape}, since cells hold attacker-controlled text (sources, rule ids, input names).
 */
final class TextTable {

  private final List<String> headers = new ArrayList<>();
  private final List<Boolean> rightAligned = new ArrayList<>();
  private final List<String[]> rows = new ArrayList<>();

  TextTable left(String header) {
    headers.add(header);
    rightAligned.add(false);
    return this;
  }

  TextTable right(String header) {
    headers.add(header);
    rightAligned.add(true);
    return this;
  }

  TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells for " + headers.size() + " columns");
    }
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = LogText.escape(String.valueOf(cells[i]));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Appends the header and the rows, each line indented, columns two spaces apart. */
  void appendTo(StringBuilder out, String indent) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    appendLine(out, indent, headers.toArray(String[]::new), widths);
    for (String[] row : rows) {
      appendLine(out, indent, row, widths);
    }
  }

  private void appendLine(StringBuilder out, String indent, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String padding = " ".repeat(widths[i] - cells[i].length());
      line.append(rightAligned.get(i) ? padding + cells[i] : cells[i] + padding);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
