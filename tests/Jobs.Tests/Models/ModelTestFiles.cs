using System.Globalization;

namespace Microcredit.Jobs.Tests.Models;

/// <summary>Synthetic data, a scored CSV reader and hand-rolled metrics, independent of the code under test.</summary>
internal static class ModelTestFiles
{
    /// <summary>
    /// 400 rows: x drives the risk, noise does not; customer_id is an identifier, fold a given
    /// split. <paramref name="shift"/> moves x up (x in [shift, 40)), which shifts the score.
    /// </summary>
    public static string Synthetic(int shift = 0)
    {
        var lines = new List<string> { "customer_id,x,noise,month,fold,bad" };
        for (var i = 0; i < 400; i++)
        {
            var x = shift + (i % (40 - shift));
            var u = (i * 0.6180339887498949) % 1.0;
            var bad = u < 0.05 + (x / 50.0) ? 1 : 0;
            lines.Add($"{1000 + i},{x},{(i * 7) % 13},2025-{1 + (i % 12):D2},{i % 4},{bad}");
        }

        return string.Join("\n", lines) + "\n";
    }

    /// <summary>The rows of a CSV without quoted commas (what credit score writes for these models) as name → text.</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>AUC as the share of (bad, good) pairs where the bad scores lower, ties half: O(n²) by definition.</summary>
    public static double MannWhitney(IReadOnlyList<double> scores, IReadOnlyList<int> bad)
    {
        double pairs = 0, wins = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            for (var j = 0; j < scores.Count; j++)
            {
                if (bad[i] == 1 && bad[j] == 0)
                {
                    pairs++;
                    wins += scores[i] < scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }

    /// <summary>KS by definition: the largest gap between the shares of bads and of goods scoring at or below a score that occurs.</summary>
    public static double Ks(IReadOnlyList<double> scores, IReadOnlyList<int> bad)
    {
        double bads = bad.Sum(), goods = bad.Count - bads, best = 0;
        foreach (var s in scores.Distinct())
        {
            var b = Enumerable.Range(0, scores.Count).Count(i => bad[i] == 1 && scores[i] <= s) / bads;
            var g = Enumerable.Range(0, scores.Count).Count(i => bad[i] == 0 && scores[i] <= s) / goods;
            best = Math.Max(best, Math.Abs(b - g));
        }

        return best;
    }
}
