using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Settlement;

/// <summary>One order of a settlement training set: which, when its features were taken, its label.</summary>
public sealed record SettlementExample(string OrderId, string MerchantId, long ShippedAt, long EvaluatedAt, bool NotSettled);

/// <summary>
/// Orders shipped in [from, to) whose outcome is known at as-of, with their features at
/// shipped_at + <see cref="EvaluationDelay"/> and the label <c>not_settled</c> (1 = refunded or
/// disputed before settling). An order already closed or disputed at that instant is left out
/// (it could not have been pledged). Above the cap, a seeded hash of the order id picks the
/// orders (the cap smallest hashes), so the set does not depend on the order merchants come in.
/// Rows ordered by shipped_at, then order id (ordinal).
/// </summary>
public sealed partial class SettlementTrainingSet
{
    /// <summary>The label column: 1 when the order did not settle cleanly.</summary>
    public const string TargetColumn = "not_settled";

    /// <summary>The time column (Unix ms of shipped_at) out-of-time validation sorts by.</summary>
    public const string TimeColumn = "shipped_at";

    /// <summary>Default cap on the number of training orders.</summary>
    public const int DefaultCap = 200_000;

    /// <summary>
    /// Features are taken one hour after shipping: the earliest an order would be pledged, and
    /// late enough that the shipping itself is in the past.
    /// </summary>
    public static readonly TimeSpan EvaluationDelay = TimeSpan.FromHours(1);

    private readonly double[] values;
    private readonly string[] categories;

    private SettlementTrainingSet(SettlementExample[] examples, double[] values, string[] categories, SettlementSetCounts counts)
    {
        Examples = examples;
        this.values = values;
        this.categories = categories;
        Counts = counts;
    }

    public IReadOnlyList<SettlementExample> Examples { get; }

    /// <summary>What was considered and what was left out.</summary>
    public SettlementSetCounts Counts { get; }

    /// <summary>The features of example <paramref name="row"/>, in catalog order (the CATEGORY slot is NaN; see <see cref="Category"/>).</summary>
    public ReadOnlySpan<double> Features(int row) => values.AsSpan(row * SettlementCatalog.Count, SettlementCatalog.Count);

    /// <summary>The merchant category of example <paramref name="row"/>.</summary>
    public string Category(int row) => categories[row];

    /// <summary>
    /// The table the model engine trains on: every catalog feature (CATEGORY categorical), the
    /// time column and the target; no identifiers.
    /// </summary>
    public TabularData ToTabular(string source)
    {
        var n = Examples.Count;
        var columns = new List<TabularColumn>();
        foreach (var f in SettlementCatalog.All)
        {
            if (f.Kind == SettlementFeatureKind.Category)
            {
                columns.Add(TabularColumn.Categorical(f.Name, [.. categories]));
                continue;
            }

            var column = new double[n];
            for (var r = 0; r < n; r++)
            {
                column[r] = values[(r * SettlementCatalog.Count) + (int)f.Id];
            }

            columns.Add(TabularColumn.Numeric(f.Name, column));
        }

        columns.Add(TabularColumn.Numeric(TimeColumn, [.. Examples.Select(e => (double)e.ShippedAt)]));
        columns.Add(TabularColumn.Numeric(TargetColumn, [.. Examples.Select(e => e.NotSettled ? 1.0 : 0.0)]));
        return new TabularData(source, columns, [.. Enumerable.Range(2, n)]);
    }

    /// <summary>Builds the set from merchants visited in any order.</summary>
    public static SettlementTrainingSet Build(IEnumerable<MerchantOrders> merchants, DateOnly from, DateOnly to, DateOnly asOf, int cap = DefaultCap, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(merchants);
        var builder = new Builder(from, to, asOf, cap, seed);
        foreach (var m in merchants)
        {
            builder.Add(m);
        }

        return builder.Build();
    }

    /// <summary>A 64-bit hash of the order id under the seed (FNV-1a, then a SplitMix64 finalizer): stable across runs and platforms.</summary>
    internal static ulong SampleHash(string orderId, int seed)
    {
        var h = 14_695_981_039_346_656_037UL ^ (ulong)(uint)seed;
        foreach (var c in orderId)
        {
            h = (h ^ c) * 1_099_511_628_211UL;
        }

        h += 0x9E37_79B9_7F4A_7C15UL;
        h = (h ^ (h >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return h ^ (h >> 31);
    }

    private sealed class Builder(DateOnly from, DateOnly to, DateOnly asOf, int cap, int seed)
    {
        private readonly long fromMs = DbTime.StartOf(from);
        private readonly long toMs = DbTime.StartOf(to);
        private readonly long asOfMs = DbTime.StartOf(asOf);
        private readonly long delay = (long)EvaluationDelay.TotalMilliseconds;
        private readonly List<Entry> kept = [];
        private ulong threshold = ulong.MaxValue;
        private int shippedInRange;
        private int closedBeforeEvaluation;
        private int unknownOutcome;
        private int candidates;

        public void Add(MerchantOrders merchant)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
            for (var i = 0; i < merchant.Count; i++)
            {
                var o = merchant[i];
                if (o.ShippedAt is not { } ship || ship < fromMs || ship >= toMs)
                {
                    continue;
                }

                shippedInRange++;
                var at = ship + delay;
                if (!o.IsPendingAt(at))
                {
                    closedBeforeEvaluation++;
                    continue;
                }

                var outcome = at < asOfMs ? SettlementLabel.Of(o, asOfMs) : SettlementOutcome.Unknown;
                if (outcome == SettlementOutcome.Unknown)
                {
                    unknownOutcome++;
                    continue;
                }

                candidates++;
                var hash = SampleHash(o.OrderId, seed);
                if (hash > threshold)
                {
                    continue;
                }

                var row = new double[SettlementCatalog.Count];
                merchant.ComputeFeatures(i, at, row);
                kept.Add(new Entry(hash, new SettlementExample(o.OrderId, merchant.Merchant.MerchantId, ship, at, outcome == SettlementOutcome.NotSettled), row, merchant.Merchant.Category));
                if (kept.Count >= 2 * cap)
                {
                    Prune();
                }
            }
        }

        public SettlementTrainingSet Build()
        {
            Prune();
            kept.Sort((a, b) =>
            {
                var c = a.Example.ShippedAt.CompareTo(b.Example.ShippedAt);
                return c != 0 ? c : string.CompareOrdinal(a.Example.OrderId, b.Example.OrderId);
            });
            var values = new double[kept.Count * SettlementCatalog.Count];
            for (var r = 0; r < kept.Count; r++)
            {
                kept[r].Row.CopyTo(values, r * SettlementCatalog.Count);
            }

            return new SettlementTrainingSet(
                [.. kept.Select(e => e.Example)],
                values,
                [.. kept.Select(e => e.Category)],
                new SettlementSetCounts(shippedInRange, closedBeforeEvaluation, unknownOutcome, candidates, kept.Count));
        }

        /// <summary>Keeps the <c>cap</c> smallest (hash, order id) seen so far; nothing above the largest kept hash can enter later.</summary>
        private void Prune()
        {
            if (kept.Count <= cap)
            {
                return;
            }

            kept.Sort((a, b) =>
            {
                var c = a.Hash.CompareTo(b.Hash);
                return c != 0 ? c : string.CompareOrdinal(a.Example.OrderId, b.Example.OrderId);
            });
            kept.RemoveRange(cap, kept.Count - cap);
            threshold = kept[^1].Hash;
        }
    }

    private sealed record Entry(ulong Hash, SettlementExample Example, double[] Row, string Category);
}

/// <summary>
/// The orders a training set considered: shipped in the range, of which closed or disputed within
/// the evaluation delay, of which with no known outcome at as-of, the rest (candidates), and how
/// many of those were kept (all, or the sample under the cap).
/// </summary>
public sealed record SettlementSetCounts(int ShippedInRange, int ClosedBeforeEvaluation, int UnknownOutcome, int Candidates, int Kept);
