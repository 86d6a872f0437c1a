package dev.vllmscan.launcher.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.mql.Executor;
import dev.vllmscan.launcher.mql.MqlException;
import dev.vllmscan.launcher.mql.Printer;
import dev.vllmscan.launcher.mql.Query;
import dev.vllmscan.launcher.mql.QueryError;
import dev.vllmscan.launcher.mql.SessionSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.vllmscan.launcher.text.SafeText;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one MQL query against a target and print the result.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Connector (vllm)") String connector;
  @Parameters(index = "1", description = "Target URL, e.g. http://localhost:8000") String url;
  @Option(names = {"-c", "--command"}, required = true, description = "The query, e.g. 'vllm.server { version }'") String query;
  @Option(names = {"-o", "--output"}, defaultValue = "human", description = "human or json") String output;
  @Option(names = {"-j", "--json"}, description = "Same as -o json (cnspec)") boolean json;
  @Mixin TargetOptions target = new TargetOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (json) output = "json";
    if (!output.equals("human") && !output.equals("json")) throw new UsageException("--output must be human or json");
    Query q;
    try {
      // Checked before the provider starts: a broken query costs the target nothing.
      q = Query.compile(query, Connector.provider(target).schema());
    } catch (MqlException e) {
      throw new UsageException("query error at " + e.describe(query).split("\n")[0]);
    }
    try (Session session = Connector.open(target, connector, url)) {
      try (Executor exec = new Executor(session.schema(), new SessionSource(session))) {
        Object value;
        try {
          value = exec.evalForDisplay(q.expr());
        } catch (QueryError e) {
          Streams.of(spec).err().println("vllmscan: " + SafeText.of(e.getMessage()));
          return Main.EXIT_TARGET;
        }
        Streams.of(spec).out().println(output.equals("json") ? Printer.json(query, value) : Printer.human(Printer.label(query), value));
      }
    }
    return Main.EXIT_OK;
  }
}
