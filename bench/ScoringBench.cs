using System.Diagnostics;
using System.Globalization;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Bench;

/// <summary>
/// Scorecard scoring speed: the taiwan scorecard (trained on its folds) over 1M in-memory rows
/// drawn from the data set's encoded rows; one row at a time (latency, allocations) and in batch
/// on 1 and 2 threads (rows/s, score + pd).
/// </summary>
internal static class ScoringBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var directory = ModelQualityBench.FindDataSets();
        var data = CsvTabularReader.Read(Path.Combine(directory, "taiwan.csv"), new CsvReadOptions
        {
            Categorical = new HashSet<string>(["SEX", "EDUCATION", "MARRIAGE"], StringComparer.Ordinal),
        });
        var artifact = ModelTrainer.Train(data, "", new TrainingOptions { Target = "default", FoldColumn = "fold" }).Artifact;
        var scorer = artifact.CreateScorer();
        var width = scorer.Schema.Features.Count;
        var source = RowEncoder.Encode(data, scorer.Schema);
        var matrix = new double[rows * width];
        for (var r = 0; r < rows; r++)
        {
            var from = (int)((r * 2654435761L) % data.RowCount);
            Array.Copy(source, from * width, matrix, r * width, width);
        }

        Console.WriteLine($"model: taiwan scorecard, {width} features; {rows:N0} in-memory rows; {Environment.ProcessorCount} cores");

        // One row at a time: score, pd and reasons, as an API request would.
        Span<Reason> reasons = stackalloc Reason[ModelScorer.MaxReasons];
        double sink = 0;
        for (var warm = 0; warm < 3; warm++)
        {
            for (var r = 0; r < 100_000; r++)
            {
                var row = matrix.AsSpan(r * width, width);
                var score = scorer.Score(row);
                sink += scorer.Pd(score) + scorer.Explain(row, reasons);
            }
        }

        var clock = new Stopwatch();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        clock.Start();
        for (var r = 0; r < rows; r++)
        {
            var row = matrix.AsSpan(r * width, width);
            var score = scorer.Score(row);
            sink += scorer.Pd(score) + scorer.Explain(row, reasons);
        }

        var single = clock.Elapsed.TotalNanoseconds / rows;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single row (score + pd + 4 reasons): {single / 1000:0.000} µs/row, {allocated} bytes allocated over {rows:N0} rows"));

        clock.Restart();
        for (var r = 0; r < rows; r++)
        {
            sink += scorer.Score(matrix.AsSpan(r * width, width));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single row (score only): {clock.Elapsed.TotalNanoseconds / rows / 1000:0.000} µs/row"));

        var scores = new double[rows];
        var pds = new double[rows];
        foreach (var threads in new[] { 1, 2 })
        {
            scorer.ScoreBatch(matrix, scores, pds, threads);
            var best = double.MaxValue;
            for (var run = 0; run < 5; run++)
            {
                clock.Restart();
                scorer.ScoreBatch(matrix, scores, pds, threads);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch score + pd, {threads} thread(s): {rows / best / 1e6:0.00}M rows/s (best of 5: {best * 1000:0.0} ms for {rows:N0} rows)"));
        }

        return Task.FromResult(sink > 0 ? 0 : 1);
    }
}
