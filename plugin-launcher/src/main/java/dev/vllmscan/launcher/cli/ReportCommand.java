package dev.vllmscan.launcher.cli;

import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.launcher.report.ReportReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Override
    public Integer call() {
      gate.validate();
      Path outputFile = OutputTarget.file(outputTarget);
      if (!dev.vllmscan.launcher.report.Renderers.FORMATS.contains(output)) {
        throw new UsageException("--output must be one of full (human), compact, summary, json, yaml, csv, junit, sarif");
      }
      // One report per target: a target in several files (a shard run twice) keeps its last report.
      java.util.Map<String, Report> byTarget = new java.util.LinkedHashMap<>();
      for (Path f : files) {
        for (Report r : ReportReader.read(f)) byTarget.put(r.asset().baseUrl(), r);
      }
      List<Report> all = new ArrayList<>(byTarget.values());
      ScanCommand.emitWithSummary(all, output, outputFile, noColor);
      return gate.exitCode(all);
    }
  }
}
