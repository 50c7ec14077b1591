using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Tests.Storage;

public class DatabaseSettingTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=u;Database=d", DatabaseEngine.Postgres)]
    [InlineData("Server=db.internal;Database=d", DatabaseEngine.Postgres)]
    [InlineData("Data Source=/tmp/microcredit-setting-test.db", DatabaseEngine.Sqlite)]
    [InlineData("/tmp/microcredit-setting-test.db", DatabaseEngine.Sqlite)]
    public void FromSetting_ChoosesEngineByConnectionString(string setting, DatabaseEngine expected)
    {
        using var database = Database.FromSetting(setting);
        Assert.Equal(expected, database.Engine);
    }

    [Fact]
    public void Describe_HidesThePassword()
    {
        using var database = Database.FromSetting("Host=h;Username=u;Password=s3cret;Database=d");
        Assert.DoesNotContain("s3cret", database.Describe(), StringComparison.Ordinal);
    }
}
