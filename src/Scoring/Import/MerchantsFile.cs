namespace Microcredit.Scoring.Import;

/// <summary><c>merchants.csv</c>: category, region and KYC may change between exports; registration may not.</summary>
internal sealed class MerchantsFile : InputFile
{
    public override string Name => "merchants";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("merchant_id", ColumnKind.Id),
        new("registered_at", ColumnKind.Timestamp),
        new("category", ColumnKind.Text),
        new("region", ColumnKind.Text),
        new("kyc_verified", ColumnKind.Boolean),
    ];

    public override IReadOnlyList<string> Key { get; } = ["merchant_id"];

    public override IReadOnlyList<string> Updatable { get; } = ["category", "region", "kyc_verified"];

    public override void Remember(RowBuffer row, KnownEntities known) =>
        known.Merchants.TryAdd(row.Text[0]!, row.Number[1]);
}
