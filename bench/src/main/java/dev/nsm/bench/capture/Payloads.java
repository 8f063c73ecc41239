package dev.nsm.bench.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol bytes flows start their payloads with, built once: HTTP requests and responses, TLS
 * record headers, SSH banners, FTP dialogue, DNS queries and answers, NTP. Only what nsm (or a
 * person reading the capture) looks at is spelt out; the rest of a payload is filler.
 */
final class Payloads {

  static final int NAMES = 256;

  /** Response body sizes, HTTP and TLS alike: mostly small objects, a few large ones. */
  static final int[] BODY_SIZES = bodySizes();

  final byte[][] dnsQueries = new byte[NAMES][];
  final byte[][] dnsAnswers = new byte[NAMES][];
  final byte[][] httpRequests = new byte[NAMES][];
  final byte[][] httpResponses = new byte[BODY_SIZES.length][];
  final byte[][] basicAuthRequests = new byte[NAMES][];

  final byte[] httpNotModified = ascii("HTTP/1.1 304 Not Modified\r\nServer: nginx\r\n\r\n");
  final byte[] httpUnauthorized =
      ascii(
          "HTTP/1.1 401 Unauthorized\r\nServer: nginx\r\nWWW-Authenticate: Basic"
              + " realm=\"admin\"\r\nContent-Length: 0\r\n\r\n");
  final byte[] httpOkEmpty = ascii("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n");

  final byte[] tlsHandshake = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03};
  final byte[] tlsServerHello = {0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76, 0x03};
  final byte[] tlsChangeCipher = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01, 0x17, 0x03, 0x03, 0x00};
  final byte[] tlsApplicationData = {0x17, 0x03, 0x03, 0x05, 0x00};

  final byte[] sshClientBanner = ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  final byte[] sshServerBanner = ascii("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n");
  final byte[] sshKexInit = {0x00, 0x00, 0x05, (byte) 0xdc, 0x07, 0x14};

  final byte[] ftpBanner = ascii("220 ProFTPD Server (nsm bench) ready.\r\n");
  final byte[] ftpPasswordRequired = ascii("331 Password required\r\n");
  final byte[] ftpLoginFailed = ascii("530 Login incorrect.\r\n");
  final byte[] ftpLoggedIn = ascii("230 User logged in.\r\n");
  final byte[] ftpSyst = ascii("SYST\r\n");
  final byte[] ftpSystReply = ascii("215 UNIX Type: L8\r\n");
  final byte[] ftpQuit = ascii("QUIT\r\n");
  final byte[] ftpGoodbye = ascii("221 Goodbye.\r\n");
  final byte[][] ftpUsers = new byte[NAMES][];
  final byte[][] ftpPasswords = new byte[NAMES][];
  final byte[] ftpUserAdmin = ascii("USER admin\r\n");

  final byte[] ntp = new byte[48];

  Payloads() {
    for (int i = 0; i < NAMES; i++) {
      String host = "www" + i + ".example" + (i % 7) + ".com";
      dnsQueries[i] = dnsQuery(host);
      dnsAnswers[i] = dnsAnswer(dnsQueries[i], i);
      httpRequests[i] =
          ascii(
              "GET /static/"
                  + Integer.toHexString(i * 40503)
                  + "/app.js HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101"
                  + " Firefox/128.0\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n"
                  + "Connection: keep-alive\r\n\r\n");
      basicAuthRequests[i] =
          ascii(
              "GET /admin/ HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nAuthorization: Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString(("user" + i + ":secret" + i).getBytes(StandardCharsets.UTF_8))
                  + "\r\n\r\n");
      ftpUsers[i] = ascii("USER user" + i + "\r\n");
      ftpPasswords[i] = ascii("PASS pw" + Integer.toHexString(i * 7919) + "\r\n");
    }
    for (int i = 0; i < BODY_SIZES.length; i++) {
      httpResponses[i] =
          ascii(
              "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/javascript\r\n"
                  + "Content-Length: "
                  + BODY_SIZES[i]
                  + "\r\nCache-Control: max-age=3600\r\n\r\n");
    }
    ntp[0] = 0x23; // version 4, client mode
  }

  /** HTTP Basic credentials an attacker guesses with: admin and a password from a list. */
  byte[] guessedBasicAuth(String host, int guess) {
    String credentials = "admin:" + COMMON_PASSWORDS[guess % COMMON_PASSWORDS.length];
    return ascii(
        "GET /manager/html HTTP/1.1\r\nHost: "
            + host
            + "\r\nUser-Agent: Mozilla/4.0 (Hydra)\r\nAuthorization: Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))
            + "\r\n\r\n");
  }

  byte[] guessedPassword(int guess) {
    return ascii("PASS " + COMMON_PASSWORDS[guess % COMMON_PASSWORDS.length] + "\r\n");
  }

  private static final String[] COMMON_PASSWORDS = {
    "123456",
    "password",
    "admin",
    "12345678",
    "qwerty",
    "letmein",
    "welcome",
    "monkey",
    "dragon",
    "admin123"
  };

  private static int[] bodySizes() {
    int[] sizes = new int[64];
    for (int i = 0; i < sizes.length; i++) {
      // Roughly log-normal: half under 2 kB, a tail to about 30 kB.
      double x = i / (double) (sizes.length - 1);
      sizes[i] = (int) (150 * Math.pow(200, x * x));
    }
    return sizes;
  }

  private static byte[] dnsQuery(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // id, RD, 1 question
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(ascii(label));
    }
    out.write(0);
    out.writeBytes(new byte[] {0, 1, 0, 1}); // A, IN
    return out.toByteArray();
  }

  private static byte[] dnsAnswer(byte[] query, int i) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(query);
    byte[] a = out.toByteArray();
    a[2] = (byte) 0x81; // response, RD
    a[3] = (byte) 0x80; // RA
    int answers = 1 + i % 4;
    a[7] = (byte) answers;
    out.reset();
    out.writeBytes(a);
    for (int k = 0; k < answers; k++) {
      // Name pointer to the question, A, IN, TTL 300, 4 bytes of address.
      out.writeBytes(
          new byte[] {
            (byte) 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4, (byte) 192, 0, 2, (byte) (i + k)
          });
    }
    return out.toByteArray();
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
