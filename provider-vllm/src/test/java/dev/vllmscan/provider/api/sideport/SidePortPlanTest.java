package dev.vllmscan.provider.api.sideport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --side-ports LIST}: the accepted forms, the roles bare ports take, and bad items named in the error. */
class SidePortPlanTest {
  @Test
  void rolesAndBarePorts() {
    SidePortPlan p = SidePortPlan.parse(" kv-events=6000, 29501 ,41000,dp-supervisor=9300,6000");
    assertEquals(SidePortPlan.Mode.FLAG, p.mode());
    assertEquals(List.of(
        new SidePortTarget(SidePortRole.KV_EVENTS, 6000, "flag"),
        new SidePortTarget(SidePortRole.TORCH_MASTER, 29501, "flag"),
        new SidePortTarget(SidePortRole.UNKNOWN, 41000, "flag"),
        new SidePortTarget(SidePortRole.DP_SUPERVISOR, 9300, "flag")), p.targets(), "a repeated port is probed once");
    assertEquals(p, SidePortPlan.parse(p.encode()), "the connection option reads back as the same plan");
  }

  @Test
  void badItemsAreNamed() {
    for (String[] bad : new String[][] {{"kv-events=5557,zmq=1", "'zmq=1'"}, {"70000", "'70000'"}, {"5557,,9256", "''"},
        {"kv-events=", "'kv-events='"}, {"unknown=5", "'unknown=5'"}, {"0", "'0'"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SidePortPlan.parse(bad[0]));
      assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("PORT or ROLE=PORT"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> SidePortPlan.parse(" "));
  }

  @Test
  void defaultsAndOff() {
    assertEquals(List.of(5557, 14579, 29500, 29501, 9256),
        SidePortPlan.defaults().targets().stream().map(SidePortTarget::port).toList());
    assertTrue(SidePortPlan.defaults().targets().stream().noneMatch(SidePortTarget::configured));
    assertEquals(SidePortPlan.Mode.OFF, SidePortPlan.fromOptions("kv-events=1", true).mode(), "off wins over a list");
    assertEquals(SidePortPlan.Mode.DEFAULTS, SidePortPlan.fromOptions("", false).mode(), "a host's empty default is no list");
  }
}
