package dev.vllmscan.launcher.host;

/** The go-plugin handshake line: {@code CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT}. */
public record Handshake(String network, String address, String serverCert) {
  /** The embedded provider's pseudo-network; never accepted from a plugin's handshake line. */
  public static final String IN_PROCESS = "inprocess";

  public static Handshake parse(String line) {
    if (line == null) throw new HostException("plugin exited before we could connect");
    String[] parts = line.trim().split("\\|", -1);
    if (parts.length < 4) throw new HostException("Unrecognized remote plugin message: " + line.trim());
    if (!parts[0].equals("1")) throw new HostException("incompatible core API version with plugin: " + parts[0]);
    if (!parts[1].equals("1")) throw new HostException("incompatible API version with plugin: " + parts[1]);
    if (parts.length < 5 || !parts[4].equals("grpc")) {
      throw new HostException("the plugin does not speak gRPC (protocol '" + (parts.length > 4 ? parts[4] : "") + "')");
    }
    if (!parts[2].equals("tcp") && !parts[2].equals("unix")) {
      throw new HostException("unsupported plugin network '" + parts[2] + "'");
    }
    return new Handshake(parts[2], parts[3], parts.length > 5 ? parts[5] : "");
  }
}
