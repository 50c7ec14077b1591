using System.Security.Cryptography;
using System.Text;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Scoring.Settlement;

/// <summary>
/// Trains the settlement model with the model engine: target <c>not_settled</c>, validated out of
/// time on the latest 20 % of orders by shipped_at. HOURS_SINCE_SHIPPED is left out of training:
/// in a set taken at a fixed delay after shipping it is the same on every row.
/// </summary>
public static class SettlementTraining
{
    /// <summary>Features computed for every order but not offered to the trainer, and why (see the class remarks).</summary>
    public static IReadOnlyList<string> Ignored { get; } = ["HOURS_SINCE_SHIPPED"];

    /// <summary>The training options for a family and seed.</summary>
    public static TrainingOptions Options(string trainer, int seed) => new()
    {
        Target = SettlementTrainingSet.TargetColumn,
        Trainer = trainer,
        TimeColumn = SettlementTrainingSet.TimeColumn,
        Seed = seed,
        Ignore = Ignored,
        Gbdt = trainer == Models.Artifacts.ModelArtifact.GbdtFamily ? new Models.Trees.GbdtOptions() : null,
    };

    /// <summary>
    /// Trains on <paramref name="set"/>. The artifact records <paramref name="source"/> as its data
    /// file and the SHA-256 of the set's CSV (what <c>credit settlement dataset</c> writes).
    /// </summary>
    public static TrainingResult Train(SettlementTrainingSet set, string source, string trainer, int seed, IProgress<TrainingStep>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        return ModelTrainer.Train(set.ToTabular(source), Sha256OfCsv(set), Options(trainer, seed), progress);
    }

    /// <summary>The lowercase hex SHA-256 of the set's CSV bytes.</summary>
    public static string Sha256OfCsv(SettlementTrainingSet set)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var writer = new StreamWriter(new HashingStream(hash), new UTF8Encoding(false), 1 << 16))
        {
            SettlementCsv.Write(writer, set);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A write-only stream that feeds a hash.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);
    }
}
