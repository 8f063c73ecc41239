package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.event.AuthAttempt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One try logged on several lines counts once; attempts keep the order of their lines. */
class AuthLogDuplicateTryMergerTest {

  private final AuthLogParser parser = new AuthLogParser();
  private final List<AuthAttempt> out = new ArrayList<>();
  private final DuplicateTryMerger merger = new DuplicateTryMerger(out::add);
  private long lineNumber;

  @Test
  void invalidUserPamAndFailedPasswordOfOneProcessAreOneTry() {
    feed("Nov 25 10:00:00 h sshd[7]: Invalid user oracle from 203.0.113.9 port 4242");
    feed(
        "Nov 25 10:00:02 h sshd[7]: pam_unix(sshd:auth): authentication failure; logname= uid=0"
            + " euid=0 tty=ssh ruser= rhost=203.0.113.9");
    feed(
        "Nov 25 10:00:04 h sshd[7]: Failed password for invalid user oracle from 203.0.113.9 port"
            + " 4242 ssh2");
    merger.flush();
    assertEquals(1, out.size());
    assertEquals(3, out.get(0).origin().position(), "the verdict's line is kept");
    assertEquals(2, merger.merged());
  }

  @Test
  void withoutProcessIdsSameAddressAndUserWithinTwoSecondsAreOneTry() {
    feed(
        "Nov 25 10:00:00 h sshd: pam_unix(sshd:auth): authentication failure; logname= uid=0"
            + " euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root");
    feed("Nov 25 10:00:02 h sshd: Failed password for root from 203.0.113.9 port 1 ssh2");
    merger.flush();
    assertEquals(1, out.size());
  }

  @Test
  void precursorOfAnotherUserOrAddressIsNotMerged() {
    feed(
        "Nov 25 10:00:00 h sshd: pam_unix(sshd:auth): authentication failure; logname= uid=0"
            + " euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root");
    feed("Nov 25 10:00:01 h sshd: Failed password for admin from 203.0.113.9 port 1 ssh2");
    feed("Nov 25 10:00:01 h sshd: Failed password for root from 203.0.113.10 port 1 ssh2");
    merger.flush();
    assertEquals(3, out.size());
  }

  @Test
  void precursorWithoutVerdictCountsAndKeepsItsPlaceInFileOrder() {
    feed(
        "Nov 25 10:00:00 h vsftpd[3]: pam_unix(vsftpd:auth): authentication failure; logname="
            + " uid=0 euid=0 tty=ftp ruser=bob rhost=198.51.100.23  user=bob");
    feed("Nov 25 10:00:01 h sshd[4]: Failed password for a from 192.0.2.1 port 1 ssh2");
    assertEquals(0, out.size(), "the ssh attempt waits behind the pending precursor");
    feed("Nov 25 10:00:09 h sshd[4]: Failed password for a from 192.0.2.1 port 1 ssh2");
    assertEquals(List.of(1L, 2L, 3L), out.stream().map(a -> a.origin().position()).toList());
    assertEquals(0, merger.merged());
  }

  @Test
  void verdictMoreThanFiveSecondsAfterThePrecursorIsAnotherTry() {
    feed(
        "Nov 25 10:00:00 h login[5]: pam_unix(login:auth): authentication failure; logname="
            + " uid=0 euid=0 tty=/dev/pts/1 ruser= rhost=198.51.100.23  user=dave");
    feed(
        "Nov 25 10:00:06 h login[5]: FAILED LOGIN (1) on '/dev/pts/1' from '198.51.100.23' FOR"
            + " 'dave', Authentication failure");
    merger.flush();
    assertEquals(2, out.size());
  }

  @Test
  void precursorsOfAFileWhoseClockStandsStillAreReleasedBeyondTheCap() {
    String pam =
        "Nov 25 10:00:00 h vsftpd[3]: pam_unix(vsftpd:auth): authentication failure; logname="
            + " uid=0 euid=0 tty=ftp ruser=bob rhost=198.51.100.23  user=bob";
    for (int i = 0; i < DuplicateTryMerger.MAX_PENDING + 5; i++) {
      feed(pam);
    }
    assertEquals(5, out.size());
  }

  private void feed(String line) {
    lineNumber++;
    AuthLineResult result =
        parser.parse(line, new LogContext("t.log", lineNumber, 2026, null, null));
    ((AuthLineResult.Attempts) result).evidence().forEach(merger::accept);
  }
}
