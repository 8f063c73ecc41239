package dev.nsm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** nsm's version, as the build recorded it. */
public final class Version {

  private static final String NUMBER = read();

  private Version() {}

  public static String number() {
    return NUMBER;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("/nsm/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
