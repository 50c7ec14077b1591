namespace Microcredit.Bench;

/// <summary>Dispatches to a named benchmark. Each benchmark registers itself in <see cref="All"/>.</summary>
internal static class BenchRunner
{
    private static readonly Dictionary<string, (string Description, Func<string[], Task<int>> Run)> All = new(StringComparer.Ordinal)
    {
        ["import"] = ("CSV import: first load of 5M orders and upsert of 1M changed ones, SQLite and PostgreSQL", ImportBench.RunAsync),
        ["simulate"] = ("credit simulate at scale (default 100,000 merchants x 24 months)", SimulateBench.RunAsync),
        ["scoring"] = ("Scorecard scoring: one row (µs, allocations) and batch rows/s on 1-2 threads", ScoringBench.RunAsync),
        ["model-quality"] = ("Scorecard CV AUC on ../shared/datasets vs the reference LR", ModelQualityBench.RunAsync),
        ["features"] = (FeaturesBench.Description, FeaturesBench.RunAsync),
        ["settlement"] = (SettlementBench.Description, SettlementBench.RunAsync),
        ["api"] = (ApiBench.Description, ApiBench.RunAsync),
        ["dashboard"] = (DashboardBench.Description, DashboardBench.RunAsync),
        ["reliability"] = (ReliabilityBench.Description, ReliabilityBench.RunAsync),
        ["gbdt"] = ("Boosted trees: CV AUC on ../shared/datasets, 1M x 50 training vs python3-xgboost, inference rows/s", GbdtBench.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !All.TryGetValue(args[0], out var bench))
        {
            await Console.Error.WriteLineAsync("usage: dotnet run -c Release --project bench -- <benchmark> [options]");
            foreach (var (name, (description, _)) in All.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                await Console.Error.WriteLineAsync($"  {name,-20} {description}");
            }

            return 2;
        }

        return await bench.Run(args[1..]);
    }
}
