using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Tests.Features;

namespace Microcredit.Scoring.Tests.Settlement;

public class SettlementLabelTests
{
    private static readonly long AsOf = HistoryRows.Ms("2025-07-01T00:00:00Z");

    private static long? T(string? iso) => iso is null ? null : HistoryRows.Ms(iso);

    [Theory]
    [InlineData("2025-06-10T00:00:00Z", null, null, SettlementOutcome.Settled)]
    [InlineData(null, "2025-06-10T00:00:00Z", null, SettlementOutcome.NotSettled)]
    // A dispute opened before the order settled: not a clean settlement.
    [InlineData("2025-06-10T00:00:00Z", null, "2025-06-05T00:00:00Z", SettlementOutcome.NotSettled)]
    // A dispute after the money was released does not count.
    [InlineData("2025-06-10T00:00:00Z", null, "2025-06-12T00:00:00Z", SettlementOutcome.Settled)]
    // Disputed before as-of, still open: known not to settle cleanly.
    [InlineData(null, null, "2025-06-30T00:00:00Z", SettlementOutcome.NotSettled)]
    // Settled exactly at as-of: not known yet.
    [InlineData("2025-07-01T00:00:00Z", null, null, SettlementOutcome.Unknown)]
    // Refunded after as-of: not known yet.
    [InlineData(null, "2025-07-02T00:00:00Z", null, SettlementOutcome.Unknown)]
    [InlineData(null, null, null, SettlementOutcome.Unknown)]
    public void Of_LabelsByWhatHappenedBeforeAsOf(string? settled, string? refunded, string? disputed, SettlementOutcome expected)
    {
        var order = new OrderRecord("o", "b", 1_000, HistoryRows.Ms("2025-06-01T00:00:00Z"), HistoryRows.Ms("2025-06-02T00:00:00Z"), T(settled), T(refunded), T(disputed));

        Assert.Equal(expected, SettlementLabel.Of(order, AsOf));
    }
}
