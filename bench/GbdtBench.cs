using System.Diagnostics;
using System.Globalization;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Training;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Bench;

/// <summary>
/// Boosted trees side by side: (1) cross-validated AUC on the given folds of every shared data set
/// next to the best reference in its README; (2) a seeded 1M × 50 standard-normal set with a
/// nonlinear logistic label, 80/20 split, 300 trees of depth 6, η 0.1, 256 bins, 2 threads,
/// training time after binning and held-out AUC here and in python3-xgboost (tree_method=hist) in
/// the same run; (3) inference of that model: one row (µs, allocations) and batch rows/s.
/// Arguments: [rows (default 1,000,000)] [--no-xgboost] [--no-quality] [--no-speed] [--no-inference]
/// [--search SECONDS] (then the quality table is the model search with that budget, as
/// <c>credit train</c> without <c>--trainer</c> runs it) [--inference-only] (only (3), with the model
/// of an earlier run of the same size kept in the temp folder, trained and kept when absent)
/// [--export-data] (only writes the speed run's rows for other tools).
/// </summary>
internal static class GbdtBench
{
    private static readonly (string File, string Categorical, double Best)[] DataSets =
    [
        ("german.csv", "", 0.7861),
        ("credit_data.csv", "", 0.8322),
        ("taiwan.csv", "SEX,EDUCATION,MARRIAGE", 0.7829),
        ("lending_club_2016q1.csv", "", 0.7334),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 1_000_000;
        var search = Array.IndexOf(args, "--search");
        if (search >= 0)
        {
            Search(TimeSpan.FromSeconds(double.Parse(args[search + 1], CultureInfo.InvariantCulture)));
        }
        else if (!args.Contains("--no-quality") && !args.Contains("--inference-only") && !args.Contains("--export-data"))
        {
            Quality();
        }

        if (args.Contains("--export-data"))
        {
            ExportData(rows);
        }
        else if (args.Contains("--inference-only"))
        {
            InferenceOnly(rows);
        }
        else if (!args.Contains("--no-speed"))
        {
            await SpeedAsync(rows, !args.Contains("--no-xgboost"), !args.Contains("--no-inference"));
        }

        return 0;
    }

    private static void Quality()
    {
        var directory = ModelQualityBench.FindDataSets();
        var options = new GbdtOptions { Trees = 300, MaxDepth = 3, LearningRate = 0.05, MinChildWeight = 5, Subsample = 0.8, ColumnSample = 0.8, Threads = 2 };
        Console.WriteLine($"gbdt CV AUC on the given folds: {options.Trees} trees, depth {options.MaxDepth}, eta {options.LearningRate}, min child weight {options.MinChildWeight}, subsample {options.Subsample}, colsample {options.ColumnSample}");
        Console.WriteLine($"{"data set",-26} {"rows",7} {"gbdt AUC",9} {"best ref",9} {"difference",10} {"seconds",8}");
        foreach (var (file, categorical, best) in DataSets)
        {
            var clock = Stopwatch.StartNew();
            var data = ModelQualityBench.ReadDataSet(directory, file, categorical);
            var result = ModelTrainer.Train(data, "", new TrainingOptions { Target = "default", FoldColumn = "fold", Trainer = "gbdt", Gbdt = options });
            var auc = result.Artifact.Validation.Auc;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file,-26} {data.RowCount,7} {auc,9:0.0000} {best,9:0.0000} {auc - best,10:+0.0000;-0.0000} {clock.Elapsed.TotalSeconds,8:0.0}"));
        }
    }

    private static void Search(TimeSpan budget)
    {
        var directory = ModelQualityBench.FindDataSets();
        Console.WriteLine($"model search (credit train without --trainer), budget {budget.TotalSeconds:0} s per data set, validation on the given folds");
        Console.WriteLine($"{"data set",-26} {"trials",6} {"chosen",-60} {"AUC",7} {"best ref",9} {"difference",10} {"bar",5} {"seconds",8}");
        foreach (var (file, categorical, best) in DataSets)
        {
            var clock = Stopwatch.StartNew();
            var data = ModelQualityBench.ReadDataSet(directory, file, categorical);
            var (result, log) = ModelSearch.Run(data, "", new TrainingOptions { Target = "default", FoldColumn = "fold" }, budget, null, TimeProvider.System, threads: 2);
            var chosen = log.First(l => l.Trial.Chosen).Trial;
            var auc = result.Artifact.Validation.Auc;
            var described = ModelSearch.Describe(new TrainingOptions { Target = "", Trainer = chosen.Trainer, Gbdt = chosen.Gbdt });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file,-26} {log.Count,6} {described,-60} {auc,7:0.0000} {best,9:0.0000} {auc - best,10:+0.0000;-0.0000} {(auc >= best - 0.005 ? "pass" : "FAIL"),5} {clock.Elapsed.TotalSeconds,8:0.0}"));
        }
    }

    private static async Task SpeedAsync(int rows, bool xgboost, bool inference)
    {
        const int features = 50;
        var clock = Stopwatch.StartNew();
        var (x, y) = Synthetic(rows, features, seed: 2026);
        var trainRows = rows * 4 / 5;
        var testRows = rows - trainRows;
        Console.WriteLine($"\nsynthetic: {rows:N0} rows x {features} features, train {trainRows:N0} / test {testRows:N0}, generated in {clock.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores");
        var options = new GbdtOptions { Trees = 300, MaxDepth = 6, LearningRate = 0.1, MaxBins = 256, Lambda = 1, MinChildWeight = 1, Threads = 2 };
        var trainX = x.AsSpan(0, trainRows * features).ToArray();
        var trainY = y[..trainRows];
        var testX = x.AsSpan(trainRows * features).ToArray();
        var testY = y[trainRows..];

        clock.Restart();
        var binned = BinnedMatrix.Create(trainX, features, options.MaxBins, options.Threads);
        var binning = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var ensemble = GbdtTrainer.Train(binned, trainY, options, seed: 1);
        var training = clock.Elapsed.TotalSeconds;
        var trainingCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var schema = FeatureSchema.Create([.. Enumerable.Range(0, features).Select(f => new FeatureSpec($"x{f}", ColumnKind.Numeric))]);
        var scorer = new TreeScorer(ensemble, schema, new PointsScale(), new CalibrationMap { Method = CalibrationMethod.Platt, A = 1, B = 0 });
        var margins = new double[testRows];
        for (var r = 0; r < testRows; r++)
        {
            margins[r] = scorer.Margin(testX.AsSpan(r * features, features));
        }

        var auc = Auc.Compute(margins, testY);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"microcredit gbdt: binning {binning:0.0} s, training {training:0.0} s (after binning; {trainingCpu:0.0} s CPU), held-out AUC {auc:0.0000}, {ensemble.Trees.Count} trees, fingerprint {Fingerprint(ensemble)}"));

        if (xgboost)
        {
            await XgboostAsync(x, y, features, trainRows, training, auc);
        }

        if (inference)
        {
            Inference(scorer, testX, features);
        }
    }

    /// <summary>Writes the speed run's rows as x.f32 / y.i32 into the temp folder, for experiments with other tools on the same data.</summary>
    private static void ExportData(int rows)
    {
        const int features = 50;
        var (x, y) = Synthetic(rows, features, seed: 2026);
        var dir = Path.Combine(Path.GetTempPath(), "microcredit-gbdt-bench");
        Directory.CreateDirectory(dir);
        var floats = new byte[x.Length * 4];
        for (var i = 0; i < x.Length; i++)
        {
            BitConverter.TryWriteBytes(floats.AsSpan(i * 4), (float)x[i]);
        }

        File.WriteAllBytes(Path.Combine(dir, "x.f32"), floats);
        File.WriteAllBytes(Path.Combine(dir, "y.i32"), [.. y.SelectMany(BitConverter.GetBytes)]);
        Console.WriteLine($"wrote {rows:N0} rows x {features} to {dir}/x.f32 and y.i32 (first {rows * 4 / 5:N0} train)");
    }

    private static void InferenceOnly(int rows)
    {
        const int features = 50;
        var (x, y) = Synthetic(rows, features, seed: 2026);
        var trainRows = rows * 4 / 5;
        var testX = x.AsSpan(trainRows * features).ToArray();
        var path = Path.Combine(Path.GetTempPath(), "microcredit-gbdt-bench", $"ensemble-{rows}.json");
        TreeEnsemble ensemble;
        if (File.Exists(path))
        {
            ensemble = System.Text.Json.JsonSerializer.Deserialize<TreeEnsemble>(File.ReadAllText(path), Microcredit.Scoring.Models.Artifacts.ArtifactJson.Options)!;
        }
        else
        {
            var options = new GbdtOptions { Trees = 300, MaxDepth = 6, LearningRate = 0.1, MaxBins = 256, Lambda = 1, MinChildWeight = 1, Threads = 2 };
            var binned = BinnedMatrix.Create(x.AsSpan(0, trainRows * features).ToArray(), features, options.MaxBins, options.Threads);
            ensemble = GbdtTrainer.Train(binned, y[..trainRows], options, seed: 1);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(ensemble, Microcredit.Scoring.Models.Artifacts.ArtifactJson.Options));
        }

        Console.WriteLine($"model {path}, fingerprint {Fingerprint(ensemble)}");
        Walks(ensemble, testX, features);
        var schema = FeatureSchema.Create([.. Enumerable.Range(0, features).Select(f => new FeatureSpec($"x{f}", ColumnKind.Numeric))]);
        Inference(new TreeScorer(ensemble, schema, new PointsScale(), new CalibrationMap { Method = CalibrationMethod.Platt, A = 1, B = 0 }), testX, features);
    }

    /// <summary>The margin walks side by side on one thread, interleaved three times (rows/s of margins only, no score or pd).</summary>
    private static void Walks(TreeEnsemble ensemble, double[] testX, int features)
    {
        var trees = new CompleteTrees(ensemble.Trees, ensemble.Float32Splits);
        var count = testX.Length / features;
        var margins = new double[64];
        var walks = new (string Name, Action<int> Walk)[]
        {
            ("scalar", first => trees.AddMarginsScalar(testX, features, first, margins)),
            ("avx2", first => trees.AddMarginsVector(testX, features, first, margins)),
            ("avx512", first => trees.AddMarginsVector512(testX, features, first, margins)),
            ("coded", first => trees.AddMarginsCoded(testX, features, first, margins)),
        };
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, walk) in walks)
            {
                var clock = Stopwatch.StartNew();
                for (var first = 0; first + 64 <= count; first += 64)
                {
                    walk(first);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"walk {name,-6} round {round}: {count / clock.Elapsed.TotalSeconds,12:N0} rows/s"));
            }
        }
    }

    /// <summary>A hash of every split and leaf value: equal fingerprints mean bit-identical models (a change that must not alter training shows it).</summary>
    private static string Fingerprint(TreeEnsemble ensemble)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var tree in ensemble.Trees)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tree.Feature.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tree.Threshold.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tree.Value.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tree.DefaultLeft.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static async Task XgboostAsync(double[] x, int[] y, int features, int trainRows, double ours, double ourAuc)
    {
        var dir = Path.Combine(Path.GetTempPath(), "microcredit-gbdt-bench");
        Directory.CreateDirectory(dir);
        var xPath = Path.Combine(dir, "x.f32");
        var yPath = Path.Combine(dir, "y.i32");
        await using (var stream = File.Create(xPath))
        {
            var buffer = new byte[features * 4];
            for (var r = 0; r < y.Length; r++)
            {
                for (var f = 0; f < features; f++)
                {
                    BitConverter.TryWriteBytes(buffer.AsSpan(f * 4), (float)x[(r * features) + f]);
                }

                stream.Write(buffer);
            }
        }

        await File.WriteAllBytesAsync(yPath, [.. y.SelectMany(BitConverter.GetBytes)]);
        var script = Path.Combine(dir, "xgb.py");
        await File.WriteAllTextAsync(script, $$"""
            import time, numpy as np, xgboost as xgb
            from sklearn.metrics import roc_auc_score
            x = np.fromfile("{{xPath}}", dtype=np.float32).reshape(-1, {{features}})
            y = np.fromfile("{{yPath}}", dtype=np.int32)
            n = {{trainRows}}
            t = time.perf_counter()
            dtrain = xgb.QuantileDMatrix(x[:n], label=y[:n], max_bin=256, nthread=2)
            binning = time.perf_counter() - t
            params = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1, "max_bin": 256, "nthread": 2, "lambda": 1.0, "min_child_weight": 1.0}
            t = time.perf_counter()
            booster = xgb.train(params, dtrain, num_boost_round=300)
            training = time.perf_counter() - t
            p = booster.predict(xgb.DMatrix(x[n:], nthread=2))
            print(f"{binning} {training} {roc_auc_score(y[n:], p)} {xgb.__version__}")
            """);
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", script) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"python3-xgboost failed: {error.Trim()}");
            return;
        }

        var parts = output.Trim().Split(' ');
        var training = double.Parse(parts[1], CultureInfo.InvariantCulture);
        var auc = double.Parse(parts[2], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"python3-xgboost {parts[3]} hist: binning (QuantileDMatrix) {double.Parse(parts[0], CultureInfo.InvariantCulture):0.0} s, training {training:0.0} s, held-out AUC {auc:0.0000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio training time microcredit/xgboost {ours / training:0.00} (bar <= 1.5), AUC difference {ourAuc - auc:+0.0000;-0.0000} (bar within 0.002)"));
        File.Delete(xPath);
        File.Delete(yPath);
    }

    private static void Inference(TreeScorer scorer, double[] testX, int features)
    {
        var count = testX.Length / features;
        Span<Reason> reasons = stackalloc Reason[ModelScorer.MaxReasons];
        double sink = 0;
        for (var r = 0; r < 10_000; r++)
        {
            sink += scorer.Pd(scorer.Score(testX.AsSpan((r % count) * features, features)));
        }

        const int single = 200_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var r = 0; r < single; r++)
        {
            sink += scorer.Pd(scorer.Score(testX.AsSpan((r % count) * features, features)));
        }

        var perRow = clock.Elapsed.TotalMicroseconds / single;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        sink += scorer.Explain(testX.AsSpan(0, features), reasons);
        before = GC.GetAllocatedBytesForCurrentThread();
        clock.Restart();
        const int explained = 2_000;
        for (var r = 0; r < explained; r++)
        {
            sink += scorer.Explain(testX.AsSpan((r % count) * features, features), reasons);
        }

        var explainPerRow = clock.Elapsed.TotalMicroseconds / explained;
        var explainAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\ninference, {scorer.Ensemble.Trees.Count} trees: one row score+pd {perRow:0.00} µs, {allocated} bytes allocated over {single:N0} rows; TreeSHAP reasons {explainPerRow:0} µs/row, {explainAllocated} bytes"));
        var scores = new double[count];
        var pds = new double[count];
        foreach (var threads in new[] { 1, 2 })
        {
            scorer.ScoreBatch(testX, scores, pds, threads);
            clock.Restart();
            const int repeats = 3;
            for (var k = 0; k < repeats; k++)
            {
                scorer.ScoreBatch(testX, scores, pds, threads);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch score+pd, {threads} thread(s): {count * repeats / clock.Elapsed.TotalSeconds:N0} rows/s"));
        }

        GC.KeepAlive(sink);
    }

    /// <summary>Standard-normal features; label ~ Bernoulli(σ(nonlinear f(x))) from the seed.</summary>
    private static (double[] X, int[] Y) Synthetic(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var x = new double[rows * features];
        var y = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * features, features);
            for (var f = 0; f < features; f++)
            {
                row[f] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }

            var logit = row[0] - (0.8 * row[1]) + (row[2] * row[3]) + (1.5 * Math.Sin(2 * row[4])) - Math.Abs(row[5]) + (0.5 * row[6] * row[6]) - (0.7 * (row[7] > 0.5 ? 1 : 0)) - 0.5;
            y[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        }

        return (x, y);
    }
}
