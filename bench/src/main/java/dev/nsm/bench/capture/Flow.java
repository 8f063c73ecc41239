package dev.nsm.bench.capture;

/** The endpoints of one TCP connection or UDP exchange: the client is who sent first. */
final class Flow {

  final Host client;
  final Host server;
  final int clientPort;
  final int serverPort;
  final boolean udp;

  Flow(Host client, int clientPort, Host server, int serverPort, boolean udp) {
    if (client.v6 != server.v6) {
      throw new IllegalArgumentException("a flow's hosts share one address family");
    }
    this.client = client;
    this.server = server;
    this.clientPort = clientPort;
    this.serverPort = serverPort;
    this.udp = udp;
  }
}
