package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymKeyFileTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

  @TempDir Path dir;

  @Test
  void readsTheBytesOfAKeyOnlyItsOwnerMayRead() throws IOException {
    assertArrayEquals(KEY, PseudonymKeyFile.read(key("rw-------", KEY)));
    assertArrayEquals(KEY, PseudonymKeyFile.read(key("r--------", KEY)));
  }

  @Test
  void refusesAKeyGroupOrOthersMayReadOrWriteNamingItsMode() throws IOException {
    Path key = key("rw-r--r--", KEY);
    IOException refused = assertThrows(IOException.class, () -> PseudonymKeyFile.read(key));
    assertEquals(
        key
            + ": mode 0644 lets group or others use it; the key must be its owner's alone (chmod 600 "
            + key
            + ")",
        refused.getMessage());
    assertThrows(IOException.class, () -> PseudonymKeyFile.read(key("rw--w----", KEY)));
    assertThrows(IOException.class, () -> PseudonymKeyFile.read(key("rw-----w-", KEY)));
  }

  @Test
  void refusesASymbolicLinkEvenToAGoodKey() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link"), key("rw-------", KEY));
    IOException refused = assertThrows(IOException.class, () -> PseudonymKeyFile.read(link));
    assertEquals(link + ": a symbolic link; give the key file itself", refused.getMessage());
  }

  @Test
  void refusesAKeyShorterThan32Bytes() throws IOException {
    Path key = key("rw-------", "short\n".getBytes());
    IOException refused = assertThrows(IOException.class, () -> PseudonymKeyFile.read(key));
    assertEquals(
        key + ": 6 bytes; a key needs at least 32 (head -c 32 /dev/urandom > " + key + ")",
        refused.getMessage());
  }

  @Test
  void refusesADirectory() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("keys"));
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    assertThrows(IOException.class, () -> PseudonymKeyFile.read(directory));
  }

  private Path key(String mode, byte[] bytes) throws IOException {
    Path key = Files.createTempFile(dir, "nsm", ".key");
    Files.write(key, bytes);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
    return key;
  }
}
