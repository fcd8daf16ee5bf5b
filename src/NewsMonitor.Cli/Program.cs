using System.CommandLine;
using System.Globalization;
using NewsMonitor.Cli.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var root = new RootCommand("NewsMonitor: Vietnamese news about Vietnam's international cooperation, as structured records, alerts and a daily digest.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(WatchCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ExtractCommand.Create());
root.Subcommands.Add(DedupCommand.Create());
root.Subcommands.Add(StoryWeightsCommand.Create());
root.Subcommands.Add(AnalyzeCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(FunctionsCommand.Create());
return await root.Parse(args).InvokeAsync();
