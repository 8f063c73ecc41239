package dev.nsm.decode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syslog line taken apart: when, which program and process, and the message.
 *
 * @param micros event time, epoch microseconds
 * @param host the host name field
 * @param program the program name ({@code sshd}, {@code vsftpd(pam_unix)}, ...)
 * @param pid the process id, or {@code null} when not logged
 * @param message the text after {@code program[pid]: }
 */
record SyslogLine(long micros, String host, String program, String pid, String message) {

  // "host program[pid]: message"; the program name stops at '[' or ": ".
  private static final Pattern TAG =
      Pattern.compile("^(\\S+) ([^\\s\\[]+?)(?:\\[(\\d+)\\])?: ?(.*)$", Pattern.DOTALL);

  // RFC 5424: "<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG"; STRUCTURED-DATA "-" only.
  private static final Pattern RFC5424 =
      Pattern.compile("^<\\d{1,3}>1 (\\S+) (\\S+) (\\S+) (\\S+) \\S+ - ?(.*)$", Pattern.DOTALL);

  /** The session key for {@link AuthEvidence#session()}. */
  String session() {
    return pid == null ? null : host + "/" + program + "[" + pid + "]";
  }

  /** Parses classic, ISO 8601 and RFC 5424 syslog lines; {@code null} when the line is none. */
  static SyslogLine parse(String line, LogContext context) {
    Matcher rfc = RFC5424.matcher(line);
    if (rfc.matches()) {
      Matcher iso = LogTimestamps.ISO.matcher(rfc.group(1) + " ");
      if (!iso.find()) {
        throw new MalformedAuthLineException("RFC 5424 timestamp unreadable");
      }
      String pid = rfc.group(4).equals("-") ? null : rfc.group(4);
      return new SyslogLine(
          LogTimestamps.iso(iso, context), rfc.group(2), rfc.group(3), pid, rfc.group(5));
    }
    Matcher classic = LogTimestamps.CLASSIC.matcher(line);
    if (classic.find()) {
      return withTag(line.substring(classic.end()), LogTimestamps.classicSyslog(classic, context));
    }
    Matcher iso = LogTimestamps.ISO.matcher(line);
    if (iso.find()) {
      return withTag(line.substring(iso.end()), LogTimestamps.iso(iso, context));
    }
    return null;
  }

  static SyslogLine withTag(String rest, long micros) {
    Matcher tag = TAG.matcher(rest);
    if (!tag.matches()) {
      return null;
    }
    return new SyslogLine(micros, tag.group(1), tag.group(2), tag.group(3), tag.group(4));
  }
}
