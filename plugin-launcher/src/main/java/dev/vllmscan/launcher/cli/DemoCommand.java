package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.Emulator;
import dev.vllmscan.launcher.report.Report;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.Iterator;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start the built-in vLLM emulator on loopback and scan it with the default policy.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--profile", defaultValue = "stock-0.29", description = "Emulator profile: ${COMPLETION-CANDIDATES}",
      completionCandidates = Profiles.class) String profile;
  @Option(names = {"-o", "--output"}, defaultValue = "human", description = "human, json, junit or sarif") String output;
  @Option(names = "--no-color", description = "Never colour the output") boolean noColor;
  @Mixin TargetOptions target = new TargetOptions();
  @Spec CommandSpec spec;

  static final class Profiles implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Profile.BUILT_IN.iterator();
    }
  }

  @Override
  public Integer call() {
    Profile p = Profile.load(profile);
    Streams io = Streams.of(spec);
    PrintStream err = io.err();
    try (Emulator emulator = Emulator.start(p, 0)) {
      err.println("vllmscan demo: emulating " + p.description() + " at " + emulator.url());
      if (p.apiKey() != null && target.apiKey == null) {
        err.println("vllmscan demo: the server requires a key; scanning without one (add --api-key " + p.apiKey() + " to compare)");
      }
      if (emulator.caCertificatePem() != null && target.caCert == null) {
        target.caCert = CaFile.write(emulator.caCertificatePem()).toString(); // trusted like an internal CA
      } else if (p.on(p.tls())) {
        target.insecure = true;
      }
      // The emulated server's side ports are the ones it opened; the loopback's defaults belong to this machine.
      if (target.sidePorts == null && !target.noSidePorts) {
        if (emulator.sidePorts().isEmpty()) target.noSidePorts = true;
        else target.sidePorts = emulator.sidePorts().flagValue();
        err.println("vllmscan demo: side ports: " + String.join(" ", emulator.sidePortFlags()));
      }
      Report report = ScanCommand.scan(target, "vllm", emulator.url(), ScanCommand.loadBundles(List.of()));
      ScanCommand.emit(io.out(), List.of(report), output, null, noColor);
      if (!emulator.invocations().isEmpty()) {
        err.println("vllmscan demo: SAFETY VIOLATION, state-changing handlers ran: " + emulator.invocations());
        return Main.EXIT_TARGET;
      }
      err.println();
      err.println("Next: vllmscan demo --profile v0.11-dev-lora   (other profiles: " + String.join(", ", Profile.BUILT_IN) + ")");
      err.println("      VLLM_API_KEY=... vllmscan scan vllm https://your-vllm:8000 -o sarif --output-file vllm.sarif   (or --api-key-file PATH)");
      err.println("      vllmscan emulate --profile v0.29-hardened   (then: vllmscan shell vllm http://127.0.0.1:8000)");
      // The demo ran and its findings are the point: exit 0 (a real scan's exit code is the gate, not the demo's).
      return Main.EXIT_OK;
    }
  }
}
