using Microcredit.Bench;

// Console harness: `dotnet run -c Release --project bench -- <benchmark> [options]`.
// Each benchmark prints its figures; docs/benchmarks.md records them with the command.
return await BenchRunner.RunAsync(args);
