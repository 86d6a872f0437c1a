package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.provider.api.advisory.Advisory;
import dev.vllmscan.provider.api.advisory.AdvisoryDatabase;
import dev.vllmscan.provider.api.advisory.SidePortConditions;
import dev.vllmscan.provider.sideport.ConfiguredPorts;
import dev.vllmscan.provider.sideport.SidePortObservation;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.sideport.SidePortScan;
import dev.vllmscan.provider.api.sideport.SidePortTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The side-port verdicts as a table: positive evidence fails, a closed default port never passes on its own, a
 * silent drop is never "closed", and the configured ports (--side-ports or /server_info) are what a pass rests on.
 */
class SidePortVerdictTest {
  static final SidePortRole.Group KV = SidePortRole.Group.KV_EVENTS;
  static final SidePortRole.Group DIST = SidePortRole.Group.DISTRIBUTED;

  static SidePortObservation seen(SidePortRole role, int port, String source, Verdict reachable) {
    return new SidePortObservation(new SidePortTarget(role, port, source), "127.0.0.1:" + port, reachable,
        reachable.isYes() ? "unknown" : null, null, reachable.evidence());
  }

  static SidePortObservation refused(SidePortRole role, String source) {
    return seen(role, role.defaultPort(), source, Verdict.no("127.0.0.1:" + role.defaultPort() + " refused the connection"));
  }

  static SidePortScan.Result defaults(SidePortScan.Configuration config, SidePortObservation... seen) {
    return new SidePortScan.Result(SidePortPlan.defaults(), config, List.of(seen));
  }

  static final SidePortScan.Configuration UNREADABLE = SidePortScan.Configuration.unreadable("/server_info answered 404");

  @Test
  void aClosedDefaultPortIsUnknownAndSaysWhatWasNotSeen() {
    SidePortVerdict.Judgement j = SidePortVerdict.reachable(defaults(UNREADABLE, refused(SidePortRole.KV_EVENTS, "default")), KV, "KV-event publisher");
    assertTrue(j.verdict().isUnknown());
    assertTrue(j.verdict().reason().contains("seen: 127.0.0.1:5557 refused the connection"), j.verdict().reason());
    assertTrue(j.verdict().reason().contains("not seen: the configured port of kv-events"), j.verdict().reason());
    assertTrue(j.verdict().reason().contains("not readable: /server_info answered 404"), j.verdict().reason());
  }

  @Test
  void anAcceptedPortIsPositiveEvidenceWhateverItsSource() {
    SidePortObservation open = seen(SidePortRole.KV_EVENTS, 5557, "default", Verdict.yes("127.0.0.1:5557 accepted; sent nothing"));
    SidePortVerdict.Judgement j = SidePortVerdict.reachable(defaults(UNREADABLE, open), KV, "KV-event publisher");
    assertTrue(j.verdict().isYes());
    assertEquals(List.of("127.0.0.1:5557 accepted; sent nothing [kv-events, default]"), j.lines());
  }

  @Test
  void aNamedPortThatRefusesPassesAndASilentOneDoesNot() {
    SidePortScan.Result flag = new SidePortScan.Result(SidePortPlan.parse("kv-events=6000"), null,
        List.of(seen(SidePortRole.KV_EVENTS, 6000, "flag", Verdict.no("127.0.0.1:6000 refused the connection"))));
    assertTrue(SidePortVerdict.reachable(flag, KV, "KV-event publisher").verdict().isNo());
    assertTrue(SidePortVerdict.reachable(flag, DIST, "distributed and transfer ports").verdict().isUnknown(),
        "a list without distributed roles judges none of them");

    SidePortScan.Result dropped = new SidePortScan.Result(SidePortPlan.parse("kv-events=6000"), null,
        List.of(seen(SidePortRole.KV_EVENTS, 6000, "flag", Verdict.unknown("127.0.0.1:6000: no answer to the connection attempt"))));
    assertTrue(SidePortVerdict.reachable(dropped, KV, "KV-event publisher").verdict().isUnknown(), "a drop is not a refusal");

    SidePortScan.Result off = new SidePortScan.Result(SidePortPlan.off(), null, List.of());
    assertTrue(SidePortVerdict.reachable(off, KV, "KV-event publisher").verdict().reason().contains("--no-side-ports"));
  }

  @Test
  void serverInfoNamesThePortsAndWhatIsOff() throws Exception {
    JsonNode config = new ObjectMapper().readTree("""
        {"kv_events_config": {"enable_kv_cache_events": true, "publisher": "zmq", "endpoint": "tcp://*:6557", "replay_endpoint": null},
         "kv_transfer_config": null, "ec_transfer_config": null,
         "parallel_config": {"data_parallel_size": 1, "data_parallel_master_port": 29500, "master_port": 29511}}""");
    ConfiguredPorts ports = ConfiguredPorts.from(config);
    assertEquals(List.of(6557), ports.ports().get(SidePortRole.KV_EVENTS));
    assertEquals(List.of(29511), ports.ports().get(SidePortRole.TORCH_MASTER));
    assertTrue(ports.off().containsKey(SidePortRole.KV_TRANSFER) && ports.off().containsKey(SidePortRole.DP_SUPERVISOR));
    List<SidePortTarget> refined = ports.refine(SidePortPlan.defaults().targets());
    assertEquals(List.of("kv-events 6557 (server_info)", "kv-transfer 14579 (default)", "dp-master 29500 (server_info)",
        "torch-master 29511 (server_info)", "dp-supervisor 9256 (default)"), refined.stream().map(SidePortTarget::describe).toList());

    SidePortScan.Configuration read = new SidePortScan.Configuration(ports, List.of("GET /server_info (anonymous)"), null);
    List<SidePortObservation> all = new ArrayList<>();
    for (SidePortTarget t : refined) {
      all.add(seen(t.role(), t.port(), t.source(), Verdict.no("127.0.0.1:" + t.port() + " refused the connection")));
    }
    SidePortScan.Result r = new SidePortScan.Result(SidePortPlan.defaults(), read, all);
    assertTrue(SidePortVerdict.reachable(r, KV, "KV-event publisher").verdict().isNo(), "the configured publisher port refused");
    SidePortVerdict.Judgement dist = SidePortVerdict.reachable(r, DIST, "distributed and transfer ports");
    assertTrue(dist.verdict().isNo(), dist.lines().toString());
    assertTrue(dist.lines().stream().anyMatch(l -> l.contains("no kv_transfer_config")), dist.lines().toString());

    JsonNode disabled = new ObjectMapper().readTree("{\"kv_events_config\": {\"enable_kv_cache_events\": false, \"publisher\": \"zmq\"}}");
    assertTrue(ConfiguredPorts.from(disabled).off().containsKey(SidePortRole.KV_EVENTS), "events off: no publisher");
  }

  @Test
  void theRunningPublishersListedAnonymouslyOutrankTheConfiguration() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ConfiguredPorts none = ConfiguredPorts.fromKvEventSources(json.readTree("{}"));
    SidePortScan.Result r = defaults(new SidePortScan.Configuration(none, List.of("GET /kv_event_sources (anonymous)"),
        "/server_info answered 404"), refused(SidePortRole.KV_EVENTS, "default"));
    SidePortVerdict.Judgement j = SidePortVerdict.reachable(r, KV, "KV-event publisher");
    assertTrue(j.verdict().isNo(), "{} from /kv_event_sources: no publisher runs");
    assertTrue(j.lines().contains("kv-events: /kv_event_sources: {} (no KV-event publisher runs)"), j.lines().toString());

    ConfiguredPorts running = ConfiguredPorts.fromKvEventSources(json.readTree(
        "{\"0\": {\"enable_kv_cache_events\": true, \"publisher\": \"zmq\", \"endpoint\": \"tcp://*:5558\"}}"))
        .orElse(ConfiguredPorts.from(json.readTree("{\"kv_events_config\": null}")));
    assertEquals(List.of("kv-events 5558 (kv_event_sources)"),
        running.refine(List.of(new SidePortTarget(SidePortRole.KV_EVENTS, 5557, "default"))).stream().map(SidePortTarget::describe).toList());
  }

  @Test
  void internalNetworkAdvisoriesApplyOnlyWhenTheirPortAnswers() {
    Advisory pyNccl = find("CVE-2025-47277");
    Advisory mooncake = find("CVE-2025-32444");
    SidePortObservation openDefault = seen(SidePortRole.KV_TRANSFER, 14579, "default", Verdict.yes("127.0.0.1:14579 accepted"));
    SidePortScan.Result r = defaults(UNREADABLE, openDefault);
    Verdict yes = AdvisoryVerdict.applies(pyNccl, Verdict.yes("0.8.4 is within"), null, Verdict.no(), () -> r);
    assertTrue(yes.isYes(), yes.reason());
    assertTrue(yes.reason().contains("127.0.0.1:14579 accepted"), yes.reason());
    assertTrue(AdvisoryVerdict.applies(pyNccl, Verdict.no("0.9.0 is outside"), null, Verdict.no(), () -> r).isNo());

    Verdict notMooncakes = AdvisoryVerdict.applies(mooncake, Verdict.yes("0.8.4 is within"), null, Verdict.no(), () -> r);
    assertTrue(notMooncakes.isUnknown(), "Mooncake's pipe does not listen on the default kv_port");
    SidePortScan.Result named = new SidePortScan.Result(SidePortPlan.parse("kv-transfer=14589"), null,
        List.of(seen(SidePortRole.KV_TRANSFER, 14589, "flag", Verdict.yes("127.0.0.1:14589 accepted"))));
    assertTrue(AdvisoryVerdict.applies(mooncake, Verdict.yes("0.8.4 is within"), null, Verdict.no(), () -> named).isYes());

    SidePortScan.Result closed = defaults(UNREADABLE, refused(SidePortRole.KV_TRANSFER, "default"));
    assertTrue(AdvisoryVerdict.applies(pyNccl, Verdict.yes("0.8.4 is within"), null, Verdict.no(), () -> closed).isUnknown(),
        "a closed port never clears an internal-network advisory");
    Advisory queue = find("CVE-2024-11041");
    assertEquals(null, SidePortConditions.of(queue), "its port is picked at start-up: no side port to tie it to");
    assertTrue(AdvisoryVerdict.applies(queue, Verdict.yes("0.6.2 is within"), null, Verdict.no(), () -> r).isUnknown());
  }

  static Advisory find(String id) {
    return AdvisoryDatabase.bundled().advisories().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
  }
}
