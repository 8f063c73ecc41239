package dev.nsm.cli;

/** Events files in which each of many sources makes one high-frequency burst: one alert each. */
final class Bursts {

  private Bursts() {}

  /**
   * Six TCP connection attempts within 750 ms from each of {@code sources} addresses (198.18.0.1,
   * 198.18.0.2, ...), a second apart.
   */
  static String events(int sources) {
    StringBuilder lines = new StringBuilder();
    for (int s = 0; s < sources; s++) {
      String source = "198.18." + (s + 1) / 250 + "." + ((s + 1) % 250);
      for (int i = 0; i < 6; i++) {
        lines.append(
            String.format(
                "{\"type\": \"connection\", \"time\": \"2026-11-25T09:%02d:%02d.%03dZ\","
                    + " \"src_ip\": \"%s\", \"dst_ip\": \"203.0.113.10\", \"dst_port\": 80,"
                    + " \"transport\": \"tcp\"}\n",
                s / 60, s % 60, i * 150, source));
      }
    }
    return lines.toString();
  }
}
