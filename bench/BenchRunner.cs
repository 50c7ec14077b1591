namespace Microcredit.Bench;

/// <summary>Dispatches to a named benchmark. Each benchmark registers itself in <see cref="All"/>.</summary>
internal static class BenchRunner
{
    private static readonly Dictionary<string, (string Description, Func<string[], Task<int>> Run)> All = new(StringComparer.Ordinal)
    {
        ["features"] = (FeaturesBench.Description, FeaturesBench.RunAsync),
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
