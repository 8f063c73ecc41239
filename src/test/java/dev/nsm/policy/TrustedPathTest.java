package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules and policies are code: nsm loads them only if no one but root and the user running nsm can
 * change them or any directory on the way to them. JUnit's temporary directories live below {@code
 * /tmp}, a sticky directory owned by root, which these tests therefore also show to be accepted.
 */
class TrustedPathTest {

  @TempDir Path dir;

  private Path file(String name, String mode) throws IOException {
    Path file = Files.writeString(dir.resolve(name), "schema_version: 1\n");
    return chmod(file, mode);
  }

  private static Path chmod(Path path, String mode) throws IOException {
    return Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  private static String message(Optional<Diagnostic> problem) {
    assertTrue(problem.isPresent(), "expected a refusal");
    return problem.get().toString();
  }

  @Test
  void aFileOnlyItsOwnerCanWriteBelowTmpIsAccepted() throws IOException {
    Path site = file("site.yaml", "rw-r--r--");
    assertEquals(Optional.empty(), TrustedPath.problem(site, "a policy"));
    assertEquals(Optional.empty(), TrustedPath.problem(dir, "rules"));
  }

  @Test
  void aFileOthersCanWriteIsRefusedWithItsModeAndTheFix() throws IOException {
    Path site = file("site.yaml", "rw-rw-rw-");
    Path real = site.toRealPath();
    assertEquals(
        site
            + ": error: refusing to load a policy from a file other users can write (mode 0666);"
            + " fix with: chmod go-w "
            + real,
        message(TrustedPath.problem(site, "a policy")));
  }

  @Test
  void aGroupWritableFileIsRefusedToo() throws IOException {
    Path site = file("site.yaml", "rw-rw-r--");
    assertTrue(message(TrustedPath.problem(site, "a policy")).contains("(mode 0664)"));
  }

  @Test
  void aDirectoryOnThePathThatOthersCanWriteIsNamed() throws IOException {
    Path shared = chmod(Files.createDirectory(dir.resolve("shared")), "rwxrwxrwx");
    Path site = Files.writeString(shared.resolve("site.yaml"), "schema_version: 1\n");
    assertEquals(
        site
            + ": error: refusing to load a policy: other users can write the directory "
            + shared.toRealPath()
            + " on its path (mode 0777) and could replace what is in it; fix with: chmod go-w "
            + shared.toRealPath(),
        message(TrustedPath.problem(site, "a policy")));
  }

  @Test
  void aStickyDirectoryOnThePathIsAcceptedLikeTmp() throws IOException {
    Path sticky = Files.createDirectory(dir.resolve("sticky"));
    Files.setAttribute(sticky, "unix:mode", 01777);
    Path site = Files.writeString(sticky.resolve("site.yaml"), "schema_version: 1\n");
    assertEquals(Optional.empty(), TrustedPath.problem(site, "a policy"));
  }

  @Test
  void aStickyRulesetDirectoryIsRefusedBecauseOthersCouldAddARule() throws IOException {
    Path rules = Files.createDirectory(dir.resolve("rules"));
    Files.setAttribute(rules, "unix:mode", 01777);
    assertEquals(
        rules
            + ": error: refusing to load rules from a directory other users can write (mode 1777);"
            + " fix with: chmod go-w "
            + rules.toRealPath(),
        message(TrustedPath.problem(rules, "rules")));
  }

  @Test
  void aSymlinkIsJudgedByWhatItPointsTo() throws IOException {
    Path good = file("good.yaml", "rw-r--r--");
    Path bad = file("bad.yaml", "rw-rw-rw-");
    Path toGood = Files.createSymbolicLink(dir.resolve("to-good.yaml"), good);
    Path toBad = Files.createSymbolicLink(dir.resolve("to-bad.yaml"), bad);
    assertEquals(Optional.empty(), TrustedPath.problem(toGood, "a policy"));
    String refusal = message(TrustedPath.problem(toBad, "a policy"));
    assertTrue(refusal.startsWith(toBad + ": error: "), refusal);
    assertTrue(refusal.endsWith("(mode 0666); fix with: chmod go-w " + bad.toRealPath()), refusal);
  }

  @Test
  void aSymlinkThroughADirectoryOthersCanWriteIsRefused() throws IOException {
    Path open = chmod(Files.createDirectory(dir.resolve("open")), "rwxrwxrwx");
    Path inner = Files.createDirectory(open.resolve("inner"));
    Path target = Files.writeString(inner.resolve("site.yaml"), "schema_version: 1\n");
    Path link = Files.createSymbolicLink(dir.resolve("site.yaml"), target);
    String refusal = message(TrustedPath.problem(link, "a policy"));
    assertTrue(refusal.contains("other users can write the directory " + open.toRealPath()));
  }

  @Test
  void aFileOwnedByAnotherUserIsRefused() throws IOException {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "only root can give a file away");
    Path site = file("site.yaml", "rw-r--r--");
    Files.setAttribute(site, "unix:uid", 65534);
    String refusal = message(TrustedPath.problem(site, "a policy"));
    assertTrue(
        refusal.matches(
            ".*refusing to load a policy from a file owned by \\S+ \\(uid 65534\\), not by root or"
                + " the user running nsm \\(root\\); fix with: chown root .*"),
        refusal);
  }

  @Test
  void aUrlIsRefusedSayingNsmNeverFetches() {
    assertEquals(
        "http://example.com/site.yaml: error: looks like a URL: nsm reads rules and policies only"
            + " from local files and never fetches them from the network; download, review and"
            + " give the local path",
        message(TrustedPath.problem(Path.of("http://example.com/site.yaml"), "a policy")));
    assertTrue(TrustedPath.problem(Path.of("C:/rules"), "rules").isEmpty(), "a drive, no URL");
  }

  @Test
  void aMissingFileIsLeftForTheReaderToReport() {
    assertEquals(Optional.empty(), TrustedPath.problem(dir.resolve("gone.yaml"), "a policy"));
  }

  @Test
  void thePolicyLoaderRefusesAFileOthersCanWriteWithoutReadingIt() throws IOException {
    Path site = file("site.yaml", "rw-rw-rw-");
    Files.writeString(site, "not: [valid\n");
    InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidInputException.class, () -> new PolicyLoader().load(List.of(site)));
    assertEquals(1, e.diagnostics().size(), e.getMessage());
    assertTrue(e.getMessage().contains("refusing to load a policy"), e.getMessage());
  }
}
