package dev.nsm.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace joined to this one by a veth pair, for live capture tests: traffic sent from
 * inside the namespace to {@link #HOST_ADDRESS} crosses {@link #hostInterface}. Only these two
 * private addresses, on links the test made itself, are ever used.
 */
final class TestNetwork implements AutoCloseable {

  static final String HOST_ADDRESS = "10.231.77.1";
  static final String PEER_ADDRESS = "10.231.77.2";

  final String namespace;
  final String hostInterface;

  private TestNetwork(String namespace, String hostInterface) {
    this.namespace = namespace;
    this.hostInterface = hostInterface;
  }

  /** Creates the namespace and veth pair, or skips the test saying why it cannot. */
  static TestNetwork create() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "live capture tests need root (namespaces, veth, raw capture); CI runs as root");
    Assumptions.assumeTrue(run("ip", "-V") == 0, "live capture tests need iproute2 (`ip`)");
    String suffix = Long.toString(ProcessHandle.current().pid() % 100000);
    TestNetwork net = new TestNetwork("nsmtest" + suffix, "nsmh" + suffix);
    String peer = "nsmp" + suffix;
    net.close(); // leftovers of an interrupted run
    check(run("ip", "netns", "add", net.namespace));
    check(run("ip", "link", "add", net.hostInterface, "type", "veth", "peer", "name", peer));
    check(run("ip", "link", "set", peer, "netns", net.namespace));
    check(run("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", net.hostInterface));
    check(run("ip", "link", "set", net.hostInterface, "up"));
    check(run("ip", "-n", net.namespace, "addr", "add", PEER_ADDRESS + "/30", "dev", peer));
    check(run("ip", "-n", net.namespace, "link", "set", peer, "up"));
    check(run("ip", "-n", net.namespace, "link", "set", "lo", "up"));
    return net;
  }

  /**
   * From inside the namespace, opens a TCP connection to each port of the host side (bounded: each
   * try gives up after one second). Closed ports answer with RST at once.
   */
  void connectFromPeer(List<Integer> ports) throws IOException, InterruptedException {
    connectFromPeer(ports, 0);
  }

  /** As {@link #connectFromPeer(List)}, pausing {@code pauseMillis} after each connection. */
  void connectFromPeer(List<Integer> ports, int pauseMillis)
      throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    for (int port : ports) {
      if (pauseMillis > 0 && script.length() > 0) {
        script.append("sleep ").append(pauseMillis / 1000.0).append("; ");
      }
      script
          .append("timeout 10 bash -c 'echo > /dev/tcp/")
          .append(HOST_ADDRESS)
          .append('/')
          .append(port)
          .append("' 2>/dev/null; ");
    }
    run("ip", "netns", "exec", namespace, "bash", "-c", script.toString());
  }

  private static void check(int exit) throws IOException {
    if (exit != 0) {
      throw new IOException("setting up the test network failed (exit " + exit + ")");
    }
  }

  static int run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return 127;
    }
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return 124;
    }
    if (process.exitValue() != 0 && System.getenv("NSM_TEST_DEBUG") != null) {
      System.err.println(
          String.join(" ", command) + ": " + new String(output, StandardCharsets.UTF_8));
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    List<String[]> cleanup = new ArrayList<>();
    cleanup.add(new String[] {"ip", "link", "del", hostInterface});
    cleanup.add(new String[] {"ip", "netns", "del", namespace});
    for (String[] command : cleanup) {
      run(command);
    }
  }
}
