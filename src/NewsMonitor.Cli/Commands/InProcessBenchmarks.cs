using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NewsMonitor.Cli.Commands;

/// <summary>BenchmarkDotNet as the bench commands run it: in this process (the data is already loaded), with memory diagnostics.</summary>
internal static class InProcessBenchmarks
{
    /// <summary>Runs <typeparamref name="T"/>'s benchmarks; with <paramref name="quick"/> one iteration (a smoke test, not a figure). Returns the mean ns of <paramref name="method"/>, or null.</summary>
    public static double? Run<T>(bool quick, string method) => RunAll<T>(quick).TryGetValue(method, out var mean) ? mean : null;

    /// <summary>Runs every benchmark of <typeparamref name="T"/>; the mean time (ns) of each that produced one, by method name.</summary>
    public static Dictionary<string, double> RunAll<T>(bool quick)
    {
        var job = (quick ? Job.Dry.WithIterationCount(1) : Job.Default.WithWarmupCount(3).WithIterationCount(10)).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty().AddJob(job).AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "newsmon-bench"));
        var summary = BenchmarkRunner.Run<T>(config);
        return summary.Reports.Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean);
    }
}
