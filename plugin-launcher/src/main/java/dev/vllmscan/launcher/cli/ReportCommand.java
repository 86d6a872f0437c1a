package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.launcher.report.ReportReader;
import dev.vllmscan.launcher.scan.Inventory;
import dev.vllmscan.launcher.text.SafeText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.vllmscan.launcher.report.Renderers;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Work with saved reports.", subcommands = {ReportCommand.Merge.class})
final class ReportCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "report needs a subcommand: merge");
  }

  @Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge JSON reports (e.g. one per Kubernetes shard) into one report and a summary.")
  static final class Merge implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "JSON reports written by `scan -o json`") List<Path> files;
    @Option(names = {"-o", "--output"}, defaultValue = "json", description = "human, json, junit or sarif (default: ${DEFAULT-VALUE})") String output;
    @Option(names = {"--output-file", "--output-target"}, description = "Write the merged report to this local file instead of stdout") String outputTarget;
    @picocli.CommandLine.Mixin Gate gate = new Gate();
    @Option(names = "--no-color", description = "Never colour the output") boolean noColor;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      gate.validate();
      Streams io = Streams.of(spec);
      Path outputFile = OutputTarget.file(outputTarget);
      if (!Renderers.FORMATS.contains(output)) {
        throw new UsageException("--output must be one of full (human), compact, summary, json, yaml, csv, junit, sarif");
      }
      List<Report> all = new ArrayList<>();
      List<String> from = new ArrayList<>();
      for (Path f : files) {
        List<Report> read;
        try {
          read = ReportReader.read(f);
        } catch (ReportReader.NotAReport e) {
          io.err().println("vllmscan: report merge: " + SafeText.of(e.getMessage()) + "; nothing was merged");
          return Main.EXIT_TARGET;
        }
        for (Report r : read) {
          all.add(r);
          from.add(f.toString());
        }
      }
      all = flagDuplicates(all, from, io.err());
      ScanCommand.emitWithSummary(io, all, output, outputFile, noColor);
      if (all.isEmpty()) {
        io.err().println("vllmscan: report merge: the inputs hold no target report, so nothing was assessed");
        return Main.EXIT_TARGET;
      }
      return gate.exitCode(all);
    }

    /**
     * A target in several inputs (a shard run twice) keeps every report, each labelled and named in a warning: keeping
     * only the last could turn a failing target clean without a word. The gate counts them all. Only a report identical
     * to one already read (the same file given twice) is kept once, with a warning.
     */
    static List<Report> flagDuplicates(List<Report> reports, List<String> from, PrintStream err) {
      Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
      Set<Integer> repeated = new HashSet<>();
      for (int i = 0; i < reports.size(); i++) {
        List<Integer> group = byTarget.computeIfAbsent(Inventory.normalise(reports.get(i).asset().baseUrl()), k -> new ArrayList<>());
        Report r = reports.get(i);
        // The very same report twice (one file given twice) is one report: nothing is lost by keeping one copy.
        Integer same = group.stream().filter(j -> reports.get(j).equals(r)).findFirst().orElse(null);
        if (same != null) {
          repeated.add(i);
          err.println("vllmscan: warning: the report for " + SafeText.of(r.asset().baseUrl()) + " in " + SafeText.of(from.get(i))
              + " is the same as the one in " + SafeText.of(from.get(same)) + "; kept once");
        } else {
          group.add(i);
        }
      }
      List<Report> out = new ArrayList<>(reports);
      for (Map.Entry<String, List<Integer>> e : byTarget.entrySet()) {
        List<Integer> at = e.getValue();
        if (at.size() < 2) continue;
        List<String> sources = at.stream().map(from::get).toList();
        err.println("vllmscan: warning: " + at.size() + " reports for " + SafeText.of(e.getKey()) + " (from "
            + SafeText.of(String.join(", ", sources)) + "): all are kept and gated; scan each target once to avoid this");
        for (int n = 0; n < at.size(); n++) {
          Report r = out.get(at.get(n));
          Map<String, String> labels = new LinkedHashMap<>(r.asset().labels());
          labels.put(DUPLICATE_LABEL, (n + 1) + " of " + at.size() + " reports for this target (this one from " + sources.get(n) + ")");
          out.set(at.get(n), r.withAsset(r.asset().withLabels(labels)));
        }
      }
      List<Report> kept = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        if (!repeated.contains(i)) kept.add(out.get(i));
      }
      return kept;
    }
  }

  /** The label a merged report carries when its target has more than one report. */
  static final String DUPLICATE_LABEL = "vllmscan-merge-duplicate";
}
