namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Gradient boosting of regression trees on the logistic loss (XGBoost's "hist" method): start
/// from the log-odds of the event rate, then per round compute g = p − y and h = p(1 − p), grow a
/// tree on a seeded sample of rows and features and add its shrunk leaves to the margins. With
/// early stopping a seeded, stratified share of the rows is held out and the ensemble is cut at
/// the round of least held-out log loss. The same data, options and seed give the same trees on
/// any number of threads.
/// </summary>
public static class GbdtTrainer
{
    /// <summary>
    /// Trains on row-major <paramref name="rows"/> (rows × <paramref name="features"/>, NaN
    /// missing); <paramref name="monotone"/> holds per feature +1, −1 or 0 (none), null for none.
    /// </summary>
    public static TreeEnsemble Train(double[] rows, int features, int[] labels, GbdtOptions options, int seed, int[]? monotone = null)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(rows.Length, labels.Length * features);
        var binned = BinnedMatrix.Create(rows, features, options.MaxBins, options.Threads);
        return Train(binned, labels, options, seed, monotone);
    }

    /// <summary>Trains on rows already binned (the benchmark times this part alone).</summary>
    public static TreeEnsemble Train(BinnedMatrix binned, int[] labels, GbdtOptions options, int seed, int[]? monotone = null)
    {
        var features = binned.Features;
        monotone ??= new int[features];
        var random = new Random(seed);
        var n = binned.Rows;
        var isValidation = new bool[n];
        if (options.EarlyStoppingRounds > 0)
        {
            HoldOut(labels, options.EarlyStoppingShare, random, isValidation);
        }

        var trainRows = Enumerable.Range(0, n).Where(r => !isValidation[r]).ToArray();
        var validRows = Enumerable.Range(0, n).Where(r => isValidation[r]).ToArray();
        var events = trainRows.Sum(r => (long)labels[r]);
        var rate = Math.Clamp((double)events / Math.Max(trainRows.Length, 1), 1e-6, 1 - 1e-6);
        var baseMargin = Math.Log(rate / (1 - rate));
        var margin = new double[n];
        Array.Fill(margin, baseMargin);
        var grad = new double[n];
        var hess = new double[n];
        var grower = new TreeGrower(binned, options, monotone);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        var trees = new List<RegressionTree>();
        var losses = new List<double>();
        var bestLoss = double.PositiveInfinity;
        var bestRound = 0;
        var allowed = new bool[features];
        var sample = new List<int>(trainRows.Length);
        var walk = new bool[n];
        int[] rowBuffer = [];
        for (var round = 0; round < options.Trees; round++)
        {
            Parallel.For(0, (n + 65_535) / 65_536, parallel, c =>
            {
                for (int r = c * 65_536, end = Math.Min(n, (c + 1) * 65_536); r < end; r++)
                {
                    var p = 1 / (1 + Math.Exp(-margin[r]));
                    grad[r] = p - labels[r];
                    hess[r] = Math.Max(p * (1 - p), 1e-16);
                }
            });

            sample.Clear();
            if (options.Subsample < 1)
            {
                foreach (var r in trainRows)
                {
                    if (random.NextDouble() < options.Subsample)
                    {
                        sample.Add(r);
                    }
                }
            }
            else
            {
                sample.AddRange(trainRows);
            }

            ChooseColumns(allowed, options.ColumnSample, random);
            // The row buffer is reused while the sample keeps its size (always, without subsampling).
            if (rowBuffer.Length != sample.Count)
            {
                rowBuffer = new int[sample.Count];
            }

            sample.CopyTo(rowBuffer);
            var grown = grower.Grow(rowBuffer, grad, hess, allowed);
            var tree = grown.ToTree();
            trees.Add(tree);

            // The grown rows sit in their leaves' ranges of the row buffer (disjoint, so the leaves
            // can be done in parallel: each row gets its one add); only the others walk the tree.
            Array.Fill(walk, true);
            var leaves = Enumerable.Range(0, tree.NodeCount).Where(node => tree.Feature[node] < 0).ToArray();
            Parallel.For(0, leaves.Length, parallel, k =>
            {
                var node = leaves[k];
                var value = tree.Value[node];
                for (var i = grown.Begin[node]; i < grown.End[node]; i++)
                {
                    margin[rowBuffer[i]] += value;
                    walk[rowBuffer[i]] = false;
                }
            });

            var bins = grown.Bin.ToArray();
            Parallel.For(0, (n + 65_535) / 65_536, parallel, c =>
            {
                for (int r = c * 65_536, end = Math.Min(n, (c + 1) * 65_536); r < end; r++)
                {
                    if (walk[r])
                    {
                        margin[r] += tree.Value[LeafOf(tree, bins, binned.Codes.AsSpan(r * features, features))];
                    }
                }
            });

            if (validRows.Length > 0)
            {
                var loss = LogLoss(margin, labels, validRows);
                losses.Add(loss);
                if (loss < bestLoss)
                {
                    bestLoss = loss;
                    bestRound = round;
                }
                else if (round - bestRound >= options.EarlyStoppingRounds)
                {
                    break;
                }
            }
        }

        if (validRows.Length > 0)
        {
            trees.RemoveRange(bestRound + 1, trees.Count - bestRound - 1);
        }

        return new TreeEnsemble { BaseMargin = baseMargin, Options = options, EarlyStoppingLoss = losses, Trees = trees };
    }

    private static int LeafOf(RegressionTree tree, int[] bins, ReadOnlySpan<byte> codes)
    {
        var node = 0;
        var feature = tree.Feature;
        while (feature[node] >= 0)
        {
            var code = codes[feature[node]];
            node = (code == BinnedMatrix.MissingBin ? tree.DefaultLeft[node] : code <= bins[node]) ? tree.Left[node] : tree.Right[node];
        }

        return node;
    }

    /// <summary>Marks a seeded share of the events and of the non-events as validation rows.</summary>
    private static void HoldOut(int[] labels, double share, Random random, bool[] isValidation)
    {
        foreach (var label in new[] { 0, 1 })
        {
            var rows = Enumerable.Range(0, labels.Length).Where(r => labels[r] == label).ToArray();
            random.Shuffle(rows);
            foreach (var r in rows.Take((int)Math.Round(rows.Length * share)))
            {
                isValidation[r] = true;
            }
        }
    }

    private static void ChooseColumns(bool[] allowed, double share, Random random)
    {
        if (share >= 1)
        {
            Array.Fill(allowed, true);
            return;
        }

        var order = Enumerable.Range(0, allowed.Length).ToArray();
        random.Shuffle(order);
        Array.Fill(allowed, false);
        foreach (var f in order.Take(Math.Max(1, (int)Math.Round(allowed.Length * share))))
        {
            allowed[f] = true;
        }
    }

    private static double LogLoss(double[] margin, int[] labels, int[] rows)
    {
        double sum = 0;
        foreach (var r in rows)
        {
            // log(1 + e^m) − y·m, computed without overflow.
            var m = margin[r];
            sum += (m > 0 ? m + double.LogP1(Math.Exp(-m)) : double.LogP1(Math.Exp(m))) - (labels[r] * m);
        }

        return sum / rows.Length;
    }
}
