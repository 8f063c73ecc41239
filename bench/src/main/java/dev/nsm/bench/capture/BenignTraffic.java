package dev.nsm.bench.capture;

import java.util.SplittableRandom;

/**
 * Everyday traffic that must raise no alert: web browsing over HTTPS and HTTP, DNS lookups, SSH
 * sessions, mail over IMAPS, NTP, and a few FTP and HTTP Basic logins that succeed (now and then
 * after one mistyped password). Each client stays far below every default threshold: at most one
 * new flow per {@link #CLIENT_SPACING_MICROS} (4 per second, high-frequency fires at 6), only
 * standard ports, a handful of servers, at most {@link #MAX_FAILURES_PER_CLIENT} failed logins.
 */
final class BenignTraffic {

  static final long CLIENT_SPACING_MICROS = 250_000;
  static final int MAX_FAILURES_PER_CLIENT = 2;

  private final Network net;
  private final Payloads payloads;
  private final Schedule schedule;
  private final SplittableRandom random;
  private final long[] nextAllowed;
  private final byte[] failures;
  private final java.util.BitSet active = new java.util.BitSet();

  /** Running mean of packets per flow, so the flow rate can be set for a packet rate. */
  private long flows;

  private long packets;

  BenignTraffic(Network net, Payloads payloads, Schedule schedule, SplittableRandom random) {
    this.net = net;
    this.payloads = payloads;
    this.schedule = schedule;
    this.random = random;
    this.nextAllowed = new long[net.clients.length];
    this.failures = new byte[net.clients.length];
  }

  double packetsPerFlow() {
    return flows == 0 ? 12 : packets / (double) flows;
  }

  /** Clients that started at least one flow. */
  int activeClients() {
    return active.cardinality();
  }

  /** Starts one flow of a randomly chosen client at {@code t} (or a little later if it must). */
  void startFlow(long t) {
    int c = random.nextInt(net.clients.length);
    for (int tries = 0; nextAllowed[c] > t && tries < 16; tries++) {
      c = random.nextInt(net.clients.length);
    }
    t = Math.max(t, nextAllowed[c]);
    nextAllowed[c] = t + CLIENT_SPACING_MICROS;
    active.set(c);
    int n;
    // The mix of flows, tuned so that about 5 % of packets are TCP SYNs and 8 % UDP.
    double kind = random.nextDouble();
    if (kind < 0.47) {
      n = dns(c, t);
    } else if (kind < 0.48) {
      n = ntp(c, t);
    } else if (kind < 0.48 + 0.52 * 0.60) {
      n = tls(c, t, Network.WEB, 443);
    } else if (kind < 0.48 + 0.52 * 0.84) {
      n = http(c, t);
    } else if (kind < 0.48 + 0.52 * 0.90) {
      n = tls(c, t, Network.MAIL, 993);
    } else if (kind < 0.48 + 0.52 * 0.96) {
      n = ssh(c, t);
    } else if (kind < 0.48 + 0.52 * 0.98) {
      n = ftp(c, t);
    } else {
      n = basicAuth(c, t);
    }
    flows++;
    packets += n;
  }

  private Conversation open(int c, long t, Host server, int port, boolean udp) {
    Flow flow = new Flow(net.clients[c], ephemeralPort(), server, port, udp);
    return new Conversation(flow, schedule, random, t, net.clientRtt[c], false);
  }

  private int ephemeralPort() {
    return 32768 + random.nextInt(28232);
  }

  private int dns(int c, long t) {
    int name = random.nextInt(Payloads.NAMES);
    // Cached answers come back at once, others after the resolver asked upstream.
    long delay =
        random.nextInt(4) == 0 ? 5_000 + random.nextInt(60_000) : 150 + random.nextInt(800);
    return open(c, t, net.serverFor(c, Network.DNS, 0), 53, true)
        .datagramExchange(
            payloads.dnsQueries[name], payloads.dnsAnswers[name], random.nextInt(65536), delay)
        .packets();
  }

  private int ntp(int c, long t) {
    Conversation conv = open(c, t, net.serverFor(c, Network.NTP, 0), 123, true);
    return conv.datagramExchange(payloads.ntp, payloads.ntp, -1, 300 + random.nextInt(2000))
        .packets();
  }

  /** HTTPS or IMAPS: a TLS handshake (full or resumed), a few records each way, a close. */
  private int tls(int c, long t, int kind, int port) {
    Conversation conv = open(c, t, net.serverFor(c, kind, random.nextInt(3)), port, false);
    conv.handshake().client(517, payloads.tlsHandshake);
    if (random.nextInt(3) == 0) {
      conv.server(2_400 + random.nextInt(2_400), payloads.tlsServerHello)
          .client(126, payloads.tlsChangeCipher);
    } else {
      conv.server(160 + random.nextInt(100), payloads.tlsServerHello)
          .client(80, payloads.tlsChangeCipher);
    }
    int exchanges = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
    for (int i = 0; i < exchanges; i++) {
      conv.pause(random.nextInt(20_000))
          .client(120 + random.nextInt(700), payloads.tlsApplicationData)
          .server(bodySize(), payloads.tlsApplicationData);
    }
    return finish(conv);
  }

  private int http(int c, long t) {
    Conversation conv = open(c, t, net.serverFor(c, Network.WEB, random.nextInt(3)), 80, false);
    conv.handshake();
    int requests = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
    for (int i = 0; i < requests; i++) {
      conv.pause(random.nextInt(20_000))
          .client(payloads.httpRequests[random.nextInt(Payloads.NAMES)]);
      if (random.nextInt(5) == 0) {
        conv.server(payloads.httpNotModified);
      } else {
        int size = random.nextInt(Payloads.BODY_SIZES.length);
        byte[] head = payloads.httpResponses[size];
        conv.server(head.length + Payloads.BODY_SIZES[size], head);
      }
    }
    return finish(conv);
  }

  private int ssh(int c, long t) {
    Conversation conv = open(c, t, net.serverFor(c, Network.SSH, 0), 22, false);
    conv.handshake()
        .server(payloads.sshServerBanner)
        .client(payloads.sshClientBanner)
        .client(1_500, payloads.sshKexInit)
        .server(1_100, payloads.sshKexInit)
        .client(48, null)
        .server(560, null);
    int keystrokes = random.nextInt(8);
    for (int i = 0; i < keystrokes; i++) {
      conv.pause(80_000 + random.nextInt(200_000))
          .client(36, null)
          .server(36 + random.nextInt(60), null);
    }
    return finish(conv);
  }

  /** An FTP login that succeeds, sometimes after one wrong password. */
  private int ftp(int c, long t) {
    int user = random.nextInt(Payloads.NAMES);
    Conversation conv = open(c, t, net.serverFor(c, Network.FTP, 0), 21, false);
    conv.handshake().server(payloads.ftpBanner);
    if (random.nextInt(4) == 0 && failures[c] < MAX_FAILURES_PER_CLIENT) {
      failures[c]++;
      conv.client(payloads.ftpUsers[user])
          .server(payloads.ftpPasswordRequired)
          .client(payloads.ftpPasswords[(user + 1) % Payloads.NAMES])
          .pause(500_000)
          .server(payloads.ftpLoginFailed);
    }
    conv.client(payloads.ftpUsers[user])
        .server(payloads.ftpPasswordRequired)
        .client(payloads.ftpPasswords[user])
        .server(payloads.ftpLoggedIn)
        .client(payloads.ftpSyst)
        .server(payloads.ftpSystReply)
        .pause(random.nextInt(2_000_000))
        .client(payloads.ftpQuit)
        .server(payloads.ftpGoodbye);
    return conv.close().packets();
  }

  /** HTTP Basic: the challenge, then the request with credentials, answered 200. */
  private int basicAuth(int c, long t) {
    int user = random.nextInt(Payloads.NAMES);
    Conversation conv = open(c, t, net.serverFor(c, Network.WEB, random.nextInt(3)), 80, false);
    conv.handshake()
        .client(payloads.httpRequests[user])
        .server(payloads.httpUnauthorized)
        .pause(random.nextInt(3_000_000))
        .client(payloads.basicAuthRequests[user])
        .server(payloads.httpOkEmpty);
    return finish(conv);
  }

  private int finish(Conversation conv) {
    conv.pause(random.nextInt(50_000));
    if (random.nextInt(8) == 0) {
      conv.clientReset();
    } else {
      conv.close();
    }
    return conv.packets();
  }

  private int bodySize() {
    return Payloads.BODY_SIZES[random.nextInt(Payloads.BODY_SIZES.length)];
  }
}
