using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Tests.Models.Data;

public class CsvTabularReaderTests
{
    private static TabularData Read(string csv, CsvReadOptions? options = null) => CsvTabularReader.Read(new StringReader(csv), "t.csv", options);

    [Fact]
    public void Read_InfersNumbersAndText_AndTreatsEmptyAndNaAsMissing()
    {
        var data = Read("a,b,c\n1.5,x,\n,y,2\nNA,NA,3\n");

        Assert.Equal(ColumnKind.Numeric, data["a"].Kind);
        Assert.Equal(ColumnKind.Categorical, data["b"].Kind);
        Assert.Equal(ColumnKind.Numeric, data["c"].Kind);
        Assert.Equal(1.5, data["a"].NumberValues[0]);
        Assert.True(double.IsNaN(data["a"].NumberValues[1]) && double.IsNaN(data["a"].NumberValues[2]));
        Assert.Equal("x|y|(null)", string.Join("|", data["b"].LabelValues.Select(v => v ?? "(null)")));
        Assert.True(double.IsNaN(data["c"].NumberValues[0]));
    }

    [Fact]
    public void Read_DeclaredCategorical_KeepsIntegerCodesAsLabels()
    {
        var data = Read("sex,x\n1,3\n2,4\n", new CsvReadOptions { Categorical = new HashSet<string> { "sex" } });

        Assert.Equal(ColumnKind.Categorical, data["sex"].Kind);
        Assert.Equal("1", data["sex"].LabelValues[0]);
        Assert.Equal("2", data["sex"].LabelValues[1]);
    }

    [Fact]
    public void Read_QuotedFieldsOverSeveralLines_KeepLineNumbers()
    {
        var data = Read("a,b\n\"x, y\",1\n\"multi\nline\",2\nz,3\n");

        Assert.Equal("x, y|multi\nline|z", string.Join("|", data["a"].LabelValues));
        Assert.Equal([2, 3, 5], data.Lines);
    }

    [Fact]
    public void Read_TextInAMostlyNumericColumn_NamesFileLineAndColumn()
    {
        var csv = "id,income\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"{i},{i * 100}\n")) + "41,12k\n";

        var error = Assert.Throws<ModelDataException>(() => Read(csv));

        Assert.Contains("t.csv: line 42, column 'income': '12k' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextInAColumnTheModelReadsAsNumeric_IsAnError()
    {
        var options = new CsvReadOptions { Kinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric } };

        var error = Assert.Throws<ModelDataException>(() => Read("x\nabc\ndef\n", options));

        Assert.Contains("line 2, column 'x': 'abc' is not a number (the model reads it as numeric)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RowWithTooFewFields_NamesTheLine()
    {
        var error = Assert.Throws<ModelDataException>(() => Read("a,b\n1,2\n3\n"));

        Assert.Contains("t.csv: line 3 has 1 fields, the header 2", error.Message, StringComparison.Ordinal);
    }
}
