package dev.nsm.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the inputs a user names into capture files: a directory stands for the capture files in
 * it, in name order, so a tcpdump ring ({@code -C}/{@code -G}: {@code trace.pcap}, {@code
 * trace.pcap1}, ...) is read as one stream.
 */
public final class CaptureFiles {

  private static final Pattern CAPTURE_NAME =
      Pattern.compile(".*\\.(pcap|pcapng|cap)\\d*(\\.gz)?|.*\\.gz");

  private CaptureFiles() {}

  /** The files to read, directories expanded; files named directly are kept whatever their name. */
  public static List<Path> expand(List<Path> filesOrDirs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path input : filesOrDirs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> entries = Files.list(input)) {
          entries
              .filter(Files::isRegularFile)
              .filter(p -> isCaptureName(p.getFileName().toString()))
              .sorted(CaptureFiles::byName)
              .forEach(files::add);
        }
      } else {
        files.add(input);
      }
    }
    return files;
  }

  static boolean isCaptureName(String name) {
    return CAPTURE_NAME.matcher(name).matches();
  }

  /**
   * Name order where a ring's numeric suffix counts as a number, so trace.pcap2 comes before
   * trace.pcap10 as tcpdump wrote them.
   */
  private static int byName(Path a, Path b) {
    String x = a.getFileName().toString();
    String y = b.getFileName().toString();
    String xStem = x.replaceFirst("\\d+$", "");
    String yStem = y.replaceFirst("\\d+$", "");
    if (xStem.equals(yStem) && !x.equals(y)) {
      return Long.compare(suffix(x, xStem), suffix(y, yStem));
    }
    return x.compareTo(y);
  }

  private static long suffix(String name, String stem) {
    String digits = name.substring(stem.length());
    return digits.isEmpty() ? -1 : digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }
}
