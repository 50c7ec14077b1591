using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Tests.Models.Trees;

public class BinnedMatrixTests
{
    [Fact]
    public void A_feature_without_missing_values_gets_all_256_bins_and_one_with_them_255_plus_the_missing_bin()
    {
        // Feature 0: 0..1023, none missing; feature 1: the same with every 8th row missing.
        const int rows = 1024;
        var values = new double[rows * 2];
        for (var r = 0; r < rows; r++)
        {
            values[r * 2] = r;
            values[(r * 2) + 1] = r % 8 == 0 ? double.NaN : r;
        }

        var binned = BinnedMatrix.Create(values, 2, maxBins: 256, threads: 1);

        Assert.Equal([false, true], binned.HasMissing);

        // 1,024 distinct values in 256 bins: a cut every 4 values (cut k at value 4k), so value r is in bin r / 4.
        Assert.Equal(255, binned.Cuts[0].Length);
        Assert.Equal(Enumerable.Range(1, 255).Select(k => 4.0 * k), binned.Cuts[0]);
        Assert.Equal(255, binned.Codes[(1023 * 2) + 0]);
        Assert.Equal(100 / 4, binned.Codes[(100 * 2) + 0]);

        // 896 present values in 255 value bins; the missing rows get code 255, no present value does.
        Assert.True(binned.Cuts[1].Length <= 254);
        Assert.Equal(BinnedMatrix.MissingBin, binned.Codes[(8 * 2) + 1]);
        Assert.All(Enumerable.Range(0, rows).Where(r => r % 8 != 0), r => Assert.True(binned.Codes[(r * 2) + 1] < BinnedMatrix.MissingBin));
    }
}
