package dev.vllmscan.provider.sideport;

import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.api.sideport.SidePortTarget;
import dev.vllmscan.provider.api.Verdict;
import java.util.List;

/**
 * What one side-port probe saw: whether the port accepted (yes), refused (no) or neither (unknown, with why:
 * a silent drop is not a refusal), the protocol it identified as ("zmtp", "http", "unknown"; null when closed),
 * and the lines that decided it, e.g. {@code 127.0.0.1:5557 accepted; sent nothing; first bytes ff 00 … 7f}.
 */
public record SidePortObservation(SidePortTarget target, String address, Verdict reachable, String protocol,
    String firstBytes, List<String> evidence) {
  public SidePortObservation {
    evidence = List.copyOf(evidence);
  }

  public SidePortRole role() {
    return target.role();
  }

  /** One line naming the port, its role and source, and what happened. */
  public String line() {
    return String.join("; ", evidence) + " [" + target.role().id() + ", " + target.source() + "]";
  }
}
