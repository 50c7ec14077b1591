namespace Microcredit.Scoring.Models.Binning;

/// <summary>Weight of evidence and information value from bin counts.</summary>
public static class WeightOfEvidence
{
    /// <summary>
    /// ln((good/G) / (bad/B)) for a bin with <paramref name="good"/> non-events and <paramref name="bad"/>
    /// events out of G and B: 0 for an empty bin; 0.5 is added to both counts when one is zero, so
    /// the WoE stays finite.
    /// </summary>
    public static double Woe(double good, double bad, double totalGood, double totalBad)
    {
        if (good + bad == 0)
        {
            return 0;
        }

        if (good == 0 || bad == 0)
        {
            good += 0.5;
            bad += 0.5;
        }

        return Math.Log((good / totalGood) / (bad / totalBad));
    }

    /// <summary>The IV term of a bin: (good/G − bad/B)·WoE.</summary>
    public static double IvTerm(double good, double bad, double totalGood, double totalBad) =>
        ((good / totalGood) - (bad / totalBad)) * Woe(good, bad, totalGood, totalBad);

    /// <summary>Fills WoE and IV of <paramref name="bins"/> (whose Count and Events are set) given the totals.</summary>
    public static IReadOnlyList<Bin> Apply(IEnumerable<Bin> bins, int totalRows, int totalEvents, out double iv)
    {
        double totalGood = totalRows - totalEvents, totalBad = totalEvents;
        var result = new List<Bin>();
        iv = 0;
        foreach (var bin in bins)
        {
            double good = bin.Count - bin.Events, bad = bin.Events;
            var term = IvTerm(good, bad, totalGood, totalBad);
            iv += term;
            result.Add(bin with { Woe = Woe(good, bad, totalGood, totalBad), Iv = term });
        }

        return result;
    }
}
